// The Case state: JSON-serialisable plain data (times as ISO UTC strings, money as integer fen).
import type { Cost, InterceptChannel, InterceptKind, InterceptRefusal, InterceptState, TrackingEvent } from '../carrier/model.ts';
import type { InterceptRoute } from './events.ts';
import type { Reason, ReasonCode } from './reasons.ts';
import type { MerchantType } from './rules-config.ts';

/** A tracking event as the case keeps it: with its waybill number and a fingerprint for deduplication. */
export interface StoredTrackingEvent extends TrackingEvent {
  waybillNo: string;
  /** waybill|time|kind|rawCode|description: the same event seen twice is kept once. */
  fingerprint: string;
}

/** One leg of a shipment: the outbound waybill (index 0), then returns under new numbers. */
export interface Leg {
  index: number;
  waybillNo: string;
  carrierId: string;
  /** When the leg started (the event that announced the new number); absent for leg 0. */
  startedAt?: string;
  /** Whether the new number was inferred from free text (SF 648 remark). */
  inferred?: boolean;
}

/** Where a shipment is, derived from all its events in event-time order. */
export type LogisticsState =
  | 'UNKNOWN'
  | 'NOT_COLLECTED'
  | 'IN_TRANSIT'
  | 'AT_PICKUP_POINT'
  | 'DELIVERED'
  | 'EXCEPTION'
  | 'RETURNING'
  | 'RETURNED';

/** The derived view of a shipment (recomputed from its events on every decision). */
export interface ShipmentView {
  logistics: LogisticsState;
  /** First DELIVERED on the outbound leg: the buyer (or a pickup-point collection) signed. */
  deliveredAt?: string;
  /** First REJECTED: the buyer refused (拒签成功). */
  refusedAt?: string;
  /** First return-direction event (RETURNING, RETURNED, INTERCEPTED) on any leg. */
  firstReturnScanAt?: string;
  /** First RETURNED event, or DELIVERED on a return leg, or the merchant's record of the return. */
  returnedAt?: string;
  /** First EXCEPTION or DELIVERY_FAILED event. */
  exceptionAt?: string;
}

/** A parcel of the case. */
export interface Shipment {
  /** The first waybill number. */
  id: string;
  carrierId: string;
  skuOrderIds: string[];
  /** Carries at least one refunded SKU order: it must be stopped or back before the refund. */
  carriesRefunded: boolean;
  /** Also carries SKU orders not being refunded: interception needs support's confirmation. */
  carriesOther: boolean;
  /** Value of the refunded SKU orders it carries, fen. */
  refundedValueFen: number;
  /** Support user who confirmed intercepting a mixed parcel. */
  mixedConfirmedBy?: string;
  /** Whether any tracking answer (found or not) has arrived. */
  trackingKnown: boolean;
  /** Decision time of the latest tracking update for any of its legs. */
  lastTrackedAt?: string;
  /** Deduplicated events of all legs, in event-time order. */
  events: StoredTrackingEvent[];
  /** Legs in the order they started. */
  legs: Leg[];
  /** The merchant's record of the return. */
  returnRecord?: { at: string; outcome: 'RECEIVED' | 'SIGNED_BY_OTHER' };
  view: ShipmentView;
}

/** One interception attempt on one waybill. Its state is a projection of the facts below. */
export interface Interception {
  id: string;
  shipmentId: string;
  waybillNo: string;
  carrierId: string;
  route: InterceptRoute;
  /** Fixed by the route; decides who refunds. */
  channel: InterceptChannel;
  kind: InterceptKind;
  idempotencyKey: string;
  requestedAt: string;
  requestedBy?: string;
  /** Cost used by the worth check (quoted or estimated), fen. */
  costEstimateFen: number;
  /** Actual cost and payer when the route reported one. */
  cost?: Cost;
  carrierRef?: string;
  serviceOrderLink?: string;
  reply?: { at: string; state: 'ACCEPTED' | 'REJECTED' | 'SUCCEEDED'; refusal?: InterceptRefusal };
  callbacks: { at: string; outcome: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' }[];
  cancelRequestedAt?: string;
  cancelReply?: { at: string; state: 'CANCELLED' | 'REJECTED' };
  // ---- derived
  state: InterceptState;
  acceptedAt?: string;
  succeededAt?: string;
  succeededBy?: 'RETURN_SCAN' | 'CALLBACK';
  failedAt?: string;
  cancelledAt?: string;
  /** Delivered to the buyer after SUCCEEDED. */
  breachedAt?: string;
}

/** An interception request waiting for support to confirm a mixed parcel. */
export interface HeldInterception {
  shipmentId: string;
  route: InterceptRoute;
  kind: InterceptKind;
  quotedCostFen?: number;
  overrideNotWorth: boolean;
  requestedAt: string;
  by?: string;
}

/** Eligibility for automatic refund-after-rejection (DESIGN §2.2). */
export interface Eligibility {
  verdict: 'ELIGIBLE' | 'INELIGIBLE' | 'UNKNOWN';
  /** Every failing reason (empty when ELIGIBLE). */
  reasons: Reason[];
  /** ESTIMATE: lanjie's computation; PLATFORM: the platform's stated verdict, which wins. */
  source: 'ESTIMATE' | 'PLATFORM';
  /** lanjie's own estimate, kept beside a platform verdict. */
  estimate: { verdict: 'ELIGIBLE' | 'INELIGIBLE' | 'UNKNOWN'; reasons: Reason[] };
  rulesVersion: string;
  at: string;
}

/** One change of a deadline, with its reason code. */
export interface DeadlineChange {
  field: 'dueComputed' | 'duePlatform';
  /** Time of the fact behind the change (application, agreement, scan, platform message). */
  at: string;
  /** The deadline after the change. */
  due: string;
  reason: ReasonCode;
}

/** The merchant's processing deadline (DESIGN §2.3). */
export interface Deadline {
  dueComputed: string;
  /** Douyin mode: the platform's own deadline (tag 209), authoritative. */
  duePlatform?: string;
  /** The earlier of the two: what lanjie acts on. */
  due: string;
  history: DeadlineChange[];
  /**
   * Earliest interception success, rejection success or buyer signature seen so far. Sticky: it only moves
   * earlier (a late event may reveal an earlier one), so the deadline never moves later after agreement.
   */
  triggerAt?: string;
  /** The due instant for which PLATFORM_TIMEOUT was recorded. */
  timedOutAt?: string;
}

/** The experience-score refund-only duration estimate (DESIGN §2.4). */
export interface ExperienceClock {
  appliedAt: string;
  agreedAt?: string;
  resumedAt?: string;
  endAt?: string;
  /** Resumption withheld because of a logistics exception (our reading). */
  keptPaused: boolean;
  /** Counted duration up to the end (or up to `now` while running), ms. Never includes paused time. */
  countedMs: number;
  running: boolean;
}

/** A refund lanjie issued (agreed itself or instructed by webhook). */
export interface RefundRecord {
  action: 'refund';
  idempotencyKey: string;
  reason: ReasonCode;
  issuedAt: string;
  amountFen: number;
}

/** A rejection of the refund-only request lanjie issued. */
export interface RejectionRecord {
  action: 'reject';
  idempotencyKey: string;
  reason: ReasonCode;
  issuedAt: string;
}

/** A complaint about goods not returned. */
export interface Complaint {
  id: string;
  shipmentId: string;
  reason: 'RETURN_OVERDUE' | 'INTERCEPT_BREACHED' | 'RETURN_SIGNED_BY_OTHER';
  /** SUPPORT_TASK by default; HUB_WORK_ORDER when the hub carried out the interception. */
  via: 'SUPPORT_TASK' | 'HUB_WORK_ORDER';
  hubId?: string;
  /** The platform's service-order link (PLATFORM_SERVICE interceptions). */
  serviceOrderLink?: string;
  interceptionId?: string;
  /** Claim compensation (breach). */
  claimCompensation: boolean;
  status: 'OPEN' | 'RESOLVED' | 'REJECTED';
  openedAt: string;
  closedAt?: string;
  compensationFen?: number;
  hubRef?: string;
  /** Support's evidence note, given when the complaint was opened from the console or API. */
  note?: string;
}

/** A task for a person. */
export interface SupportTask {
  id: string;
  kind: ReasonCode;
  target?: string;
  status: 'OPEN' | 'DONE';
  openedAt: string;
  completedAt?: string;
  outcome?: string;
  /** Set when lanjie closed the task itself because its cause is gone (the reason is in `outcome` too). */
  closedBy?: 'lanjie';
}

/** A timer the case wants: the runner fires TIMER_FIRED at `at`. */
export interface Timer {
  id: string;
  kind: 'DEADLINE_AT_RISK' | 'DEADLINE_DUE' | 'RETURN_OVERDUE' | 'REFUND_NO_LATER_THAN' | 'SELF_AGREE';
  at: string;
  target?: string;
}

/** One decision in the timeline. */
export interface TimelineEntry {
  /** Decision time. */
  at: string;
  event: string;
  reasons: Reason[];
  rulesVersion: string;
}

/** Case status, searchable (refund-after-rejection included). */
export type CaseStatus = 'OPEN' | 'REFUSE_SIGN_AGREED' | 'REFUND_ISSUED' | 'REFUNDED' | 'REJECTED' | 'CLOSED';

/** The whole state of one after-sale case. */
export interface Case {
  id: string;
  mode: 'douyin' | 'generic';
  merchantId: string;
  merchantType: MerchantType;
  afterSaleId: string;
  orderId: string;
  appliedAt: string;
  refundAmountFen: number;
  /** The buyer's reason: a code of `BUYER_REASONS` (cases opened before the enum may hold raw text). */
  reason: string;
  /** The buyer's reason in the words sent, when they were not the code itself (an alias, or a platform's own text). */
  reasonText?: string;
  categoryId: string;
  /** Generic mode: a trusted buyer flagged by the merchant's system (refund on refusal or success alone). */
  trustedBuyer?: boolean;
  skuOrders: { skuOrderId: string; amountFen: number; refunded: boolean }[];
  status: CaseStatus;
  agreement: { agreedAt?: string; by?: 'PLATFORM' | 'LANJIE'; declinedAt?: string; declinedReason?: string };
  eligibility: Eligibility;
  shipments: Shipment[];
  interceptions: Interception[];
  heldInterceptions: HeldInterception[];
  deadline: Deadline;
  experience: ExperienceClock;
  /** Refund waiting for the tracking re-check (set when every relevant parcel is stopped or back). */
  refundPending?: { since: string; reason: ReasonCode };
  refund?: RefundRecord;
  /** When a refund was observed done (platform tag 206, or the merchant's system confirming in generic mode). */
  refundedAt?: string;
  rejection?: RejectionRecord;
  closed?: { at: string; cause: 'BUYER_CANCELLED' | 'REJECTED' | 'REFUNDED' | 'OTHER' };
  arbitration?: { status: 'OPENED' | 'CLOSED'; at: string };
  complaints: Complaint[];
  supportTasks: SupportTask[];
  timers: Timer[];
  /** Money calls already issued (money action → decision time): each is issued at most once per case. */
  money: Partial<Record<MoneyAction, string>>;
  /** Other effects already issued (dedupe key → decision time): interceptions, tracking, timers, tasks, webhooks. */
  issued: Record<string, string>;
  /** Reasons already said once (note key → decision time), so a fact seen again is not reported twice. */
  notes: Record<string, string>;
  /** Platform deadline messages, in arrival order (facts behind duePlatform). */
  platformDeadlines: { at: string; due: string }[];
  /** The rules version of the latest decision. */
  rulesVersion: string;
  timeline: TimelineEntry[];
}

/** The money calls a case makes, each at most once: agree refund-after-rejection, refund, reject. */
export type MoneyAction = 'agree-refuse-sign' | 'refund' | 'reject';

/**
 * Splits the single `issued` record of states stored before the split (keys `money:<action>`, `note:<key>`
 * and the rest) into `money`, `issued` and `notes`. A state already split is left as it is.
 */
export function splitIssuedRecord(c: Case): void {
  if (c.money !== undefined && c.notes !== undefined) return;
  const money: Partial<Record<MoneyAction, string>> = {};
  const notes: Record<string, string> = {};
  const issued: Record<string, string> = {};
  for (const [key, at] of Object.entries(c.issued ?? {})) {
    if (key.startsWith('money:')) money[key.slice('money:'.length) as MoneyAction] = at;
    else if (key.startsWith('note:')) notes[key.slice('note:'.length)] = at;
    else issued[key] = at;
  }
  c.money = money;
  c.notes = notes;
  c.issued = issued;
}
