// Apply handlers that ask for an interception: the merchant's request, and support confirming a held one on a mixed parcel.
import { RETURN_KINDS } from '../../carrier/model.ts';
import type { InterceptKind } from '../../carrier/model.ts';
import type { Ctx } from '../decide-context.ts';
import { openTask } from '../decide-context.ts';
import { idempotencyKey } from '../effects.ts';
import type { InterceptRoute } from '../events.ts';
import { IN_FLIGHT_STATES, channelOfRoute, interceptWorth } from '../interception.ts';
import type { ReasonCode } from '../reasons.ts';
import type { Case, Interception, Shipment } from '../state.ts';
import type { EventOf } from './handler.ts';

/** An interception asked for (now, or held until a mixed parcel is confirmed). */
export interface InterceptionRequest {
  shipmentId: string;
  route: InterceptRoute;
  kind: InterceptKind;
  quotedCostFen?: number;
  overrideNotWorth: boolean;
  requestedAt: string;
  by?: string;
}

/** Why an interception is not asked for: a reason code and its detail. */
interface Refusal {
  code: ReasonCode;
  detail?: string;
}

/** Why the request itself or the case rules the interception out (kind, closed case, goods, route), or undefined. */
function requestRefusal(c: Case, s: Shipment, req: InterceptionRequest): Refusal | undefined {
  if (!RETURN_KINDS.has(req.kind)) return { code: 'INTERCEPT_KIND_NOT_ALLOWED', detail: req.kind };
  if (c.closed !== undefined && c.closed.cause !== 'REFUNDED')
    return { code: 'INTERCEPT_NOT_POSSIBLE', detail: `case closed (${c.closed.cause})` };
  if (!s.carriesRefunded) return { code: 'INTERCEPT_NOT_POSSIBLE', detail: 'the parcel carries no refunded goods' };
  if (req.route.kind === 'DOUYIN_INTERCEPT_SERVICE' && c.mode !== 'douyin')
    return { code: 'INTERCEPT_NOT_POSSIBLE', detail: 'the platform intercept service exists only in douyin mode' };
  if (req.route.kind === 'CARRIER_API' && req.route.carrierId !== s.carrierId)
    return { code: 'INTERCEPT_NOT_POSSIBLE', detail: `route carrier ${req.route.carrierId} is not the parcel's carrier ${s.carrierId}` };
  return undefined;
}

/** Why the parcel's state rules the interception out (not collected, delivered or on its way back, done or in flight), or undefined. */
function parcelRefusal(c: Case, s: Shipment): Refusal | undefined {
  const logistics = s.view.logistics;
  if (logistics === 'NOT_COLLECTED') return { code: 'INTERCEPT_NOT_POSSIBLE', detail: 'not collected: the handover is cancelled instead' };
  if (logistics === 'DELIVERED' || logistics === 'RETURNING' || logistics === 'RETURNED')
    return { code: 'INTERCEPT_NOT_POSSIBLE', detail: logistics };
  const onWaybill = c.interceptions.filter((ix) => ix.waybillNo === s.id);
  if (onWaybill.some((ix) => ix.succeededAt !== undefined)) return { code: 'INTERCEPT_ALREADY_SUCCEEDED' };
  if (onWaybill.some((ix) => IN_FLIGHT_STATES.has(ix.state))) return { code: 'INTERCEPT_IN_FLIGHT' };
  return undefined;
}

/** Holds the request until support confirms the parcel also carries goods not being refunded (a support task asks). */
function holdForConfirmation(ctx: Ctx, s: Shipment, req: InterceptionRequest): void {
  const { c } = ctx;
  c.heldInterceptions = [...c.heldInterceptions.filter((h) => h.shipmentId !== s.id), { ...req }];
  ctx.reason('INTERCEPT_NEEDS_CONFIRMATION', s.id);
  openTask(ctx, 'INTERCEPT_NEEDS_CONFIRMATION', s.id, `parcel ${s.id} also carries goods not being refunded`);
}

/** The interception attempt `attempt` of `s` on the request's route, as it starts (REQUESTED). */
function newInterception(c: Case, s: Shipment, req: InterceptionRequest, attempt: number, costEstimateFen: number): Interception {
  const ix: Interception = {
    id: `${c.id}:ix:${s.id}:${attempt}`,
    shipmentId: s.id,
    waybillNo: s.id,
    carrierId: s.carrierId,
    route: req.route,
    channel: channelOfRoute(req.route),
    kind: req.kind,
    idempotencyKey: idempotencyKey(c.id, 'intercept', `${s.id}:${attempt}`),
    requestedAt: req.requestedAt,
    costEstimateFen,
    callbacks: [],
    state: 'REQUESTED',
  };
  if (req.by !== undefined) ix.requestedBy = req.by;
  return ix;
}

/** The INTERCEPT effect of an interception that is not offline (once per parcel and attempt). */
function issueIntercept(ctx: Ctx, s: Shipment, ix: Interception, req: InterceptionRequest, attempt: number): void {
  const { c } = ctx;
  ctx.issue(`intercept:${s.id}:${attempt}`, {
    type: 'INTERCEPT',
    interceptionId: ix.id,
    idempotencyKey: ix.idempotencyKey,
    shipmentId: s.id,
    waybillNo: s.id,
    carrierId: s.carrierId,
    route: req.route,
    channel: ix.channel,
    kind: req.kind,
    context: {
      platform: c.mode,
      afterSaleId: c.afterSaleId,
      skuOrderIds: s.skuOrderIds.filter((id) => c.skuOrders.some((k) => k.skuOrderId === id && k.refunded)),
    },
  });
}

/**
 * Asks for an interception of one parcel when it is possible and worth it (or overridden): a new interception and,
 * except offline, an INTERCEPT effect. A parcel that also carries other goods is held until support confirms it.
 */
export function requestInterception(ctx: Ctx, req: InterceptionRequest): void {
  const { c, rules } = ctx;
  const s = c.shipments.find((x) => x.id === req.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', req.shipmentId, 'unknown shipment');
    return;
  }
  const refusal = requestRefusal(c, s, req) ?? parcelRefusal(c, s);
  if (refusal !== undefined) {
    ctx.reason(refusal.code, s.id, refusal.detail);
    return;
  }
  const worth = interceptWorth(s, rules, req.quotedCostFen);
  const worthDetail = `value ${worth.valueFen} − cost ${worth.costFen} − freight ${worth.returnFreightFen} = ${worth.netFen} fen, threshold ${worth.thresholdFen}`;
  if (!worth.worth && !req.overrideNotWorth) {
    ctx.reason('INTERCEPT_NOT_WORTH', s.id, worthDetail);
    return;
  }
  if (s.carriesOther && s.mixedConfirmedBy === undefined) {
    holdForConfirmation(ctx, s, req);
    return;
  }
  const attempt = c.interceptions.filter((ix) => ix.waybillNo === s.id).length + 1;
  const ix = newInterception(c, s, req, attempt, worth.costFen);
  c.interceptions.push(ix);
  ctx.reason('INTERCEPT_REQUESTED', ix.id, `${ix.channel}; ${worthDetail}${worth.worth ? '' : ' (override)'}`);
  if (ix.channel === 'OFFLINE') return;
  issueIntercept(ctx, s, ix, req, attempt);
}

/** The merchant asks for an interception of one shipment on a route. */
export function requestInterceptionEvent(ctx: Ctx, ev: EventOf<'REQUEST_INTERCEPTION'>): void {
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
}

/** Support confirms a mixed parcel: its confirmation tasks are done and the interceptions held for it are asked for. */
export function confirmMixedParcel(ctx: Ctx, ev: EventOf<'CONFIRM_MIXED_PARCEL'>): void {
  const { c } = ctx;
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
}
