// The SQLite engine behind the store: one better-sqlite3 connection with a statement cache, single statements and guarded write plans (used in process and by the writer thread).
import { InvariantError } from '../runtime/errors.ts';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { ExecResult, PlanResult, WriteStep } from './plan.ts';

/** The outcome of one plan of a group: its result, or the error it raised (nothing of it was written). */
export type GroupedPlanOutcome = { ok: true; value: PlanResult } | { ok: false; error: { name: string; message: string; code?: string } };

/** An error as it is reported for one plan of a group (and across the thread boundary). */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  const e = error as { name?: string; message?: string; code?: string } | undefined;
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error), ...(e?.code !== undefined ? { code: e.code } : {}) };
}

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
    try {
      const result = this.runSteps(steps);
      this.db.exec(result.committed ? 'commit' : 'rollback');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('rollback');
      throw error;
    }
  }

  /**
   * Runs a plan's steps in the open transaction, up to the first failed guard. `committed` false: the
   * caller undoes what ran (ROLLBACK, or ROLLBACK TO the plan's savepoint).
   */
  private runSteps(steps: readonly WriteStep[]): PlanResult {
    const results: PlanResult['results'] = [];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const { rows, changes } = this.exec(step.sql, step.params);
      if (step.expectChanges !== undefined && changes !== step.expectChanges)
        return { committed: false, guard: step.guard ?? `step ${i}`, failedStep: i, results };
      results.push({ changes, rows });
    }
    return { committed: true, results };
  }

  /**
   * Runs several write plans under one durable commit (group commit): BEGIN IMMEDIATE, each plan inside
   * its own savepoint, one COMMIT. Each plan stays all or nothing on its own: a failed guard or an error
   * rolls back to its savepoint and leaves the others alone. Nothing is reported before the COMMIT, so
   * an answer still means "on disk". When an error ends the whole transaction (SQLite does so on I/O
   * errors), the plan that raised it reports it and the others, none of them written, run again as a
   * new group.
   */
  planGroup(plans: readonly (readonly WriteStep[])[]): GroupedPlanOutcome[] {
    if (plans.length === 1) {
      try {
        return [{ ok: true, value: this.plan(plans[0]!) }];
      } catch (error) {
        // handled: reported to the plan's caller, who rethrows it as the store's typed error
        return [{ ok: false, error: describeError(error) }];
      }
    }
    if (this.db.inTransaction) throw new InvariantError('a write plan cannot run inside another transaction');
    const outcomes: GroupedPlanOutcome[] = [];
    this.db.exec('begin immediate');
    try {
      for (let p = 0; p < plans.length; p++) {
        this.db.exec('savepoint plan');
        try {
          const result = this.runSteps(plans[p]!);
          if (!result.committed) this.db.exec('rollback to plan');
          this.db.exec('release plan');
          outcomes.push({ ok: true, value: result });
        } catch (error) {
          // handled: reported to this plan's caller; the group goes on without it
          if (!this.db.inTransaction) return this.regroupAfterAbort(plans, p, error);
          this.db.exec('rollback to plan');
          this.db.exec('release plan');
          outcomes.push({ ok: false, error: describeError(error) });
        }
      }
      this.db.exec('commit');
      return outcomes;
    } catch (error) {
      // handled: the commit failed, so no plan of the group was written; each caller gets the error
      if (this.db.inTransaction) this.db.exec('rollback');
      const failed = describeError(error);
      return plans.map(() => ({ ok: false, error: failed }));
    }
  }

  /** The group's transaction was ended by plan `failed`'s error: it reports the error, the rest run again. */
  private regroupAfterAbort(plans: readonly (readonly WriteStep[])[], failed: number, error: unknown): GroupedPlanOutcome[] {
    const others = plans.filter((_, i) => i !== failed);
    const again = others.length > 0 ? this.planGroup(others) : [];
    const outcomes: GroupedPlanOutcome[] = [];
    for (let i = 0, j = 0; i < plans.length; i++) outcomes.push(i === failed ? { ok: false, error: describeError(error) } : again[j++]!);
    return outcomes;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}
