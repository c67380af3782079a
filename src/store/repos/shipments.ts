// The `shipments` rows the API reads and writes: which of a merchant's cases hold a waybill, the phone digits known per waybill, recording them.
import type { Store } from '../connect.ts';

/** A case of the merchant holding a waybill, with the shipment's carrier and phone digits. */
export interface WaybillHolder {
  case_id: string;
  carrier_id: string;
  phone_last4: string | null;
  /** The holding case's full state (JSON). */
  state_json: string;
}

/** Reads and writes of `shipments` for the API. */
export class ShipmentRepository {
  constructor(private readonly store: Store) {}

  /** Every case of `merchantId` with a shipment on `waybillNo` (any order). */
  async holdersOf(merchantId: string, waybillNo: string): Promise<WaybillHolder[]> {
    return this.store.read<WaybillHolder>(
      'select s.case_id, s.carrier_id, s.phone_last4, c.state_json from shipments s join cases c on c.id = s.case_id where c.merchant_id = ? and s.waybill_no = ?',
      [merchantId, waybillNo],
    );
  }

  /**
   * The cases of `merchantId` holding each of `waybillNos` (waybill → holders; waybills no case holds
   * are absent), in one query per 500 waybills, from committed data. Case and carrier only: the state
   * changes as updates apply, so read it with `holdersOf` when it matters.
   */
  async holdersAmong(merchantId: string, waybillNos: readonly string[]): Promise<Map<string, { case_id: string; carrier_id: string }[]>> {
    const unique = [...new Set(waybillNos)];
    const out = new Map<string, { case_id: string; carrier_id: string }[]>();
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await this.store.read<{ waybill_no: string; case_id: string; carrier_id: string }>(
        `select s.waybill_no, s.case_id, s.carrier_id from shipments s join cases c on c.id = s.case_id where c.merchant_id = ? and s.waybill_no in (${chunk.map(() => '?').join(', ')})`,
        [merchantId, ...chunk],
      );
      for (const row of rows) {
        const list = out.get(row.waybill_no) ?? [];
        list.push({ case_id: row.case_id, carrier_id: row.carrier_id });
        out.set(row.waybill_no, list);
      }
    }
    return out;
  }

  /** Which of `waybillNos` are shipments of `merchantId`'s cases: one query, no case state read. */
  async ownedAmong(merchantId: string, waybillNos: readonly string[]): Promise<Set<string>> {
    if (waybillNos.length === 0) return new Set();
    const rows = await this.store.db
      .selectFrom('shipments')
      .innerJoin('cases', 'cases.id', 'shipments.case_id')
      .select('shipments.waybill_no')
      .distinct()
      .where('cases.merchant_id', '=', merchantId)
      .where('shipments.waybill_no', 'in', [...new Set(waybillNos)])
      .execute();
    return new Set(rows.map((r) => r.waybill_no));
  }

  /** The waybills of a case with their phone digits (null when unknown). */
  async phonesOf(caseId: string): Promise<{ waybill_no: string; phone_last4: string | null }[]> {
    return this.store.db.selectFrom('shipments').select(['waybill_no', 'phone_last4']).where('case_id', '=', caseId).execute();
  }

  /** Records the last four phone digits of a waybill of a case. */
  async recordPhone(caseId: string, waybillNo: string, phoneLast4: string): Promise<void> {
    await this.store.db
      .updateTable('shipments')
      .set({ phone_last4: phoneLast4 })
      .where('case_id', '=', caseId)
      .where('waybill_no', '=', waybillNo)
      .execute();
  }
}
