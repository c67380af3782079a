// The `intercepts` table (interceptions without a case) and its `intercept_locks` entries behind a repository.
import type { Store } from '../connect.ts';
import type { InterceptLocksTable, InterceptsTable } from '../schema.ts';

/** One stored standalone interception. */
export type InterceptRow = InterceptsTable;

/** One interception in flight on a waybill (cases and standalone requests alike). */
export type InterceptLockRow = InterceptLocksTable;

/** The outcome columns written when a standalone interception ends (or is refused). */
export interface InterceptOutcome {
  state: string;
  /** JSON of the carrier's answer, or null. */
  resultJson: string | null;
  /** JSON of the failure, or null. */
  errorJson: string | null;
  /** ISO UTC. */
  updatedAt: string;
}

/** Reads and writes of standalone interceptions and the waybill locks they take. */
export class InterceptRepository {
  constructor(private readonly store: Store) {}

  /** The interception of a merchant under an idempotency key; undefined when there is none. */
  async findByKey(merchantId: string, idempotencyKey: string): Promise<InterceptRow | undefined> {
    return this.store.db
      .selectFrom('intercepts')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
  }

  /** The interception of a merchant under an idempotency key; rejects (Kysely's NoResultError) when there is none. */
  async getByKey(merchantId: string, idempotencyKey: string): Promise<InterceptRow> {
    return this.store.db
      .selectFrom('intercepts')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirstOrThrow();
  }

  /** Stores a new interception unless the merchant already has one under its key; true when this row was stored. */
  async insertIfAbsent(row: InterceptRow): Promise<boolean> {
    const inserted = await this.store.db
      .insertInto('intercepts')
      .values(row)
      .onConflict((oc) => oc.columns(['merchant_id', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 0;
  }

  /** The interception with this id; rejects (Kysely's NoResultError) when there is none. */
  async getById(id: string): Promise<InterceptRow> {
    return this.store.db.selectFrom('intercepts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** The interception with this id, only when it belongs to `merchantId` (any merchant when undefined). */
  async find(id: string, merchantId?: string): Promise<InterceptRow | undefined> {
    let q = this.store.db.selectFrom('intercepts').selectAll().where('id', '=', id);
    if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
    return q.executeTakeFirst();
  }

  /** Records the outcome of an interception. */
  async finish(id: string, outcome: InterceptOutcome): Promise<void> {
    await this.store.db
      .updateTable('intercepts')
      .set({ state: outcome.state, result_json: outcome.resultJson, error_json: outcome.errorJson, updated_at: outcome.updatedAt })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Takes the waybill's lock for an interception unless another holds it, then returns the lock now
   * held (which may be the other one); rejects (Kysely's NoResultError) if the lock vanished meanwhile.
   */
  async lockWaybill(lock: InterceptLockRow): Promise<InterceptLockRow> {
    await this.store.db
      .insertInto('intercept_locks')
      .values(lock)
      .onConflict((oc) => oc.column('waybill_no').doNothing())
      .execute();
    return this.store.db.selectFrom('intercept_locks').selectAll().where('waybill_no', '=', lock.waybill_no).executeTakeFirstOrThrow();
  }

  /** Releases the waybill's lock when this interception holds it. */
  async releaseLock(waybillNo: string, interceptionId: string): Promise<void> {
    await this.store.db
      .deleteFrom('intercept_locks')
      .where('waybill_no', '=', waybillNo)
      .where('interception_id', '=', interceptionId)
      .execute();
  }
}
