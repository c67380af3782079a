// The cases repository: committed case rows and states, applied-event fingerprints, and the timers due (raw SQL with `?` placeholders through `store.read`).
import type { Case } from '../../cases/state.ts';
import type { StoredCaseColumns } from '../case-writes.ts';
import type { Store } from '../connect.ts';
import type { WriteStep } from '../plan.ts';

/** A case row as decisions read it. */
export interface CaseDecisionRow extends StoredCaseColumns {
  state_json: string;
  version: number;
  platform: string;
}

/** A pending timer that is due. */
export interface DueTimerRow {
  id: string;
  case_id: string;
  timer_id: string;
  due_at: string;
}

const SELECT_CASE = 'select state_json, version, platform, status, refuse_sign_agreed, due_at, at_risk, open from cases where id = ?';
const SELECT_STATE = 'select state_json from cases where id = ?';
const SELECT_BY_AFTER_SALE = 'select state_json from cases where merchant_id = ? and platform = ? and after_sale_id = ?';
const SELECT_FINGERPRINT = 'select id from case_events where case_id = ? and fingerprint = ?';
const SELECT_CASE_SEEN = `select state_json, version, platform, status, refuse_sign_agreed, due_at, at_risk, open,
  case when exists (select 1 from case_events e where e.case_id = cases.id and e.fingerprint = ?) then 1 else 0 end as seen from cases where id = ?`;
const SELECT_DUE_TIMERS =
  "select id, case_id, timer_id, due_at from timers where status = 'PENDING' and due_at <= ? order by due_at limit ?";
const FIRE_TIMER = "update timers set status = 'FIRED' where id = ? and status = 'PENDING' and due_at = ?";

/** Reads committed cases, their events' fingerprints and their due timers; builds the timer-firing write step. */
export class CasesRepository {
  constructor(private readonly store: Store) {}

  /** The merchant a case belongs to; undefined when there is no such case. */
  async merchantIdOf(caseId: string): Promise<string | undefined> {
    const [row] = await this.store.read<{ merchant_id: string }>('select merchant_id from cases where id = ?', [caseId]);
    return row?.merchant_id;
  }

  /** The last four digits of the recipient's phone recorded for a waybill, where a shipment has them. */
  async phoneLast4Of(waybillNo: string): Promise<string | undefined> {
    const [row] = await this.store.read<{ phone_last4: string | null }>('select phone_last4 from shipments where waybill_no = ? limit 1', [
      waybillNo,
    ]);
    return row?.phone_last4 ?? undefined;
  }

  /** The committed state of the case of an after-sale (by merchant and platform); undefined when there is none. */
  async stateByAfterSale(merchantId: string, platform: string, afterSaleId: string): Promise<Case | undefined> {
    const [row] = await this.store.read<{ state_json: string }>(SELECT_BY_AFTER_SALE, [merchantId, platform, afterSaleId]);
    return row ? (JSON.parse(row.state_json) as Case) : undefined;
  }

  /** The committed state of a case; undefined when it does not exist. */
  async state(caseId: string): Promise<Case | undefined> {
    const [row] = await this.store.read<{ state_json: string }>(SELECT_STATE, [caseId]);
    return row ? (JSON.parse(row.state_json) as Case) : undefined;
  }

  /** The case row as decisions read it; undefined when the case does not exist. */
  async decisionRow(caseId: string): Promise<CaseDecisionRow | undefined> {
    const [row] = await this.store.read<CaseDecisionRow>(SELECT_CASE, [caseId]);
    return row;
  }

  /**
   * The case row as decisions read it and, in the same read, whether an event with `fingerprint` was applied
   * to it (`seen` 1, as a number or text depending on the database); undefined when the case does not exist.
   */
  async decisionRowSeen(caseId: string, fingerprint: string): Promise<(CaseDecisionRow & { seen: number | string }) | undefined> {
    const [row] = await this.store.read<CaseDecisionRow & { seen: number | string }>(SELECT_CASE_SEEN, [fingerprint, caseId]);
    return row;
  }

  /** Whether an event with `fingerprint` is stored for the case. */
  async hasEvent(caseId: string, fingerprint: string): Promise<boolean> {
    return (await this.store.read(SELECT_FINGERPRINT, [caseId, fingerprint])).length > 0;
  }

  /** Up to `limit` pending timers due at `now` (ISO UTC) or before, earliest first. */
  async dueTimers(now: string, limit: number): Promise<DueTimerRow[]> {
    return this.store.read<DueTimerRow>(SELECT_DUE_TIMERS, [now, limit]);
  }

  /** The write step that marks a timer fired, guarded (`timer`) on its being still pending at the same due time. */
  fireTimerStep(timer: Pick<DueTimerRow, 'id' | 'due_at'>): WriteStep {
    return { sql: FIRE_TIMER, params: [timer.id, timer.due_at], expectChanges: 1, guard: 'timer' };
  }
}
