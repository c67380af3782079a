// Claiming due outbox work: SQLite with one UPDATE … RETURNING on its single writer (a transaction of its own), PostgreSQL with FOR UPDATE SKIP LOCKED; both with leases.
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
  if (store.dialect === 'sqlite') {
    // One statement: the single writer runs it atomically, and the rows come back with their new lease.
    const outcome = await store.plan([
      { sql: CLAIM_SQLITE, params: [options.owner, options.leaseUntil, options.now, options.now, options.now, options.limit] },
    ]);
    // RETURNING gives no order: due time first, then the order the effects were stored in (a case's effects run in that order).
    const rows = (outcome.results[0]?.rows ?? []) as (ClaimedEffect & { claim_rowid?: number })[];
    rows.sort((a, b) =>
      a.next_attempt_at < b.next_attempt_at ? -1 : a.next_attempt_at > b.next_attempt_at ? 1 : a.claim_rowid! - b.claim_rowid!,
    );
    for (const row of rows) delete row.claim_rowid;
    return rows;
  }
  return withTransaction(store, async (tx) => {
    const ids = (
      await tx
        .selectFrom('effects')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'PENDING'), eb('next_attempt_at', '<=', options.now)]),
            eb.and([eb('status', '=', 'RUNNING'), eb('lease_until', '<', options.now)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(options.limit)
        .forUpdate()
        .skipLocked()
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return [];
    await tx
      .updateTable('effects')
      .set((eb) => ({
        status: 'RUNNING',
        lease_owner: options.owner,
        lease_until: options.leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: options.now,
      }))
      .where('id', 'in', ids)
      .execute();
    return tx.selectFrom('effects').selectAll().where('id', 'in', ids).orderBy('next_attempt_at').execute();
  });
}

const CLAIM_SQLITE = `update effects set status = 'RUNNING', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
  where id in (select id from effects where (status = 'PENDING' and next_attempt_at <= ?) or (status = 'RUNNING' and lease_until < ?) order by next_attempt_at limit ?)
  returning rowid as claim_rowid, *`;
