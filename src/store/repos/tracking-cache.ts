// The `tracking_cache` table behind a repository: the latest live tracking answer per merchant, carrier and number.
import type { Store } from '../connect.ts';
import type { TrackingCacheTable } from '../schema.ts';

/** One cached live answer. */
export type TrackingCacheRow = TrackingCacheTable;

/** Reads and writes of `tracking_cache`. */
export class TrackingCacheRepository {
  constructor(private readonly store: Store) {}

  /** The cached answer for the merchant's number on this carrier; undefined when it was never queried live. */
  async find(merchantId: string, carrierId: string, waybillNo: string): Promise<TrackingCacheRow | undefined> {
    const [row] = await this.store.read<TrackingCacheRow>(
      'select * from tracking_cache where merchant_id = ? and carrier_id = ? and waybill_no = ?',
      [merchantId, carrierId, waybillNo],
    );
    return row;
  }

  /** Stores a live answer, replacing the one cached for the same merchant, carrier and number. */
  async save(row: TrackingCacheRow): Promise<void> {
    await this.store.db
      .insertInto('tracking_cache')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['merchant_id', 'carrier_id', 'waybill_no'])
          .doUpdateSet({ result_json: row.result_json, refreshed_at: row.refreshed_at }),
      )
      .execute();
  }
}
