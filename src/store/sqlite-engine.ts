// The SQLite engine behind the store: one better-sqlite3 connection with a statement cache, single statements and guarded write plans (used in process and by the writer thread).
import { InvariantError } from '../runtime/errors.ts';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { ExecResult, PlanResult, WriteStep } from './plan.ts';

/** Statements kept prepared per connection; the cache is emptied when it grows past this (ad-hoc SQL). */
const STATEMENT_CACHE_SIZE = 2000;

/** Default page cache of each connection, KiB (SQLite's own default is 2 000 KiB). */
export const DEFAULT_PAGE_CACHE_KIB = 512;

/**
 * Opens `path` with the store's pragmas. `role` 'writer' sets WAL and synchronous=FULL (every commit
 * reaches the disk before it returns); 'reader' is a query-only second connection for reads beside
 * the writer (WAL lets it read committed data while the writer commits). `pageCacheKib` bounds the
 * connection's page cache (the operating system caches the file as well).
 */
export function openSqlite(path: string, role: 'writer' | 'reader', pageCacheKib: number = DEFAULT_PAGE_CACHE_KIB): Database {
  const db = new BetterSqlite3(path);
  if (role === 'writer') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } else {
    db.pragma('query_only = ON');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${Math.max(64, Math.floor(pageCacheKib))}`);
  return db;
}

/** A connection with prepared statements reused by SQL text. */
export class SqliteEngine {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs one statement. Reads (and writes with RETURNING) give rows; writes give the changed row count.
   */
  exec(sql: string, params: readonly unknown[]): ExecResult {
    const statement = this.prepare(sql);
    if (statement.reader) {
      const rows = statement.all(params as unknown[]);
      return { rows, changes: rows.length, lastInsertRowid: undefined };
    }
    const info = statement.run(params as unknown[]);
    return { rows: [], changes: info.changes, lastInsertRowid: info.lastInsertRowid };
  }

  /**
   * Runs a write plan as one transaction (BEGIN IMMEDIATE … COMMIT). A step with `expectChanges` rolls
   * the whole plan back when it changed another number of rows: the answer names that step's guard.
   */
  plan(steps: readonly WriteStep[]): PlanResult {
    if (this.db.inTransaction) throw new InvariantError('a write plan cannot run inside another transaction');
    this.db.exec('begin immediate');
    const results: PlanResult['results'] = [];
    try {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        const { rows, changes } = this.exec(step.sql, step.params);
        if (step.expectChanges !== undefined && changes !== step.expectChanges) {
          this.db.exec('rollback');
          return { committed: false, guard: step.guard ?? `step ${i}`, failedStep: i, results };
        }
        results.push({ changes, rows });
      }
      this.db.exec('commit');
      return { committed: true, results };
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('rollback');
      throw error;
    }
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}
