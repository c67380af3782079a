// The tracking follow-up repository: shipments of open cases due for a poll, their rescheduling, and the per-number query log (table `number_queries`).
import type { Store } from '../connect.ts';

/** A shipment due for a poll, with its case's merchant and status. */
export interface DueShipment {
  case_id: string;
  waybill_no: string;
  carrier_id: string;
  phone_last4: string | null;
  merchant_id: string;
  status: string;
}

/** When one shipment is polled next. */
export interface ShipmentReschedule {
  caseId: string;
  waybillNo: string;
  /** The next poll, ISO UTC. */
  nextPollAt: string;
}

const SELECT_DUE = `select s.case_id, s.waybill_no, s.carrier_id, s.phone_last4, c.merchant_id, c.status from shipments s inner join cases c on c.id = s.case_id
       where s.terminal = 0 and s.next_poll_at <= ? and c.open = 1 order by s.next_poll_at limit ?`;
const RESCHEDULE = 'update shipments set next_poll_at = ?, last_polled_at = ? where case_id = ? and waybill_no = ?';

/** What the tracker reads and writes: due shipments, their next polls, and the numbers queried. */
export class TrackingFollowRepository {
  constructor(private readonly store: Store) {}

  /** Up to `limit` non-terminal shipments of open cases due at `now` (ISO UTC) or before, the longest due first. */
  async dueShipments(now: string, limit: number): Promise<DueShipment[]> {
    return this.store.read<DueShipment>(SELECT_DUE, [now, limit]);
  }

  /** Moves the next poll of each shipment and records `polledAt` as its last poll, all in one write plan (one transaction). */
  async reschedule(shipments: readonly ShipmentReschedule[], polledAt: string): Promise<void> {
    await this.store.plan(
      shipments.map((s) => ({
        sql: RESCHEDULE,
        params: [s.nextPollAt, polledAt, s.caseId, s.waybillNo],
      })),
    );
  }

  /** How many queries of `waybillNo` were recorded for the account after `since` (ISO UTC). */
  async queriesSince(accountId: string, waybillNo: string, since: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('number_queries')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('carrier_id', '=', accountId)
      .where('waybill_no', '=', waybillNo)
      .where('at', '>', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Records one query of `waybillNo` by the account at `at` (ISO UTC). */
  async recordQuery(accountId: string, waybillNo: string, at: string): Promise<void> {
    await this.store.db.insertInto('number_queries').values({ carrier_id: accountId, waybill_no: waybillNo, at }).execute();
  }
}
