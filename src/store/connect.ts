// Opens the store: SQLite (embedded default, WAL with synchronous=FULL, writes on their own thread) or PostgreSQL, migrated to the latest version.
import { StoreSetupError } from '../runtime/errors.ts';
import { mkdirSync } from 'node:fs';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { storeMigrator } from './migrations/index.ts';
import { runPostgresPlan, toPostgresSql, type PlanResult, type WriteStep } from './plan.ts';
import type { Database } from './schema.ts';
import { WriterDriver, WriterSqliteDialect } from './sqlite-dialect.ts';
import { SqliteEngine, openSqlite } from './sqlite-engine.ts';
import { InlineSqliteWriter, ThreadSqliteWriter } from './sqlite-writer.ts';

import type { StoreDialect } from './dialect.ts';

export type { StoreDialect } from './dialect.ts';

/** Where the store lives: `sqlite:<path>` (or `:memory:`), or a `postgres://` URL. */
export interface StoreOptions {
  url: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /**
   * SQLite file databases: run the write connection on a worker thread, so that waiting for the disk at
   * each commit does not stall the event loop. Default true (`:memory:` always runs inline).
   */
  writerThread?: boolean;
  /**
   * SQLite: page cache of each connection (writer and reader), KiB. Default 512: the operating system
   * caches the file too, and a larger cache mostly grows the process with the work it has done.
   */
  sqlitePageCacheKib?: number;
  /**
   * Told of an error on an idle PostgreSQL connection (the server restarted, a failover, a proxy dropped it):
   * the pool drops that connection and opens a new one when needed. Default: ignored. Without a listener
   * node-postgres would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
}

/** An open, migrated store. */
export interface Store {
  /** Typed queries and interactive transactions (on SQLite, through the one write connection). */
  db: Kysely<Database>;
  dialect: StoreDialect;
  /**
   * Reads committed data with one statement (`?` placeholders). On a SQLite file it runs on a second,
   * query-only connection beside the writer. Never call it inside a transaction of `db`.
   */
  read<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** Runs a write plan as one transaction; a failed guard rolls it all back and is named in the answer. */
  plan(steps: readonly WriteStep[]): Promise<PlanResult>;
  /** The SQLite writer thread's busy share, when the store has one (benchmarks and metrics). */
  writerUtilization?(since?: EventLoopUtilization): EventLoopUtilization;
  /**
   * Write plans run since the store opened, committed or rolled back by a guard. Each is a transaction
   * of its own on PostgreSQL and on an inline SQLite writer; the SQLite writer thread commits plans
   * that wait together as one group (see `writeCommits`).
   */
  writePlans(): number;
  /** Durable commits (fsyncs of the WAL) the SQLite writer thread made for write plans, when the store has one. */
  writeCommits?(): number;
  /** Resolves when the database answers a trivial query (readiness probes); rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Opens and migrates a store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: StoreDialect;
  let read: Store['read'];
  let plan: Store['plan'];
  let closeReader = () => {};
  let writerUtilization: Store['writerUtilization'];
  let writeCommits: Store['writeCommits'];
  if (options.url.startsWith('postgres://') || options.url.startsWith('postgresql://')) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    read = async <T>(sql: string, params: readonly unknown[]) => (await pool.query(toPostgresSql(sql), params as unknown[])).rows as T[];
    plan = (steps) => runPostgresPlan(pool, steps);
  } else {
    dialect = 'sqlite';
    const path = options.url.replace(/^sqlite:/, '');
    const inline = path === ':memory:' || options.writerThread === false;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const thread = inline ? undefined : await ThreadSqliteWriter.open(path, options.sqlitePageCacheKib);
    if (thread) {
      writerUtilization = (since) => thread.utilization(since);
      writeCommits = () => thread.commits();
    }
    const driver = new WriterDriver(thread ?? new InlineSqliteWriter(path, options.sqlitePageCacheKib));
    db = new Kysely<Database>({ dialect: new WriterSqliteDialect(driver) });
    plan = (steps: readonly WriteStep[]): Promise<PlanResult> => driver.plan(steps);
    if (inline) {
      read = async <T>(sql: string, params: readonly unknown[]) => (await driver.exec(sql, params)) as T[];
    } else {
      // Opened after the writer set WAL mode; reads see every committed write, never a half-written one.
      let reader: SqliteEngine | undefined;
      read = async <T>(sql: string, params: readonly unknown[]) => {
        reader ??= new SqliteEngine(openSqlite(path, 'reader', options.sqlitePageCacheKib));
        return reader.exec(sql, params).rows as T[];
      };
      closeReader = () => reader?.close();
    }
  }
  let writePlans = 0;
  const runPlan = plan;
  plan = (steps) => {
    writePlans++;
    return runPlan(steps);
  };
  const migrator = await storeMigrator(db, dialect);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new StoreSetupError(
      `store migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    db,
    dialect,
    read,
    plan,
    writePlans: () => writePlans,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    ...(writerUtilization ? { writerUtilization } : {}),
    ...(writeCommits ? { writeCommits } : {}),
    close: async () => {
      closeReader();
      await db.destroy();
    },
  };
}
