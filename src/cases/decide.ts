// The pure decision core: decide(case, event, now, rules) → { case', effects, reasons }, holding every rule of DESIGN §2.
import { RETURN_KINDS } from '../carrier/model.ts';
import type { InterceptKind } from '../carrier/model.ts';
import { computeDeadline } from './deadlines.ts';
import { computeEligibility, sameEligibility } from './eligibility.ts';
import { CaseEventSchema, OpenCaseInputSchema } from './events.ts';
import type { CaseEvent, CaseEventInput, InterceptRoute, OpenCaseInput } from './events.ts';
import { idempotencyKey } from './effects.ts';
import type { AfterSaleVia, Effect } from './effects.ts';
import { computeExperienceClock } from './experience-clock.ts';
import {
  IN_FLIGHT_STATES,
  channelOfRoute,
  interceptWorth,
  isReturnDirection,
  mergeTrackingEvents,
  projectInterception,
  projectLegs,
  projectShipment,
} from './interception.ts';
import type { Reason, ReasonCode } from './reasons.ts';
import { returnOverdueHoursFor } from './rules-config.ts';
import type { Rules } from './rules-config.ts';
import type { Case, CaseStatus, Complaint, Interception, Shipment, SupportTask, Timer } from './state.ts';
import { HOUR_MS, addHours, minIso, toIso, toMs } from './time.ts';

/** The result of a decision: the new case state, the effects to execute, and the reasons behind every change. */
export interface Decision {
  case: Case;
  effects: Effect[];
  reasons: Reason[];
}

/** Decision context: the case being changed and what the decision says. */
class Ctx {
  readonly effects: Effect[] = [];
  readonly reasons: Reason[] = [];
  constructor(
    readonly c: Case,
    readonly now: string,
    readonly rules: Rules,
  ) {}

  reason(code: ReasonCode, target?: string, detail?: string): void {
    const r: Reason = { code };
    if (target !== undefined) r.target = target;
    if (detail !== undefined) r.detail = detail;
    this.reasons.push(r);
  }

  /** True the first time `key` is seen for this case (then remembered across decisions). */
  once(key: string): boolean {
    if (Object.hasOwn(this.c.issued, key)) return false;
    this.c.issued[key] = this.now;
    return true;
  }

  /** Emits `effect` unless the action `key` was already issued for this case. */
  issue(key: string, effect: Effect): boolean {
    if (!this.once(key)) return false;
    this.effects.push(effect);
    return true;
  }

  get via(): AfterSaleVia {
    return this.c.mode === 'douyin' ? 'PLATFORM_API' : 'WEBHOOK';
  }
}

function nowIso(now: Date): string {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('decide: `now` is not a valid instant');
  return toIso(ms);
}

function earliest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const t of times) best = minIso(best, t);
  return best;
}

/** Whether the after-sale can still be refunded, agreed or rejected by lanjie. */
function moneyOpen(c: Case): boolean {
  return c.closed === undefined && c.refundedAt === undefined && c.refund === undefined && c.rejection === undefined;
}

function relevantShipments(c: Case): Shipment[] {
  return c.shipments.filter((s) => s.carriesRefunded);
}

function shipmentOfWaybill(c: Case, waybillNo: string): Shipment | undefined {
  return c.shipments.find((s) => s.legs.some((l) => l.waybillNo === waybillNo));
}

function latestLeg(s: Shipment): { waybillNo: string; carrierId: string; startedAt?: string } {
  return s.legs[s.legs.length - 1] ?? { waybillNo: s.id, carrierId: s.carrierId };
}

/** Recomputes legs, shipment views and interception states from all facts. */
function refresh(c: Case): void {
  for (const s of c.shipments) {
    s.legs = projectLegs(s);
    const refusedNotCollected = c.interceptions.some(
      (ix) => ix.shipmentId === s.id && ix.reply?.state === 'REJECTED' && ix.reply.refusal === 'NOT_COLLECTED',
    );
    s.view = projectShipment(s, refusedNotCollected);
  }
  for (const ix of c.interceptions) {
    const s = c.shipments.find((x) => x.id === ix.shipmentId);
    if (s !== undefined) projectInterception(ix, s);
  }
}

function openTask(ctx: Ctx, kind: ReasonCode, target?: string, detail?: string, suffix?: string): void {
  const id = [ctx.c.id, 'task', kind, target ?? 'case', ...(suffix !== undefined ? [suffix] : [])].join(':');
  const effect: Effect = { type: 'OPEN_SUPPORT_TASK', taskId: id, kind };
  if (target !== undefined) effect.target = target;
  if (detail !== undefined) effect.detail = detail;
  if (ctx.issue(id, effect)) {
    const task: Case['supportTasks'][number] = { id, kind, status: 'OPEN', openedAt: ctx.now };
    if (target !== undefined) task.target = target;
    ctx.c.supportTasks.push(task);
  }
}

// ---------------------------------------------------------------- opening a case

/** A shipment as it starts: one leg, no events yet, what it carries from the case's SKU orders. */
function newShipment(
  s: { waybillNo: string; carrierId: string; skuOrderIds: readonly string[] },
  skus: ReadonlyMap<string, { amountFen: number; refunded: boolean }>,
): Shipment {
  const carried = s.skuOrderIds.map((id) => skus.get(id)).filter((x) => x !== undefined);
  return {
    id: s.waybillNo,
    carrierId: s.carrierId,
    skuOrderIds: [...s.skuOrderIds],
    carriesRefunded: carried.some((k) => k.refunded),
    carriesOther: carried.some((k) => !k.refunded),
    refundedValueFen: carried.filter((k) => k.refunded).reduce((sum, k) => sum + k.amountFen, 0),
    trackingKnown: false,
    events: [],
    legs: [{ index: 0, waybillNo: s.waybillNo, carrierId: s.carrierId }],
    view: { logistics: 'UNKNOWN' },
  };
}

/** Opens a case from a refund-only application (the equivalent of a "refund-only applied" event). */
export function openCase(input: OpenCaseInput, now: Date, rules: Rules): Decision {
  const inp = OpenCaseInputSchema.parse(input);
  const at = nowIso(now);
  const skus = new Map(inp.skuOrders.map((s) => [s.skuOrderId, s]));
  const seen = new Set<string>();
  const shipments: Shipment[] = inp.shipments.map((s, i) => {
    if (seen.has(s.waybillNo)) throw new RangeError(`shipments[${i}].waybillNo: duplicate waybill ${s.waybillNo}`);
    seen.add(s.waybillNo);
    s.skuOrderIds.forEach((id, j) => {
      if (!skus.has(id)) throw new RangeError(`shipments[${i}].skuOrderIds[${j}]: unknown SKU order ${id}`);
    });
    return newShipment(s, skus);
  });
  const appliedAt = toIso(toMs(inp.appliedAt));
  const c: Case = {
    id: inp.caseId,
    mode: inp.mode,
    merchantId: inp.merchantId,
    merchantType: inp.merchantType,
    afterSaleId: inp.afterSaleId,
    orderId: inp.orderId,
    appliedAt,
    refundAmountFen: inp.refundAmountFen,
    reason: inp.reason,
    ...(inp.reasonText !== undefined ? { reasonText: inp.reasonText } : {}),
    categoryId: inp.categoryId,
    ...(inp.trustedBuyer && inp.mode === 'generic' ? { trustedBuyer: true } : {}),
    skuOrders: inp.skuOrders.map((s) => ({ ...s })),
    status: 'OPEN',
    agreement: {},
    eligibility: {
      verdict: 'UNKNOWN',
      reasons: [],
      source: 'ESTIMATE',
      estimate: { verdict: 'UNKNOWN', reasons: [] },
      rulesVersion: rules.version,
      at,
    },
    shipments,
    interceptions: [],
    heldInterceptions: [],
    deadline: computeDeadline({ appliedAt, platformDeadlines: [] }, rules),
    experience: computeExperienceClock({ appliedAt }, at, rules),
    complaints: [],
    supportTasks: [],
    timers: [],
    issued: {},
    platformDeadlines: [],
    rulesVersion: rules.version,
    timeline: [],
  };
  const ctx = new Ctx(c, at, rules);
  ctx.reason('CASE_OPENED');
  ctx.reason('DEADLINE_48H_INITIAL', undefined, c.deadline.dueComputed);
  evaluate(ctx, true);
  c.timeline.push({ at, event: 'CASE_OPENED', reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
}

// ---------------------------------------------------------------- the entry point

/**
 * Applies one event to a case under `rules` at `now`. Pure: the input case is not modified, time comes only
 * from `now`, and the same inputs always give the same output (idempotency keys included).
 * Throws a ZodError when the event is invalid.
 */
export function decide(current: Case, event: CaseEventInput, now: Date, rules: Rules): Decision {
  return decideInPlace(structuredClone(current), event, now, rules);
}

/**
 * decide() on a case the caller owns and gives up: `c` itself is changed and returned as the decision's
 * case, without the copy decide() makes. For a state just read from the store that nothing else holds.
 */
export function decideInPlace(c: Case, event: CaseEventInput, now: Date, rules: Rules): Decision {
  const ev = CaseEventSchema.parse(event);
  const ctx = new Ctx(c, nowIso(now), rules);
  refresh(c);
  apply(ctx, ev);
  evaluate(ctx, false);
  c.rulesVersion = rules.version;
  c.timeline.push({ at: ctx.now, event: ev.type, reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
}

// ---------------------------------------------------------------- facts

function apply(ctx: Ctx, ev: CaseEvent): void {
  const { c } = ctx;
  switch (ev.type) {
    case 'REFUSE_SIGN_AGREED':
      if (c.agreement.agreedAt === undefined) {
        c.agreement.agreedAt = toIso(toMs(ev.at));
        c.agreement.by = 'PLATFORM';
      }
      ctx.reason('REFUSE_SIGN_AGREED_OBSERVED', undefined, ev.at);
      return;
    case 'REFUSE_SIGN_DECLINED':
      if (c.agreement.declinedAt === undefined) {
        c.agreement.declinedAt = toIso(toMs(ev.at));
        c.agreement.declinedReason = ev.rawReason;
      }
      ctx.reason('PLATFORM_DECLINED', undefined, ev.rawReason);
      return;
    case 'BUYER_MODIFIED':
      if (ev.refundAmountFen !== undefined) c.refundAmountFen = ev.refundAmountFen;
      if (ev.reason !== undefined) {
        c.reason = ev.reason;
        if (ev.reasonText !== undefined) c.reasonText = ev.reasonText;
        else delete c.reasonText;
      }
      ctx.reason('BUYER_MODIFIED', undefined, JSON.stringify({ refundAmountFen: ev.refundAmountFen, reason: ev.reason }));
      return;
    case 'PLATFORM_DEADLINE_CHANGED':
      c.platformDeadlines.push({ at: toIso(toMs(ev.at)), due: toIso(toMs(ev.due)) });
      return;
    case 'REFUNDED':
      if (c.refundedAt === undefined) c.refundedAt = toIso(toMs(ev.at));
      delete c.refundPending;
      ctx.reason('PLATFORM_REFUND_OBSERVED', undefined, c.refund !== undefined ? 'confirms the refund lanjie issued' : undefined);
      return;
    case 'CLOSED':
      if (c.closed === undefined) c.closed = { at: toIso(toMs(ev.at)), cause: ev.cause };
      delete c.refundPending;
      c.heldInterceptions = [];
      ctx.reason(ev.cause === 'BUYER_CANCELLED' ? 'BUYER_CANCELLED' : 'CASE_CLOSED', undefined, ev.cause);
      return;
    case 'ARBITRATION':
      c.arbitration = { status: ev.status, at: toIso(toMs(ev.at)) };
      ctx.reason('ARBITRATION_OBSERVED', undefined, ev.status);
      return;
    case 'TRACKING_UPDATE': {
      const s = shipmentOfWaybill(c, ev.waybillNo);
      if (s === undefined) {
        ctx.reason('EVENT_IGNORED', ev.waybillNo, 'waybill is not a leg of any shipment of this case');
        return;
      }
      const added = mergeTrackingEvents(s, ev.waybillNo, ev.events);
      s.trackingKnown = true;
      s.lastTrackedAt = ctx.now;
      ctx.reason('TRACKING_UPDATED', ev.waybillNo, `${added} new event(s)`);
      return;
    }
    case 'INTERCEPT_REPLY': {
      const ix = c.interceptions.find((x) => x.id === ev.interceptionId);
      if (ix === undefined) {
        ctx.reason('EVENT_IGNORED', ev.interceptionId, 'unknown interception');
        return;
      }
      if (ix.reply !== undefined) return;
      ix.reply = { at: toIso(toMs(ev.at)), state: ev.state };
      if (ev.refusal !== undefined) ix.reply.refusal = ev.refusal;
      if (ev.carrierRef !== undefined) ix.carrierRef = ev.carrierRef;
      if (ev.cost !== undefined) ix.cost = ev.cost;
      if (ev.serviceOrderLink !== undefined) ix.serviceOrderLink = ev.serviceOrderLink;
      return;
    }
    case 'INTERCEPT_CALLBACK': {
      const ix = c.interceptions.find((x) => x.id === ev.interceptionId);
      if (ix === undefined) {
        ctx.reason('EVENT_IGNORED', ev.interceptionId, 'unknown interception');
        return;
      }
      const at = toIso(toMs(ev.at));
      if (!ix.callbacks.some((cb) => cb.at === at && cb.outcome === ev.outcome)) ix.callbacks.push({ at, outcome: ev.outcome });
      if (ev.serviceOrderLink !== undefined) ix.serviceOrderLink = ev.serviceOrderLink;
      return;
    }
    case 'INTERCEPT_CANCEL_REPLY': {
      const ix = c.interceptions.find((x) => x.id === ev.interceptionId);
      if (ix === undefined) {
        ctx.reason('EVENT_IGNORED', ev.interceptionId, 'unknown interception');
        return;
      }
      if (ix.cancelReply === undefined) ix.cancelReply = { at: toIso(toMs(ev.at)), state: ev.state };
      return;
    }
    case 'REQUEST_INTERCEPTION': {
      const req: InterceptionRequest = {
        shipmentId: ev.shipmentId,
        route: ev.route,
        kind: ev.kind,
        overrideNotWorth: ev.overrideNotWorth,
        requestedAt: ctx.now,
      };
      if (ev.quotedCostFen !== undefined) req.quotedCostFen = ev.quotedCostFen;
      if (ev.by !== undefined) req.by = ev.by;
      requestInterception(ctx, req);
      return;
    }
    case 'RECORD_OFFLINE_RESULT':
      recordOffline(ctx, ev);
      return;
    case 'CONFIRM_MIXED_PARCEL': {
      const s = c.shipments.find((x) => x.id === ev.shipmentId);
      if (s === undefined) {
        ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
        return;
      }
      s.mixedConfirmedBy = ev.by;
      ctx.reason('MIXED_PARCEL_CONFIRMED', s.id, ev.by);
      for (const t of c.supportTasks) {
        if (t.kind === 'INTERCEPT_NEEDS_CONFIRMATION' && t.target === s.id && t.status === 'OPEN') {
          t.status = 'DONE';
          t.completedAt = ctx.now;
          t.outcome = `confirmed by ${ev.by}`;
        }
      }
      const held = c.heldInterceptions.filter((h) => h.shipmentId === s.id);
      c.heldInterceptions = c.heldInterceptions.filter((h) => h.shipmentId !== s.id);
      for (const h of held) requestInterception(ctx, h);
      return;
    }
    case 'REJECT_AFTER_SIGNED': {
      if (!moneyOpen(c)) {
        ctx.reason('REJECT_NOT_ALLOWED', undefined, 'the after-sale is already settled');
        return;
      }
      const signed = relevantShipments(c).filter((s) => s.view.deliveredAt !== undefined);
      if (signed.length === 0) {
        ctx.reason(
          'REJECT_NOT_ALLOWED',
          undefined,
          relevantShipments(c)
            .map((s) => `${s.id}:${s.view.logistics}`)
            .join(','),
        );
        return;
      }
      issueReject(ctx);
      return;
    }
    case 'COMPLETE_SUPPORT_TASK': {
      const task = c.supportTasks.find((t) => t.id === ev.taskId);
      if (task === undefined) {
        ctx.reason('EVENT_IGNORED', ev.taskId, 'unknown support task');
        return;
      }
      if (task.status === 'OPEN') {
        task.status = 'DONE';
        task.completedAt = toIso(toMs(ev.at));
        if (ev.outcome !== undefined) task.outcome = ev.outcome;
      }
      const complaint = c.complaints.find((x) => x.id === ev.taskId);
      if (complaint !== undefined && complaint.status === 'OPEN') {
        complaint.status = 'RESOLVED';
        complaint.closedAt = toIso(toMs(ev.at));
        if (ev.compensationFen !== undefined) complaint.compensationFen = ev.compensationFen;
        ctx.reason('COMPLAINT_UPDATED', complaint.id, 'RESOLVED');
      }
      ctx.reason('SUPPORT_TASK_COMPLETED', task.id, ev.outcome);
      return;
    }
    case 'SHIPMENTS_ADDED': {
      const skus = new Map(c.skuOrders.map((k) => [k.skuOrderId, k]));
      for (const s of ev.shipments) {
        if (c.shipments.some((x) => x.legs.some((l) => l.waybillNo === s.waybillNo))) continue;
        const unknown = s.skuOrderIds.find((id) => !skus.has(id));
        if (unknown !== undefined) {
          ctx.reason('EVENT_IGNORED', s.waybillNo, `unknown SKU order ${unknown}`);
          continue;
        }
        c.shipments.push(newShipment(s, skus));
        ctx.reason('SHIPMENT_ADDED', s.waybillNo, s.carrierId);
      }
      return;
    }
    case 'RECORD_RETURN': {
      const s = c.shipments.find((x) => x.id === ev.shipmentId);
      if (s === undefined) {
        ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
        return;
      }
      if (s.returnRecord === undefined) s.returnRecord = { at: toIso(toMs(ev.at)), outcome: ev.outcome };
      ctx.reason(ev.outcome === 'RECEIVED' ? 'RETURN_RECEIVED' : 'RETURN_SIGNED_BY_OTHER', s.id);
      return;
    }
    case 'COMPLAINT_REQUESTED': {
      const s = c.shipments.find((x) => x.id === ev.shipmentId);
      if (s === undefined) {
        ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
        return;
      }
      openComplaint(ctx, s, ev.reason, successfulInterception(c, s) ?? c.interceptions.filter((ix) => ix.shipmentId === s.id).at(-1));
      return;
    }
    case 'COMPLAINT_UPDATED': {
      const complaint = c.complaints.find((x) => x.id === ev.complaintId);
      if (complaint === undefined) {
        ctx.reason('EVENT_IGNORED', ev.complaintId, 'unknown complaint');
        return;
      }
      complaint.status = ev.status;
      if (ev.status !== 'OPEN') complaint.closedAt = toIso(toMs(ev.at));
      if (ev.compensationFen !== undefined) complaint.compensationFen = ev.compensationFen;
      if (ev.hubRef !== undefined) complaint.hubRef = ev.hubRef;
      ctx.reason('COMPLAINT_UPDATED', complaint.id, ev.status);
      return;
    }
    case 'CARRIER_CREDENTIALS_REJECTED': {
      const before = c.supportTasks.length;
      openTask(ctx, 'CARRIER_CREDENTIALS_REJECTED', ev.carrierId, `${ev.accountId}: ${ev.detail ?? 'credentials rejected'}`);
      if (c.supportTasks.length > before) ctx.reason('CARRIER_CREDENTIALS_REJECTED', ev.carrierId, ev.detail);
      return;
    }
    case 'PLATFORM_MANUAL_REQUIRED':
      openTask(ctx, 'PLATFORM_MANUAL_REQUIRED', ev.action, ev.detail);
      ctx.reason('PLATFORM_MANUAL_REQUIRED', ev.action, ev.detail);
      return;
    case 'TIMER_FIRED':
      // A wake-up: the rules below look at `now`. The fired timer is dropped by the timer reconciliation.
      return;
  }
}

// ---------------------------------------------------------------- interception requests

interface InterceptionRequest {
  shipmentId: string;
  route: InterceptRoute;
  kind: InterceptKind;
  quotedCostFen?: number;
  overrideNotWorth: boolean;
  requestedAt: string;
  by?: string;
}

function requestInterception(ctx: Ctx, req: InterceptionRequest): void {
  const { c, rules } = ctx;
  const s = c.shipments.find((x) => x.id === req.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', req.shipmentId, 'unknown shipment');
    return;
  }
  if (!RETURN_KINDS.has(req.kind)) {
    ctx.reason('INTERCEPT_KIND_NOT_ALLOWED', s.id, req.kind);
    return;
  }
  if (c.closed !== undefined && c.closed.cause !== 'REFUNDED') {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, `case closed (${c.closed.cause})`);
    return;
  }
  if (!s.carriesRefunded) {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, 'the parcel carries no refunded goods');
    return;
  }
  if (req.route.kind === 'DOUYIN_INTERCEPT_SERVICE' && c.mode !== 'douyin') {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, 'the platform intercept service exists only in douyin mode');
    return;
  }
  if (req.route.kind === 'CARRIER_API' && req.route.carrierId !== s.carrierId) {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, `route carrier ${req.route.carrierId} is not the parcel's carrier ${s.carrierId}`);
    return;
  }
  const logistics = s.view.logistics;
  if (logistics === 'NOT_COLLECTED') {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, 'not collected: the handover is cancelled instead');
    return;
  }
  if (logistics === 'DELIVERED' || logistics === 'RETURNING' || logistics === 'RETURNED') {
    ctx.reason('INTERCEPT_NOT_POSSIBLE', s.id, logistics);
    return;
  }
  const onWaybill = c.interceptions.filter((ix) => ix.waybillNo === s.id);
  if (onWaybill.some((ix) => ix.succeededAt !== undefined)) {
    ctx.reason('INTERCEPT_ALREADY_SUCCEEDED', s.id);
    return;
  }
  if (onWaybill.some((ix) => IN_FLIGHT_STATES.has(ix.state))) {
    ctx.reason('INTERCEPT_IN_FLIGHT', s.id);
    return;
  }
  const worth = interceptWorth(s, rules, req.quotedCostFen);
  const worthDetail = `value ${worth.valueFen} − cost ${worth.costFen} − freight ${worth.returnFreightFen} = ${worth.netFen} fen, threshold ${worth.thresholdFen}`;
  if (!worth.worth && !req.overrideNotWorth) {
    ctx.reason('INTERCEPT_NOT_WORTH', s.id, worthDetail);
    return;
  }
  if (s.carriesOther && s.mixedConfirmedBy === undefined) {
    c.heldInterceptions = [...c.heldInterceptions.filter((h) => h.shipmentId !== s.id), { ...req }];
    ctx.reason('INTERCEPT_NEEDS_CONFIRMATION', s.id);
    openTask(ctx, 'INTERCEPT_NEEDS_CONFIRMATION', s.id, `parcel ${s.id} also carries goods not being refunded`);
    return;
  }
  const attempt = onWaybill.length + 1;
  const channel = channelOfRoute(req.route);
  const ix: Interception = {
    id: `${c.id}:ix:${s.id}:${attempt}`,
    shipmentId: s.id,
    waybillNo: s.id,
    carrierId: s.carrierId,
    route: req.route,
    channel,
    kind: req.kind,
    idempotencyKey: idempotencyKey(c.id, 'intercept', `${s.id}:${attempt}`),
    requestedAt: req.requestedAt,
    costEstimateFen: worth.costFen,
    callbacks: [],
    state: 'REQUESTED',
  };
  if (req.by !== undefined) ix.requestedBy = req.by;
  c.interceptions.push(ix);
  ctx.reason('INTERCEPT_REQUESTED', ix.id, `${channel}; ${worthDetail}${worth.worth ? '' : ' (override)'}`);
  if (channel === 'OFFLINE') return;
  ctx.issue(`intercept:${s.id}:${attempt}`, {
    type: 'INTERCEPT',
    interceptionId: ix.id,
    idempotencyKey: ix.idempotencyKey,
    shipmentId: s.id,
    waybillNo: s.id,
    carrierId: s.carrierId,
    route: req.route,
    channel,
    kind: req.kind,
    context: {
      platform: c.mode,
      afterSaleId: c.afterSaleId,
      skuOrderIds: s.skuOrderIds.filter((id) => c.skuOrders.some((k) => k.skuOrderId === id && k.refunded)),
    },
  });
}

function recordOffline(ctx: Ctx, ev: Extract<CaseEvent, { type: 'RECORD_OFFLINE_RESULT' }>): void {
  const { c } = ctx;
  const s = c.shipments.find((x) => x.id === ev.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
    return;
  }
  const at = toIso(toMs(ev.at));
  const onWaybill = c.interceptions.filter((ix) => ix.waybillNo === s.id);
  let ix = onWaybill.find((x) => x.channel === 'OFFLINE' && IN_FLIGHT_STATES.has(x.state));
  if (ix === undefined) {
    if (onWaybill.some((x) => IN_FLIGHT_STATES.has(x.state))) {
      ctx.reason('INTERCEPT_IN_FLIGHT', s.id);
      return;
    }
    if (onWaybill.some((x) => x.succeededAt !== undefined)) {
      ctx.reason('INTERCEPT_ALREADY_SUCCEEDED', s.id);
      return;
    }
    const attempt = onWaybill.length + 1;
    ix = {
      id: `${c.id}:ix:${s.id}:${attempt}`,
      shipmentId: s.id,
      waybillNo: s.id,
      carrierId: s.carrierId,
      route: { kind: 'OFFLINE' },
      channel: 'OFFLINE',
      kind: 'RETURN_TO_SENDER',
      idempotencyKey: idempotencyKey(c.id, 'intercept', `${s.id}:${attempt}`),
      requestedAt: at,
      costEstimateFen: ev.costFen ?? interceptWorth(s, ctx.rules).costFen,
      callbacks: [],
      state: 'REQUESTED',
    };
    if (ev.by !== undefined) ix.requestedBy = ev.by;
    c.interceptions.push(ix);
    ctx.reason('INTERCEPT_REQUESTED', ix.id, 'OFFLINE (recorded by the merchant)');
  }
  if (ev.costFen !== undefined) ix.cost = { fen: ev.costFen, payer: 'MERCHANT' };
  if (ev.outcome === 'ACCEPTED' && ix.reply === undefined) ix.reply = { at, state: 'ACCEPTED' };
  if (ev.outcome === 'REFUSED' && ix.reply === undefined) ix.reply = { at, state: 'REJECTED' };
  if (ev.outcome === 'FAILED') {
    if (ix.reply === undefined) ix.reply = { at, state: 'ACCEPTED' };
    if (!ix.callbacks.some((cb) => cb.outcome === 'FAILED' && cb.at === at)) ix.callbacks.push({ at, outcome: 'FAILED' });
  }
}

// ---------------------------------------------------------------- money effects

function issueReject(ctx: Ctx): void {
  const { c } = ctx;
  const key = idempotencyKey(c.id, 'reject', c.afterSaleId);
  const issued = ctx.issue('money:reject', {
    type: 'REJECT_REFUND',
    action: 'reject',
    idempotencyKey: key,
    afterSaleId: c.afterSaleId,
    via: ctx.via,
    advice: 'RETURN_AND_REFUND',
    reason: 'REJECT_AFTER_SIGNED',
  });
  if (issued) {
    c.rejection = { action: 'reject', idempotencyKey: key, reason: 'REJECT_AFTER_SIGNED', issuedAt: ctx.now };
    ctx.reason('REJECT_AFTER_SIGNED', undefined, ctx.via);
  }
}

function issueRefund(ctx: Ctx, reason: ReasonCode): void {
  const { c } = ctx;
  const key = idempotencyKey(c.id, 'refund', c.afterSaleId);
  const issued = ctx.issue('money:refund', {
    type: 'AGREE_REFUND',
    action: 'refund',
    idempotencyKey: key,
    afterSaleId: c.afterSaleId,
    amountFen: c.refundAmountFen,
    via: ctx.via,
    reason,
  });
  if (issued) {
    c.refund = { action: 'refund', idempotencyKey: key, reason, issuedAt: ctx.now, amountFen: c.refundAmountFen };
    delete c.refundPending;
    ctx.reason(reason, undefined, ctx.via);
  }
}

/** Why a parcel counts as stopped or back, and since when; undefined while it is not. */
function stopOf(c: Case, s: Shipment, now: string): { at: string; reason: ReasonCode } | undefined {
  const v = s.view;
  if (v.deliveredAt !== undefined && v.returnedAt === undefined) return undefined;
  const cands: { at: string; reason: ReasonCode }[] = [];
  if (v.returnedAt !== undefined) cands.push({ at: v.returnedAt, reason: 'REFUND_ON_RETURN_RECEIVED' });
  for (const ix of c.interceptions) {
    if (ix.shipmentId === s.id && ix.succeededAt !== undefined && ix.breachedAt === undefined)
      cands.push({ at: ix.succeededAt, reason: 'REFUND_ON_INTERCEPT_SUCCESS' });
  }
  // A trusted buyer (generic mode) is refunded on the refusal itself (DESIGN §2.1 policy).
  if (v.refusedAt !== undefined && c.trustedBuyer === true && c.mode === 'generic')
    cands.push({ at: v.refusedAt, reason: 'REFUND_TRUSTED_BUYER' });
  if (v.refusedAt !== undefined) {
    const from = toMs(v.refusedAt);
    const scan = s.events.find((e) => toMs(e.at) >= from && isReturnDirection(e, s.legs));
    if (scan !== undefined) cands.push({ at: scan.at, reason: 'REFUND_ON_REJECTION_RETURN_SCAN' });
  }
  if (v.logistics === 'NOT_COLLECTED') cands.push({ at: s.lastTrackedAt ?? now, reason: 'REFUND_NOT_COLLECTED' });
  cands.sort((a, b) => toMs(a.at) - toMs(b.at));
  return cands[0];
}

function refundRule(ctx: Ctx): void {
  const { c, rules, now } = ctx;
  if (!moneyOpen(c)) {
    delete c.refundPending;
    return;
  }
  if (c.mode === 'douyin') {
    const platformIx = c.interceptions.find((ix) => ix.channel === 'PLATFORM_SERVICE' && ix.state !== 'REJECTED');
    if (platformIx !== undefined) {
      delete c.refundPending;
      if (ctx.once(`note:left-to-platform:${platformIx.id}`)) ctx.reason('REFUND_LEFT_TO_PLATFORM', platformIx.id);
      return;
    }
  }
  const relevant = relevantShipments(c);
  const stops = relevant.map((s) => ({ s, stop: stopOf(c, s, now) }));
  const missing = stops.filter((x) => x.stop === undefined);
  if (relevant.length === 0 || missing.length > 0) {
    if (c.refundPending !== undefined) {
      ctx.reason('REFUND_HELD', undefined, missing.map((x) => x.s.id).join(','));
      delete c.refundPending;
    }
    if (missing.length < stops.length && ctx.once(`note:waiting:${missing.map((x) => x.s.id).join(',')}`)) {
      ctx.reason('REFUND_WAITING_OTHER_PARCELS', undefined, missing.map((x) => x.s.id).join(','));
    }
    return;
  }
  const last = stops
    .map((x) => x.stop)
    .filter((x) => x !== undefined)
    .sort((a, b) => toMs(b.at) - toMs(a.at))[0];
  if (last === undefined) return;
  if (c.refundPending === undefined) {
    c.refundPending = { since: now, reason: last.reason };
    ctx.reason('REFUND_RECHECK_TRACKING', undefined, last.reason);
  }
  // The merchant holding the goods needs no re-check; otherwise a tracking answer at or after that parcel's own
  // evidence. A parcel that stopped on tracking (a return scan) is already re-checked by that answer, so a
  // multi-parcel order is refunded as soon as its last parcel stops, as one parcel would be.
  const stopAt = new Map(stops.map((x) => [x.s.id, toMs(x.stop?.at ?? c.refundPending?.since ?? now)]));
  const stale = relevant
    .filter(
      (s) =>
        s.returnRecord?.outcome !== 'RECEIVED' &&
        (s.lastTrackedAt === undefined || toMs(s.lastTrackedAt) < (stopAt.get(s.id) ?? toMs(now))),
    )
    // A trusted buyer (generic mode) needs no re-check.
    .filter(() => !(c.trustedBuyer === true && c.mode === 'generic'));
  const noLaterThan = toMs(c.deadline.due) - Math.round(rules.refundMarginHours * HOUR_MS);
  if (stale.length === 0 || toMs(now) >= noLaterThan) {
    issueRefund(ctx, last.reason);
    return;
  }
  for (const s of stale) {
    const leg = latestLeg(s);
    ctx.issue(`recheck:${leg.waybillNo}:${c.refundPending.since}`, {
      type: 'TRACK_SHIPMENT',
      shipmentId: s.id,
      waybillNo: leg.waybillNo,
      carrierId: leg.carrierId,
      purpose: 'RECHECK_BEFORE_REFUND',
    });
  }
}

// ---------------------------------------------------------------- complaints

function openComplaint(ctx: Ctx, s: Shipment, reason: Complaint['reason'], ix: Interception | undefined): void {
  const { c, rules } = ctx;
  const id = `${c.id}:complaint:${s.id}:${reason}`;
  if (c.complaints.some((x) => x.id === id)) return;
  if (c.complaints.some((x) => x.shipmentId === s.id && x.status === 'OPEN')) {
    if (ctx.once(`note:complaint-blocked:${id}`)) ctx.reason('COMPLAINT_ALREADY_OPEN', s.id, reason);
    return;
  }
  const viaHub = ix?.channel === 'HUB';
  const complaint: Complaint = {
    id,
    shipmentId: s.id,
    reason,
    via: viaHub ? 'HUB_WORK_ORDER' : 'SUPPORT_TASK',
    claimCompensation: reason === 'INTERCEPT_BREACHED',
    status: 'OPEN',
    openedAt: ctx.now,
  };
  if (viaHub) complaint.hubId = rules.hubId;
  if (ix?.channel === 'PLATFORM_SERVICE' && ix.serviceOrderLink !== undefined) complaint.serviceOrderLink = ix.serviceOrderLink;
  if (ix !== undefined) complaint.interceptionId = ix.id;
  const leg = latestLeg(s);
  const effect: Effect = {
    type: 'OPEN_COMPLAINT',
    complaintId: id,
    shipmentId: s.id,
    waybillNo: leg.waybillNo,
    via: complaint.via,
    claimCompensation: complaint.claimCompensation,
    reason,
  };
  if (complaint.hubId !== undefined) effect.hubId = complaint.hubId;
  if (complaint.serviceOrderLink !== undefined) effect.serviceOrderLink = complaint.serviceOrderLink;
  if (!ctx.issue(id, effect)) return;
  c.complaints.push(complaint);
  if (complaint.via === 'SUPPORT_TASK') c.supportTasks.push({ id, kind: reason, target: s.id, status: 'OPEN', openedAt: ctx.now });
  ctx.reason(reason, s.id, complaint.via);
}

/** The interception that stopped a parcel (the latest one that succeeded), if any. */
function successfulInterception(c: Case, s: Shipment): Interception | undefined {
  return c.interceptions.filter((ix) => ix.shipmentId === s.id && ix.succeededAt !== undefined).at(-1);
}

// ---------------------------------------------------------------- evaluation

function evaluate(ctx: Ctx, opening: boolean): void {
  const { c, rules, now } = ctx;
  refresh(c);
  const cancelled = c.closed?.cause === 'BUYER_CANCELLED';

  // Interception outcomes and new legs, each said once.
  for (const ix of c.interceptions) {
    if (ix.state === 'REJECTED' && ctx.once(`note:${ix.id}:rejected`)) ctx.reason('INTERCEPT_REFUSED', ix.id, ix.reply?.refusal);
    if (ix.acceptedAt !== undefined && ctx.once(`note:${ix.id}:accepted`)) ctx.reason('INTERCEPT_ACCEPTED', ix.id);
    if (ix.succeededAt !== undefined && ctx.once(`note:${ix.id}:succeeded`))
      ctx.reason('INTERCEPT_SUCCEEDED', ix.id, `${ix.succeededBy ?? ''} ${ix.succeededAt}`);
    if (ix.failedAt !== undefined && ctx.once(`note:${ix.id}:failed`)) ctx.reason('INTERCEPT_FAILED', ix.id, ix.failedAt);
    if (ix.cancelledAt !== undefined && ctx.once(`note:${ix.id}:cancelled`)) ctx.reason('INTERCEPT_CANCELLED', ix.id);
  }
  for (const s of c.shipments) {
    for (const leg of s.legs) {
      if (leg.index > 0 && ctx.once(`note:leg:${leg.waybillNo}`))
        ctx.reason('RETURN_NEW_LEG', s.id, `${leg.waybillNo}${leg.inferred ? ' (inferred)' : ''}`);
    }
  }

  // Eligibility (§2.2): recorded with the rules version; every change is a reason.
  const elig = computeEligibility(c, rules, now);
  if (opening || !sameEligibility(elig, c.eligibility)) {
    c.eligibility = elig;
    if (elig.verdict !== 'ELIGIBLE') for (const r of elig.reasons) ctx.reasons.push({ ...r });
  }

  // Agreement (§2.1): generic mode decides itself; douyin mode only observes, or agrees itself where enabled.
  if (c.agreement.agreedAt === undefined && c.agreement.declinedAt === undefined && moneyOpen(c)) {
    if (c.mode === 'generic' && c.eligibility.verdict === 'ELIGIBLE') {
      if (
        ctx.issue('money:agree-refuse-sign', {
          type: 'AGREE_REFUSE_SIGN',
          action: 'agree-refuse-sign',
          idempotencyKey: idempotencyKey(c.id, 'agree-refuse-sign', c.afterSaleId),
          afterSaleId: c.afterSaleId,
          via: 'WEBHOOK',
          reason: 'REFUSE_SIGN_AGREED',
        })
      ) {
        c.agreement.agreedAt = now;
        c.agreement.by = 'LANJIE';
        c.eligibility = computeEligibility(c, rules, now);
        ctx.reason('REFUSE_SIGN_AGREED');
      }
    }
    if (
      c.mode === 'douyin' &&
      rules.douyinAgreeRefuseSignOurselves &&
      c.eligibility.estimate.verdict === 'ELIGIBLE' &&
      toMs(now) >= toMs(addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours))
    ) {
      if (
        ctx.issue('money:agree-refuse-sign', {
          type: 'AGREE_REFUSE_SIGN',
          action: 'agree-refuse-sign',
          idempotencyKey: idempotencyKey(c.id, 'agree-refuse-sign', c.afterSaleId),
          afterSaleId: c.afterSaleId,
          via: 'PLATFORM_API',
          reason: 'REFUSE_SIGN_SELF_AGREE',
        })
      )
        ctx.reason('REFUSE_SIGN_SELF_AGREE');
    }
  }

  // Deadline (§2.3) and experience clock (§2.4), from sticky facts.
  const relevant = relevantShipments(c);
  const trigger = earliest([
    ...relevant.flatMap((s) => [s.view.refusedAt, s.view.deliveredAt]),
    ...c.interceptions.filter((ix) => relevant.some((s) => s.id === ix.shipmentId)).map((ix) => ix.succeededAt),
    c.deadline.triggerAt,
  ]);
  const prevDeadline = c.deadline;
  const facts = {
    appliedAt: c.appliedAt,
    platformDeadlines: c.platformDeadlines,
    ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
    ...(trigger !== undefined ? { triggerAt: trigger } : {}),
  };
  c.deadline = computeDeadline(facts, rules, prevDeadline);
  const oldChanges = new Set(prevDeadline.history.map((h) => JSON.stringify(h)));
  for (const h of c.deadline.history) if (!oldChanges.has(JSON.stringify(h))) ctx.reason(h.reason, h.field, h.due);

  const exceptionAt = earliest([...relevant.map((s) => s.view.exceptionAt), ...c.interceptions.map((ix) => ix.failedAt)]);
  const endAt = earliest([c.refundedAt, c.closed?.at]);
  const prevClock = c.experience;
  c.experience = computeExperienceClock(
    {
      appliedAt: c.appliedAt,
      ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
      ...(trigger !== undefined ? { resumeAt: trigger } : {}),
      ...(exceptionAt !== undefined ? { exceptionAt } : {}),
      ...(endAt !== undefined ? { endAt } : {}),
    },
    now,
    rules,
  );
  if (c.experience.agreedAt !== undefined && prevClock.agreedAt === undefined && c.experience.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_PAUSED', undefined, c.experience.agreedAt);
  if (c.experience.resumedAt !== undefined && prevClock.resumedAt !== c.experience.resumedAt)
    ctx.reason('EXPERIENCE_CLOCK_RESUMED', undefined, c.experience.resumedAt);
  if (c.experience.keptPaused && !prevClock.keptPaused) ctx.reason('EXPERIENCE_CLOCK_KEPT_PAUSED', undefined, exceptionAt);
  if (c.experience.endAt !== undefined && prevClock.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_STOPPED', undefined, `${c.experience.countedMs} ms`);

  // Follow every leg of every shipment until it is terminal.
  if (!cancelled) {
    for (const s of c.shipments) {
      for (const leg of s.legs)
        ctx.issue(`track:${leg.waybillNo}`, {
          type: 'TRACK_SHIPMENT',
          shipmentId: s.id,
          waybillNo: leg.waybillNo,
          carrierId: leg.carrierId,
          purpose: 'FOLLOW',
        });
    }
  }

  // Not collected (§2.5): no interception; ask the merchant to cancel the handover. The refund follows below.
  if (moneyOpen(c)) {
    for (const s of relevant) {
      if (s.view.logistics !== 'NOT_COLLECTED') continue;
      if (c.mode === 'generic') {
        const key = idempotencyKey(c.id, 'cancel-handover', s.id);
        if (
          ctx.issue(`webhook:${key}`, {
            type: 'NOTIFY_WEBHOOK',
            idempotencyKey: key,
            topic: 'CANCEL_HANDOVER',
            reason: 'NOT_COLLECTED_CANCEL_HANDOVER',
            target: s.id,
          })
        )
          ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'WEBHOOK');
      } else if (!Object.hasOwn(c.issued, `${c.id}:task:NOT_COLLECTED_CANCEL_HANDOVER:${s.id}`)) {
        openTask(ctx, 'NOT_COLLECTED_CANCEL_HANDOVER', s.id, `cancel the handover of ${s.id}`);
        ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'SUPPORT_TASK');
      }
    }
  }

  // Buyer cancelled mid-interception: cancel what is in flight.
  if (cancelled) {
    for (const ix of c.interceptions) {
      if (!IN_FLIGHT_STATES.has(ix.state) || ix.cancelRequestedAt !== undefined) continue;
      ix.cancelRequestedAt = now;
      if (ix.channel === 'OFFLINE') {
        openTask(ctx, 'INTERCEPT_CANCEL_ON_BUYER_CANCEL', ix.id, 'cancel the offline interception with the courier');
      } else {
        ctx.issue(`cancel-intercept:${ix.id}`, {
          type: 'CANCEL_INTERCEPTION',
          interceptionId: ix.id,
          interceptIdempotencyKey: ix.idempotencyKey,
          waybillNo: ix.waybillNo,
          carrierId: ix.carrierId,
          route: ix.route,
          channel: ix.channel,
          reason: 'INTERCEPT_CANCEL_ON_BUYER_CANCEL',
        });
      }
      ctx.reason('INTERCEPT_CANCEL_ON_BUYER_CANCEL', ix.id);
    }
  }

  // Goods not returned (§2.6): breach, return overdue on the latest leg, return signed by someone else.
  const overdueTimers: Timer[] = [];
  if (!cancelled) {
    for (const s of c.shipments) {
      const breached = c.interceptions.find((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined);
      if (breached !== undefined && s.view.returnedAt === undefined) openComplaint(ctx, s, 'INTERCEPT_BREACHED', breached);
      if (s.returnRecord?.outcome === 'SIGNED_BY_OTHER') openComplaint(ctx, s, 'RETURN_SIGNED_BY_OTHER', successfulInterception(c, s));
      if (s.view.returnedAt !== undefined || breached !== undefined) continue;
      const okIx = successfulInterception(c, s);
      const refusalScan =
        s.view.refusedAt !== undefined
          ? s.events.find((e) => toMs(e.at) >= toMs(s.view.refusedAt ?? e.at) && isReturnDirection(e, s.legs))?.at
          : undefined;
      const returnStart = earliest([okIx?.succeededAt, refusalScan]);
      if (returnStart === undefined) continue;
      const leg = latestLeg(s);
      const legStart = leg.startedAt !== undefined && toMs(leg.startedAt) > toMs(returnStart) ? leg.startedAt : returnStart;
      const overdueAt = addHours(legStart, returnOverdueHoursFor(rules, leg.carrierId));
      if (toMs(now) >= toMs(overdueAt)) openComplaint(ctx, s, 'RETURN_OVERDUE', okIx);
      else overdueTimers.push({ id: `${c.id}:timer:RETURN_OVERDUE:${s.id}`, kind: 'RETURN_OVERDUE', at: overdueAt, target: s.id });
    }
  }

  // Buyer signed after the agreement (seed 3.5): reject (when enabled) or a support task. Only DELIVERED counts.
  if (moneyOpen(c) && c.agreement.agreedAt !== undefined) {
    const agreedMs = toMs(c.agreement.agreedAt);
    const signed = relevant.filter(
      (s) =>
        s.view.deliveredAt !== undefined &&
        s.view.returnedAt === undefined &&
        toMs(s.view.deliveredAt) >= agreedMs &&
        !c.interceptions.some((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined),
    );
    if (signed.length > 0) {
      if (rules.autoRejectAfterSigned && signed.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
      else
        openTask(
          ctx,
          'REJECT_AFTER_SIGNED',
          signed.map((s) => s.id).join(','),
          'buyer signed after the agreement: consider rejecting refund-only and advising return-and-refund',
        );
    }
  }

  deliveredBeforeInterception(ctx, relevant);

  // Refund (§2.6) when every parcel carrying refunded goods is stopped or back.
  refundRule(ctx);

  // Deadline at risk and timeout (§2.3).
  const dueMs = toMs(c.deadline.due);
  if (moneyOpen(c)) {
    const atRiskMs = dueMs - Math.round(rules.atRiskMarginHours * HOUR_MS);
    if (toMs(now) >= atRiskMs && toMs(now) < dueMs && c.refundPending === undefined) {
      openTask(ctx, 'DEADLINE_AT_RISK', undefined, `due ${c.deadline.due}`, c.deadline.due);
    }
    if (toMs(now) >= dueMs && c.deadline.timedOutAt !== c.deadline.due) {
      c.deadline.timedOutAt = c.deadline.due;
      ctx.reason('PLATFORM_TIMEOUT', undefined, c.deadline.due);
      if (c.mode === 'douyin')
        ctx.issue(`timeout:${c.deadline.due}`, { type: 'FETCH_AFTER_SALE', afterSaleId: c.afterSaleId, reason: 'PLATFORM_TIMEOUT' });
      else {
        const key = idempotencyKey(c.id, 'timeout', c.deadline.due);
        ctx.issue(`timeout:${c.deadline.due}`, {
          type: 'NOTIFY_WEBHOOK',
          idempotencyKey: key,
          topic: 'DEADLINE_TIMEOUT',
          reason: 'PLATFORM_TIMEOUT',
        });
      }
    }
  }

  c.status = statusOf(c);
  closeTasksWhoseCauseIsGone(ctx);
  reconcileTimers(ctx, overdueTimers);
}

/** Task kinds that only ask support to decide something about the money or the interception: moot once the case is final. */
const DECISION_TASKS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'DEADLINE_AT_RISK',
  'REJECT_AFTER_SIGNED',
  'DELIVERED_BEFORE_INTERCEPT',
  'INTERCEPT_NEEDS_CONFIRMATION',
]);

/** Why an open task no longer needs anyone, or undefined while it still does. */
function causeGone(c: Case, task: SupportTask): string | undefined {
  const complaint = c.complaints.find((x) => x.id === task.id);
  if (complaint !== undefined) return complaint.status === 'OPEN' ? undefined : `complaint ${complaint.status}`;
  if (task.kind === 'INTERCEPT_NEEDS_CONFIRMATION') {
    const s = c.shipments.find((x) => x.id === task.target);
    if (s?.view.deliveredAt !== undefined) return `parcel ${s.id} delivered`;
    if (s?.view.returnedAt !== undefined || s?.view.logistics === 'RETURNING') return `parcel ${s.id} on its way back`;
  }
  if (task.kind === 'DEADLINE_AT_RISK' && !moneyOpen(c)) return `money settled (${c.status})`;
  if (task.kind === 'CARRIER_CREDENTIALS_REJECTED') {
    const answered = c.shipments.some(
      (s) => s.carrierId === task.target && s.lastTrackedAt !== undefined && toMs(s.lastTrackedAt) > toMs(task.openedAt),
    );
    if (answered) return `${task.target} answered again`;
  }
  if (DECISION_TASKS.has(task.kind) && (c.status === 'REFUNDED' || c.status === 'CLOSED' || c.status === 'REJECTED'))
    return `case ${c.status}`;
  return undefined;
}

/** Closes the open tasks whose cause is gone, each with the reason in its outcome and in the timeline. */
function closeTasksWhoseCauseIsGone(ctx: Ctx): void {
  for (const task of ctx.c.supportTasks) {
    if (task.status !== 'OPEN') continue;
    const why = causeGone(ctx.c, task);
    if (why === undefined) continue;
    task.status = 'DONE';
    task.completedAt = ctx.now;
    task.outcome = `closed by lanjie: ${why}`;
    task.closedBy = 'lanjie';
    ctx.reason('SUPPORT_TASK_CLOSED_CAUSE_GONE', task.id, why);
  }
}

/**
 * Delivered to the buyer before any agreement or interception (DESIGN §2.5, seed 3.5): no interception is asked for
 * (`requestInterception` refuses a DELIVERED parcel); the merchant may reject refund-only and advise return-and-refund,
 * by rule when `autoRejectAfterSigned` is on and every parcel was delivered, otherwise as a support task.
 */
function deliveredBeforeInterception(ctx: Ctx, relevant: readonly Shipment[]): void {
  const { c, rules } = ctx;
  if (!moneyOpen(c) || relevant.length === 0) return;
  const agreedMs = c.agreement.agreedAt !== undefined ? toMs(c.agreement.agreedAt) : Number.POSITIVE_INFINITY;
  const delivered = relevant.filter(
    (s) =>
      s.view.deliveredAt !== undefined &&
      s.view.returnedAt === undefined &&
      toMs(s.view.deliveredAt) < agreedMs &&
      !c.interceptions.some((ix) => ix.shipmentId === s.id && (ix.succeededAt !== undefined || IN_FLIGHT_STATES.has(ix.state))),
  );
  if (delivered.length === 0) return;
  const ids = delivered.map((s) => s.id).join(',');
  if (ctx.once(`note:delivered-before-interception:${ids}`)) ctx.reason('DELIVERED_BEFORE_INTERCEPT', ids);
  if (rules.autoRejectAfterSigned && delivered.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
  else
    openTask(
      ctx,
      'DELIVERED_BEFORE_INTERCEPT',
      ids,
      'delivered to the buyer before any interception: consider rejecting refund-only and advising return-and-refund',
    );
}

function statusOf(c: Case): CaseStatus {
  if (c.closed !== undefined) return c.closed.cause === 'REFUNDED' ? 'REFUNDED' : 'CLOSED';
  if (c.refundedAt !== undefined) return 'REFUNDED';
  if (c.rejection !== undefined) return 'REJECTED';
  if (c.refund !== undefined) return 'REFUND_ISSUED';
  if (c.agreement.agreedAt !== undefined) return 'REFUSE_SIGN_AGREED';
  return 'OPEN';
}

/** Sets the timers the case needs now and cancels the ones it no longer needs (fired ones are dropped). */
function reconcileTimers(ctx: Ctx, overdue: Timer[]): void {
  const { c, rules, now } = ctx;
  const nowMs = toMs(now);
  const desired: Timer[] = [...overdue];
  const timer = (kind: Timer['kind'], at: string): void => {
    if (toMs(at) > nowMs) desired.push({ id: `${c.id}:timer:${kind}`, kind, at });
  };
  if (moneyOpen(c)) {
    timer('DEADLINE_AT_RISK', addHours(c.deadline.due, -rules.atRiskMarginHours));
    timer('DEADLINE_DUE', c.deadline.due);
    if (c.refundPending !== undefined) timer('REFUND_NO_LATER_THAN', addHours(c.deadline.due, -rules.refundMarginHours));
    if (
      c.mode === 'douyin' &&
      rules.douyinAgreeRefuseSignOurselves &&
      c.agreement.agreedAt === undefined &&
      c.agreement.declinedAt === undefined
    ) {
      timer('SELF_AGREE', addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours));
    }
  }
  const wanted = desired.filter((t) => toMs(t.at) > nowMs);
  const next: Timer[] = [];
  for (const t of wanted) {
    const existing = c.timers.find((x) => x.id === t.id);
    if (existing === undefined || existing.at !== t.at) ctx.effects.push({ type: 'SET_TIMER', timer: t });
    next.push(t);
  }
  for (const old of c.timers) {
    if (!wanted.some((t) => t.id === old.id) && toMs(old.at) > nowMs) ctx.effects.push({ type: 'CANCEL_TIMER', timerId: old.id });
  }
  c.timers = next;
}
