// The Douyin after-sales repository: the cases of Douyin after-sales, their parcels due for tracking again, and the reconciliation watermarks (table `settings`).
import type { Store } from '../connect.ts';

/** The `settings` key of a merchant's watermark: the update_time (seconds) up to which every after-sale was read. */
export function watermarkKey(merchantId: string): string {
  return `douyin:reconciled-until:${merchantId}`;
}

/** An open Douyin case: its id and its state (JSON text). */
export interface OpenDouyinCaseRow {
  id: string;
  state_json: string;
}

/** Finds the cases of Douyin after-sales and keeps the reconciler's watermarks. */
export class DouyinSalesRepository {
  constructor(private readonly store: Store) {}

  /** The id of the merchant's case for a Douyin after-sale; undefined when there is none. */
  async caseIdOf(merchantId: string, afterSaleId: string): Promise<string | undefined> {
    return (
      await this.store.db
        .selectFrom('cases')
        .select('id')
        .where('merchant_id', '=', merchantId)
        .where('platform', '=', 'douyin')
        .where('after_sale_id', '=', afterSaleId)
        .executeTakeFirst()
    )?.id;
  }

  /** The id of a case (of any merchant) for a Douyin after-sale; undefined when there is none. */
  async anyCaseIdOf(afterSaleId: string): Promise<string | undefined> {
    return (
      await this.store.db
        .selectFrom('cases')
        .select('id')
        .where('platform', '=', 'douyin')
        .where('after_sale_id', '=', afterSaleId)
        .executeTakeFirst()
    )?.id;
  }

  /** The merchant of a case; rejects (Kysely's NoResultError) when the case does not exist. */
  async merchantOfCase(caseId: string): Promise<string> {
    return (await this.store.db.selectFrom('cases').select('merchant_id').where('id', '=', caseId).executeTakeFirstOrThrow()).merchant_id;
  }

  /** The ids of the merchant's cases with a shipment of waybill `waybillNo` (one per shipment row). */
  async caseIdsByWaybill(merchantId: string, waybillNo: string): Promise<string[]> {
    const rows = await this.store.db
      .selectFrom('shipments')
      .innerJoin('cases', 'cases.id', 'shipments.case_id')
      .select('cases.id')
      .where('cases.merchant_id', '=', merchantId)
      .where('shipments.waybill_no', '=', waybillNo)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The merchant's open Douyin cases with their state. */
  async openCases(merchantId: string): Promise<OpenDouyinCaseRow[]> {
    return this.store.db
      .selectFrom('cases')
      .select(['id', 'state_json'])
      .where('merchant_id', '=', merchantId)
      .where('platform', '=', 'douyin')
      .where('open', '=', 1)
      .execute();
  }

  /** Makes the non-terminal shipments of `caseIds` due for a poll at `now`; returns how many rows changed. */
  async pollAgain(caseIds: readonly string[], now: string): Promise<number> {
    const result = await this.store.db
      .updateTable('shipments')
      .set({ next_poll_at: now })
      .where('case_id', 'in', [...caseIds])
      .where('terminal', '=', 0)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The stored text of a merchant's reconciliation watermark; undefined when none is stored. */
  async watermark(merchantId: string): Promise<string | undefined> {
    return (await this.store.db.selectFrom('settings').select('value').where('key', '=', watermarkKey(merchantId)).executeTakeFirst())
      ?.value;
  }

  /** Stores a merchant's reconciliation watermark (insert or replace). */
  async setWatermark(merchantId: string, value: string): Promise<void> {
    await this.store.db
      .insertInto('settings')
      .values({ key: watermarkKey(merchantId), value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
