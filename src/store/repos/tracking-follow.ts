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
// Claims (PostgreSQL): the due rows no other instance is claiming, moved to the claim's end in one statement.
const CLAIM_DUE_PG = `with due as (
    select s.case_id, s.waybill_no from shipments s inner join cases c on c.id = s.case_id
     where s.terminal = 0 and s.next_poll_at <= ? and c.open = 1 order by s.next_poll_at limit ? for update of s skip locked)
  update shipments s set next_poll_at = ? from due, cases c
   where s.case_id = due.case_id and s.waybill_no = due.waybill_no and c.id = s.case_id
  returning s.case_id, s.waybill_no, s.carrier_id, s.phone_last4, c.merchant_id, c.status`;
// Claims (SQLite, one writer: the update is the claim); the case columns are read after it.
const CLAIM_DUE_SQLITE = `update shipments set next_poll_at = ? where (case_id, waybill_no) in (
    select s.case_id, s.waybill_no from shipments s inner join cases c on c.id = s.case_id
     where s.terminal = 0 and s.next_poll_at <= ? and c.open = 1 order by s.next_poll_at limit ?)
  returning case_id, waybill_no, carrier_id, phone_last4`;
const RESCHEDULE = 'update shipments set next_poll_at = ?, last_polled_at = ? where case_id = ? and waybill_no = ?';

/** What the tracker reads and writes: due shipments, their next polls, and the numbers queried. */
export class TrackingFollowRepository {
  constructor(private readonly store: Store) {}

  /** Up to `limit` non-terminal shipments of open cases due at `now` (ISO UTC) or before, the longest due first. */
  async dueShipments(now: string, limit: number): Promise<DueShipment[]> {
    return this.store.read<DueShipment>(SELECT_DUE, [now, limit]);
  }

  /**
   * Claims up to `limit` due shipments (as `dueShipments`) for this instance: each one's next poll moves to
   * `claimUntil` (ISO UTC) in the same statement, so that another instance polling at the same time does not
   * take it, and one that died holding it gives it back at `claimUntil`. The caller reschedules what it polled.
   * Nothing is written when nothing is due.
   */
  async claimDue(now: string, claimUntil: string, limit: number): Promise<DueShipment[]> {
    const [first] = await this.store.read<DueShipment>(SELECT_DUE, [now, 1]);
    if (!first) return [];
    if (this.store.dialect === 'postgres') {
      const result = await this.store.plan([{ sql: CLAIM_DUE_PG, params: [now, limit, claimUntil] }]);
      return (result.results[0]?.rows ?? []) as DueShipment[];
    }
    const result = await this.store.plan([{ sql: CLAIM_DUE_SQLITE, params: [claimUntil, now, limit] }]);
    const claimed = (result.results[0]?.rows ?? []) as Omit<DueShipment, 'merchant_id' | 'status'>[];
    if (claimed.length === 0) return [];
    const caseIds = [...new Set(claimed.map((r) => r.case_id))];
    const cases = new Map<string, { merchant_id: string; status: string }>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const chunk = caseIds.slice(i, i + 500);
      const rows = await this.store.read<{ id: string; merchant_id: string; status: string }>(
        `select id, merchant_id, status from cases where id in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) cases.set(row.id, row);
    }
    return claimed.flatMap((r) => {
      const c = cases.get(r.case_id);
      return c ? [{ ...r, merchant_id: c.merchant_id, status: c.status }] : [];
    });
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
