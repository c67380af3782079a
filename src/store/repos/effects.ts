// The effects repository: the outbox rows' leases, completions, failures and replays (table `effects`), and the one-per-waybill interception locks (table `intercept_locks`).
import type { Store } from '../connect.ts';
import type { WriteStep } from '../plan.ts';

/** The claim of an effect row a runner holds: the row, its lease owner, and the claim's attempt count (the fencing token). */
export interface EffectClaim {
  id: string;
  owner: string;
  attempts: number;
}

/** What a failed attempt records on its effect row. */
export interface EffectFailure {
  /** DEAD (a dead letter) or PENDING (retried at `nextAttemptAt`). */
  status: 'DEAD' | 'PENDING';
  lastError: string;
  nextAttemptAt: string;
  updatedAt: string;
  /** When a money call was first attempted; null when none was. */
  sentAt: string | null;
}

/** An interception lock row: the interception holding a waybill. */
export interface InterceptLockRow {
  waybill_no: string;
  case_id: string;
  interception_id: string;
  route: string;
  locked_at: string;
}

const COMPLETE =
  "update effects set status = 'DONE', lease_owner = null, lease_until = null, result_json = ?, updated_at = ? where id = ? and status = 'RUNNING' and lease_owner = ? and attempts = ?";
const SELECT_LOCK = 'select waybill_no, case_id, interception_id, route, locked_at from intercept_locks where waybill_no = ?';

/** Writes the effect runner's outcomes on outbox rows, always guarded on the claim still being the runner's. */
export class EffectsRepository {
  constructor(private readonly store: Store) {}

  /**
   * Renews the lease of a claimed row (until `leaseUntil`, stamped `now`) while it is still this claim's:
   * RUNNING, leased to the owner, attempts unchanged. False when another runner took it over.
   */
  async renewLease(claim: EffectClaim, leaseUntil: string, now: string): Promise<boolean> {
    const updated = await this.store.db
      .updateTable('effects')
      .set({ lease_until: leaseUntil, updated_at: now })
      .where('id', '=', claim.id)
      .where('status', '=', 'RUNNING')
      .where('lease_owner', '=', claim.owner)
      .where('attempts', '=', claim.attempts)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /**
   * The write step that marks a claimed row DONE with its result (JSON text), guarded (`lease`) on the claim
   * still being the runner's; run it before the steps of the facts it brings, in one plan.
   */
  completeStep(claim: EffectClaim, resultJson: string, now: string): WriteStep {
    return { sql: COMPLETE, params: [resultJson, now, claim.id, claim.owner, claim.attempts], expectChanges: 1, guard: 'lease' };
  }

  /** Records a failed attempt on a claimed row and releases its lease, while the claim is still the runner's; false otherwise. */
  async recordFailure(claim: EffectClaim, failure: EffectFailure): Promise<boolean> {
    const updated = await this.store.db
      .updateTable('effects')
      .set({
        status: failure.status,
        lease_owner: null,
        lease_until: null,
        last_error: failure.lastError,
        next_attempt_at: failure.nextAttemptAt,
        updated_at: failure.updatedAt,
        sent_at: failure.sentAt,
      })
      .where('id', '=', claim.id)
      .where('status', '=', 'RUNNING')
      .where('lease_owner', '=', claim.owner)
      .where('attempts', '=', claim.attempts)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Puts a dead letter back in the queue, due at `nextAttemptAt` with its attempts reset; false when it is not a dead letter. */
  async replay(effectId: string, nextAttemptAt: string, updatedAt: string): Promise<boolean> {
    const result = await this.store.db
      .updateTable('effects')
      .set({ status: 'PENDING', attempts: 0, next_attempt_at: nextAttemptAt, updated_at: updatedAt })
      .where('id', '=', effectId)
      .where('status', '=', 'DEAD')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The interception lock on a waybill (committed data); undefined when it is free. */
  async interceptLock(waybillNo: string): Promise<InterceptLockRow | undefined> {
    return (await this.store.read<InterceptLockRow>(SELECT_LOCK, [waybillNo]))[0];
  }

  /** Takes the interception lock on a waybill unless one is held already (then nothing changes). */
  async takeInterceptLock(lock: InterceptLockRow): Promise<void> {
    await this.store.db
      .insertInto('intercept_locks')
      .values(lock)
      .onConflict((oc) => oc.column('waybill_no').doNothing())
      .execute();
  }
}
