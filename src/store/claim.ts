// Claiming due outbox work: SQLite as a single process inside BEGIN IMMEDIATE, PostgreSQL with FOR UPDATE SKIP LOCKED; both with leases.
import type { Store } from './connect.ts';
import type { EffectsTable } from './schema.ts';
import { withTransaction } from './transaction.ts';

/** A claimed effect row. */
export type ClaimedEffect = EffectsTable;

/** Options of one claim. */
export interface ClaimOptions {
  /** Who claims (process id + random), recorded as lease owner. */
  owner: string;
  /** Now, ISO UTC. */
  now: string;
  /** Lease end, ISO UTC: after it another worker may take the effect again. */
  leaseUntil: string;
  /** Most effects to claim. */
  limit: number;
}

/**
 * Claims up to `limit` effects that are due: PENDING with next_attempt_at <= now, or RUNNING with
 * an expired lease (its worker died). The claim and the lease are one transaction.
 */
export async function claim(store: Store, options: ClaimOptions): Promise<ClaimedEffect[]> {
  return withTransaction(store, async (tx) => {
    let query = tx.selectFrom('effects').select('id')
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'PENDING'), eb('next_attempt_at', '<=', options.now)]),
        eb.and([eb('status', '=', 'RUNNING'), eb('lease_until', '<', options.now)]),
      ]))
      .orderBy('next_attempt_at')
      .limit(options.limit);
    if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const ids = (await query.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await tx.updateTable('effects')
      .set((eb) => ({ status: 'RUNNING', lease_owner: options.owner, lease_until: options.leaseUntil, attempts: eb('attempts', '+', 1), updated_at: options.now }))
      .where('id', 'in', ids)
      .execute();
    return tx.selectFrom('effects').selectAll().where('id', 'in', ids).orderBy('next_attempt_at').execute();
  });
}
