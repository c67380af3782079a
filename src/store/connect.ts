// Opens the store: SQLite (embedded default, WAL with synchronous=FULL) or PostgreSQL, migrated to the latest version.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Which database the store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Where the store lives: `sqlite:<path>` (or `:memory:`), or a `postgres://` URL. */
export interface StoreOptions {
  url: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
}

/** An open, migrated store. */
export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  close(): Promise<void>;
}

/** Opens and migrates a store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: StoreDialect;
  if (options.url.startsWith('postgres://') || options.url.startsWith('postgresql://')) {
    dialect = 'postgres';
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 }) }) });
  } else {
    dialect = 'sqlite';
    const path = options.url.replace(/^sqlite:/, '');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new BetterSqlite3(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`store migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, dialect, close: () => db.destroy() };
}
