// The API's view of a case: state, due dates and their history, counted duration, shipments, interceptions, money, complaints, tasks and timeline, with every reason code's zh/en message.
import { REASONS, reasonMessage, type Reason, type ReasonCode } from '../cases/reasons.ts';
import { BUYER_REASONS } from '../cases/buyer-reasons.ts';

/** The buyer's reason in Chinese and English; a code stored before the enum (raw text) is shown as it is. */
function buyerReasonLabel(code: string): { zh: string; en: string } {
  const entry = (BUYER_REASONS as Record<string, { zh: string; en: string } | undefined>)[code];
  return entry ? { zh: entry.zh, en: entry.en } : { zh: code, en: code };
}
import type { Case, Eligibility } from '../cases/state.ts';

/** A reason with its readable messages. */
export interface ReasonView {
  code: string;
  zh: string;
  en: string;
  target?: string;
  detail?: string;
}

/** Adds the zh/en messages to a reason. */
export function reasonView(reason: Reason | { code: string; target?: string; detail?: string }): ReasonView {
  const known = reason.code in REASONS;
  return {
    code: reason.code,
    zh: known ? reasonMessage(reason.code as ReasonCode, 'zh') : reason.code,
    en: known ? reasonMessage(reason.code as ReasonCode, 'en') : reason.code,
    ...(reason.target !== undefined ? { target: reason.target } : {}),
    ...(reason.detail !== undefined ? { detail: reason.detail } : {}),
  };
}

/** The eligibility verdict with every reason's messages. */
export function eligibilityView(e: Eligibility) {
  return {
    verdict: e.verdict,
    source: e.source,
    reasons: e.reasons.map(reasonView),
    estimate: { verdict: e.estimate.verdict, reasons: e.estimate.reasons.map(reasonView) },
    rulesVersion: e.rulesVersion,
    at: e.at,
  };
}

/** Row facts kept beside the state. */
export interface CaseRowFacts {
  platform: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Phone digits known per waybill (never the digits themselves: only whether they are known). */
  phoneKnown: Record<string, boolean>;
}

/** The full view of `GET /v1/cases/:id`. `now` decides `overdue`. */
export function caseView(c: Case, row: CaseRowFacts, now: string) {
  return {
    id: c.id,
    merchantId: c.merchantId,
    platform: row.platform,
    mode: c.mode,
    afterSaleId: c.afterSaleId,
    orderId: c.orderId,
    status: c.status,
    refundAfterRejection: c.agreement.agreedAt !== undefined,
    agreement: c.agreement,
    appliedAt: c.appliedAt,
    refundAmountFen: c.refundAmountFen,
    trustedBuyer: c.trustedBuyer === true,
    reason: c.reason,
    reasonLabel: buyerReasonLabel(c.reason),
    ...(c.reasonText !== undefined ? { reasonText: c.reasonText } : {}),
    categoryId: c.categoryId,
    merchantType: c.merchantType,
    skuOrders: c.skuOrders,
    eligibility: eligibilityView(c.eligibility),
    deadline: {
      due: c.deadline.due,
      dueComputed: c.deadline.dueComputed,
      ...(c.deadline.duePlatform ? { duePlatform: c.deadline.duePlatform } : {}),
      overdue: c.deadline.due < now && !['REFUNDED', 'REJECTED', 'CLOSED'].includes(c.status),
      history: c.deadline.history.map((h) => ({ ...h, ...messages(h.reason) })),
      ...(c.deadline.timedOutAt ? { timedOutAt: c.deadline.timedOutAt } : {}),
    },
    experience: c.experience,
    shipments: c.shipments.map((s) => ({
      id: s.id,
      carrierId: s.carrierId,
      skuOrderIds: s.skuOrderIds,
      carriesRefunded: s.carriesRefunded,
      carriesOther: s.carriesOther,
      refundedValueFen: s.refundedValueFen,
      ...(s.mixedConfirmedBy ? { mixedConfirmedBy: s.mixedConfirmedBy } : {}),
      logistics: s.view.logistics,
      view: s.view,
      trackingKnown: s.trackingKnown,
      ...(s.lastTrackedAt ? { lastTrackedAt: s.lastTrackedAt } : {}),
      phoneLast4Known: s.legs.some((l) => row.phoneKnown[l.waybillNo]) || Boolean(row.phoneKnown[s.id]),
      legs: s.legs,
      events: s.events,
      ...(s.returnRecord ? { returnRecord: s.returnRecord } : {}),
    })),
    interceptions: c.interceptions.map((i) => ({
      id: i.id,
      shipmentId: i.shipmentId,
      waybillNo: i.waybillNo,
      carrierId: i.carrierId,
      route: i.route,
      channel: i.channel,
      kind: i.kind,
      state: i.state,
      requestedAt: i.requestedAt,
      ...(i.requestedBy ? { requestedBy: i.requestedBy } : {}),
      costEstimateFen: i.costEstimateFen,
      ...(i.cost ? { cost: i.cost } : {}),
      ...(i.carrierRef ? { carrierRef: i.carrierRef } : {}),
      ...(i.serviceOrderLink ? { serviceOrderLink: i.serviceOrderLink } : {}),
      ...(i.reply ? { reply: i.reply } : {}),
      callbacks: i.callbacks,
      ...(i.acceptedAt ? { acceptedAt: i.acceptedAt } : {}),
      ...(i.succeededAt ? { succeededAt: i.succeededAt, succeededBy: i.succeededBy } : {}),
      ...(i.failedAt ? { failedAt: i.failedAt } : {}),
      ...(i.cancelledAt ? { cancelledAt: i.cancelledAt } : {}),
      ...(i.breachedAt ? { breachedAt: i.breachedAt } : {}),
    })),
    heldInterceptions: c.heldInterceptions,
    ...(c.refundPending ? { refundPending: { ...c.refundPending, ...messages(c.refundPending.reason) } } : {}),
    refunds: c.refund ? [{ ...c.refund, ...messages(c.refund.reason), ...(c.refundedAt ? { confirmedAt: c.refundedAt } : {}) }] : [],
    ...(c.refundedAt ? { refundedAt: c.refundedAt } : {}),
    rejections: c.rejection ? [{ ...c.rejection, ...messages(c.rejection.reason) }] : [],
    ...(c.closed ? { closed: c.closed } : {}),
    ...(c.arbitration ? { arbitration: c.arbitration } : {}),
    complaints: c.complaints,
    supportTasks: c.supportTasks.map((t) => ({ ...t, ...messages(t.kind) })),
    timers: c.timers,
    timeline: c.timeline.map((t) => ({ at: t.at, event: t.event, rulesVersion: t.rulesVersion, reasons: t.reasons.map(reasonView) })),
    rulesVersion: c.rulesVersion,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The short view of a case in lists. */
export function caseSummary(c: Case, row: { platform: string; createdAt: string; updatedAt: string }, now: string) {
  return {
    id: c.id,
    merchantId: c.merchantId,
    platform: row.platform,
    mode: c.mode,
    afterSaleId: c.afterSaleId,
    status: c.status,
    refundAfterRejection: c.agreement.agreedAt !== undefined,
    eligibility: c.eligibility.verdict,
    due: c.deadline.due,
    overdue: c.deadline.due < now && !['REFUNDED', 'REJECTED', 'CLOSED'].includes(c.status),
    atRisk: c.supportTasks.some((t) => t.kind === 'DEADLINE_AT_RISK' && t.status === 'OPEN'),
    shipments: c.shipments.map((s) => ({
      id: s.id,
      carrierId: s.carrierId,
      logistics: s.view.logistics,
      waybills: s.legs.map((l) => l.waybillNo),
    })),
    interceptions: c.interceptions.map((i) => ({ id: i.id, waybillNo: i.waybillNo, channel: i.channel, state: i.state })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function messages(code: string): { zh: string; en: string } {
  return code in REASONS
    ? { zh: reasonMessage(code as ReasonCode, 'zh'), en: reasonMessage(code as ReasonCode, 'en') }
    : { zh: code, en: code };
}
