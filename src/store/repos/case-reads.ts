// Read models of `cases` the API shows and lists: one case with its version, filtered pages of cases, and cases that may hold open support work.
import type { Store } from '../connect.ts';

/** Where a page starts: after the row (createdAt, id) of the previous page, newest first. */
export type CasePosition = readonly [createdAt: string, id: string];

/** One stored case as the case routes read it. */
export interface CaseRecord {
  merchant_id: string;
  platform: string;
  /** Optimistic version, +1 per stored decision. */
  version: number;
  state_json: string;
  created_at: string;
  updated_at: string;
}

/** One case of a listing. */
export interface CaseListRow {
  id: string;
  platform: string;
  state_json: string;
  created_at: string;
  updated_at: string;
}

/** Filters of a case listing; every one given must hold. */
export interface CaseListFilter {
  merchantId?: string;
  /** The case's status. */
  status?: string;
  /** Only cases where refund-after-rejection was agreed. */
  refuseSignAgreed?: true;
  /** Cases with a shipment on this carrier. */
  carrierId?: string;
  /** Cases with this waybill. */
  waybillNo?: string;
  /** Open and due before `now` (ISO UTC) when `value` is true; closed, or due at or after `now`, when false. */
  overdue?: { value: boolean; now: string };
  atRisk?: boolean;
}

/** One page of a listing: newest first, after `after` when given, at most `limit` rows. */
export interface CasePage {
  after?: CasePosition;
  limit: number;
}

/** One case that may hold open support work (the parse of its state decides). */
export interface OpenWorkCandidate {
  id: string;
  state_json: string;
  created_at: string;
}

/** Reads of `cases` for the case and task routes. */
export class CaseReadRepository {
  constructor(private readonly store: Store) {}

  /** One case; undefined when there is none with this id. */
  async findCase(caseId: string): Promise<CaseRecord | undefined> {
    return this.store.db
      .selectFrom('cases')
      .select(['merchant_id', 'platform', 'version', 'state_json', 'created_at', 'updated_at'])
      .where('id', '=', caseId)
      .executeTakeFirst();
  }

  /** A page of the cases matching `filter`, newest first (created_at, then id, descending). */
  async listCases(filter: CaseListFilter, page: CasePage): Promise<CaseListRow[]> {
    const db = this.store.db;
    let q = db.selectFrom('cases').select(['id', 'platform', 'state_json', 'created_at', 'updated_at']);
    if (filter.merchantId !== undefined) q = q.where('merchant_id', '=', filter.merchantId);
    if (filter.refuseSignAgreed === true) q = q.where('refuse_sign_agreed', '=', 1);
    else if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.carrierId !== undefined)
      q = q.where('id', 'in', db.selectFrom('shipments').select('case_id').where('carrier_id', '=', filter.carrierId));
    if (filter.waybillNo !== undefined)
      q = q.where('id', 'in', db.selectFrom('shipments').select('case_id').where('waybill_no', '=', filter.waybillNo));
    const overdue = filter.overdue;
    if (overdue?.value === true) q = q.where('open', '=', 1).where('due_at', '<', overdue.now);
    if (overdue?.value === false) q = q.where((eb) => eb.or([eb('open', '=', 0), eb('due_at', '>=', overdue.now)]));
    if (filter.atRisk !== undefined) q = q.where('at_risk', '=', filter.atRisk ? 1 : 0);
    const after = page.after;
    if (after !== undefined)
      q = q.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  }

  /**
   * A batch of the cases (of `merchantId`, or every merchant's when undefined) whose state may hold an
   * open support task or complaint, newest first (created_at, then id, descending).
   */
  async openWorkCandidates(merchantId: string | undefined, page: CasePage): Promise<OpenWorkCandidate[]> {
    let q = this.store.db
      .selectFrom('cases')
      .select(['id', 'state_json', 'created_at'])
      // Every case with an open task or complaint has this text in its state (JSON.stringify writes no spaces); the caller's parse decides.
      .where('state_json', 'like', '%"status":"OPEN"%');
    if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
    const after = page.after;
    if (after !== undefined)
      q = q.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  }
}
