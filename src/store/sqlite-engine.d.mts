// Types of the plain-JavaScript SQLite engine (sqlite-engine.mjs).
import type { Database, Statement } from 'better-sqlite3';
import type { WriteStep, PlanResult, ExecResult } from './plan.ts';

/** Default page cache of each connection, KiB. */
export const DEFAULT_PAGE_CACHE_KIB: number;

/** Opens a connection with the store's pragmas: the writer (WAL, synchronous=FULL) or a query-only reader; `pageCacheKib` bounds its page cache (default 512, at least 64). */
export function openSqlite(path: string, role: 'writer' | 'reader', pageCacheKib?: number): Database;

/** A connection with prepared statements reused by SQL text. */
export class SqliteEngine {
  constructor(db: Database);
  readonly db: Database;
  prepare(sql: string): Statement;
  exec(sql: string, params: readonly unknown[]): ExecResult;
  plan(steps: readonly WriteStep[]): PlanResult;
  close(): void;
}
