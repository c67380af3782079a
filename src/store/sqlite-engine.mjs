// The SQLite engine behind the store: one better-sqlite3 connection with a statement cache, single statements and guarded write plans. Plain JavaScript so the writer thread runs it without a TypeScript loader.
import BetterSqlite3 from 'better-sqlite3';

/** Statements kept prepared per connection; the cache is emptied when it grows past this (ad-hoc SQL). */
const STATEMENT_CACHE_SIZE = 2000;

/** Default page cache of each connection, KiB (SQLite's own default is 2 000 KiB). */
export const DEFAULT_PAGE_CACHE_KIB = 512;

/**
 * Opens `path` with the store's pragmas. `role` 'writer' sets WAL and synchronous=FULL (every commit
 * reaches the disk before it returns); 'reader' is a query-only second connection for reads beside
 * the writer (WAL lets it read committed data while the writer commits). `pageCacheKib` bounds the
 * connection's page cache (the operating system caches the file as well).
 * @param {string} path
 * @param {'writer' | 'reader'} role
 * @param {number} [pageCacheKib]
 */
export function openSqlite(path, role, pageCacheKib = DEFAULT_PAGE_CACHE_KIB) {
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
  /** @param {import('better-sqlite3').Database} db */
  constructor(db) {
    this.db = db;
    /** @type {Map<string, import('better-sqlite3').Statement>} */
    this.statements = new Map();
  }

  /** @param {string} sql */
  prepare(sql) {
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
   * @param {string} sql
   * @param {readonly unknown[]} params
   * @returns {{ rows: unknown[]; changes: number; lastInsertRowid: number | bigint | undefined }}
   */
  exec(sql, params) {
    const statement = this.prepare(sql);
    if (statement.reader) {
      const rows = statement.all(params);
      return { rows, changes: rows.length, lastInsertRowid: undefined };
    }
    const info = statement.run(params);
    return { rows: [], changes: info.changes, lastInsertRowid: info.lastInsertRowid };
  }

  /**
   * Runs a write plan as one transaction (BEGIN IMMEDIATE … COMMIT). A step with `expectChanges` rolls
   * the whole plan back when it changed another number of rows: the answer names that step's guard.
   * @param {readonly { sql: string; params: readonly unknown[]; expectChanges?: number; guard?: string }[]} steps
   * @returns {{ committed: boolean; guard?: string; failedStep?: number; results: { changes: number; rows: unknown[] }[] }}
   */
  plan(steps) {
    if (this.db.inTransaction) throw new Error('a write plan cannot run inside another transaction');
    this.db.exec('begin immediate');
    const results = [];
    try {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
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

  close() {
    this.statements.clear();
    this.db.close();
  }
}
