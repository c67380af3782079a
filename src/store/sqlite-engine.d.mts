// Types of the plain-JavaScript SQLite engine (sqlite-engine.mjs).
import type { Database, Statement } from 'better-sqlite3';
import type { WriteStep, PlanResult, ExecResult } from './plan.ts';

/** Opens a connection with the store's pragmas: the writer (WAL, synchronous=FULL) or a query-only reader. */
export function openSqlite(path: string, role: 'writer' | 'reader'): Database;

/** A connection with prepared statements reused by SQL text. */
export class SqliteEngine {
  constructor(db: Database);
  readonly db: Database;
  prepare(sql: string): Statement;
  exec(sql: string, params: readonly unknown[]): ExecResult;
  plan(steps: readonly WriteStep[]): PlanResult;
  close(): void;
}
