// A named lease kept in the `settings` table, so that one instance at a time does a piece of shared work (SQLite and PostgreSQL alike).
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A lease this instance holds; give it back with `release()`. */
export interface HeldLease {
  key: string;
  /** The stored value that proves ownership (owner and expiry). */
  value: string;
}

/**
 * Takes the lease `key` for `leaseMs` from `nowMs` if nobody holds it or its holder's time ran out.
 * Every step is one statement guarded on what was read (insert-if-absent, then compare-and-set), so two
 * instances racing for it cannot both win. Returns undefined when another holder's lease is still running.
 */
export async function acquireLease(
  db: Kysely<Database>,
  key: string,
  owner: string,
  nowMs: number,
  leaseMs: number,
): Promise<HeldLease | undefined> {
  const value = JSON.stringify({ owner, until: nowMs + leaseMs });
  const inserted = await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { key, value };
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  if (leaseUntil(row.value) > nowMs) return undefined;
  const taken = await db.updateTable('settings').set({ value }).where('key', '=', key).where('value', '=', row.value).executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1 ? { key, value } : undefined;
}

/** Gives a lease back (a no-op when it was taken over after running out). */
export async function releaseLease(db: Kysely<Database>, lease: HeldLease): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', lease.key).where('value', '=', lease.value).execute();
}

/** The expiry of a stored lease in ms; 0 (run out) when the value is not a lease. */
function leaseUntil(value: string): number {
  try {
    const parsed = JSON.parse(value) as { until?: unknown };
    return typeof parsed.until === 'number' ? parsed.until : 0;
  } catch {
    // handled: an unreadable lease value counts as expired (0), so it is taken over and rewritten
    return 0;
  }
}
