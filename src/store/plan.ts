// Write plans: a decision's statements sent as one unit and run as one transaction, with guards that roll it back (optimistic concurrency, deduplication).
import type pg from 'pg';

/** One statement of a write plan. SQL uses `?` placeholders (turned into `$1 …` on PostgreSQL). */
export interface WriteStep {
  sql: string;
  params: readonly unknown[];
  /** Roll the whole plan back unless this statement changed exactly this many rows (RETURNING: returned). */
  expectChanges?: number;
  /** Name reported when that check fails (e.g. `duplicate`, `version`). */
  guard?: string;
}

/** What one statement did. */
export interface ExecResult {
  rows: unknown[];
  /** Rows changed (rows returned, for reads and RETURNING). */
  changes: number;
  lastInsertRowid?: number | bigint | undefined;
}

/** The outcome of a write plan: committed, or rolled back by the named guard. */
export interface PlanResult {
  committed: boolean;
  guard?: string;
  failedStep?: number;
  /** Per step run, in order (up to the failed guard). */
  results: { changes: number; rows: unknown[] }[];
}

const pgSqlCache = new Map<string, string>();

/** The statement with `?` placeholders numbered for PostgreSQL (`$1`, `$2` …). Hot SQL never has `?` in literals. */
export function toPostgresSql(sql: string): string {
  let converted = pgSqlCache.get(sql);
  if (converted === undefined) {
    let n = 0;
    converted = sql.replace(/\?/g, () => `$${++n}`);
    if (pgSqlCache.size > 2000) pgSqlCache.clear();
    pgSqlCache.set(sql, converted);
  }
  return converted;
}

/** Runs a plan on PostgreSQL in one transaction on one pooled connection, with the same guards. */
export async function runPostgresPlan(pool: pg.Pool, steps: readonly WriteStep[]): Promise<PlanResult> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const results: PlanResult['results'] = [];
    for (const [i, step] of steps.entries()) {
      const answer = await client.query(toPostgresSql(step.sql), step.params as unknown[]);
      const changes = answer.command === 'SELECT' || answer.rows.length > 0 ? answer.rows.length : (answer.rowCount ?? 0);
      if (step.expectChanges !== undefined && changes !== step.expectChanges) {
        await client.query('rollback');
        return { committed: false, guard: step.guard ?? `step ${i}`, failedStep: i, results };
      }
      results.push({ changes, rows: answer.rows });
    }
    await client.query('commit');
    return { committed: true, results };
  } catch (error) {
    // handled: the original error is rethrown below; a failed rollback ends with the released connection
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
