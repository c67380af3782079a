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
    await this.store.plan([
      {
        sql: 'insert into tracking_cache (merchant_id, carrier_id, waybill_no, result_json, refreshed_at) values (?, ?, ?, ?, ?) on conflict (merchant_id, carrier_id, waybill_no) do update set result_json = excluded.result_json, refreshed_at = excluded.refreshed_at',
        params: [row.merchant_id, row.carrier_id, row.waybill_no, row.result_json, row.refreshed_at],
      },
    ]);
  }
}
