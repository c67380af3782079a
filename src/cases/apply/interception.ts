// Apply handlers for what the carriers and the merchant say about interceptions: replies, callbacks, cancellations, offline results.
import type { Ctx } from '../decide-context.ts';
import { idempotencyKey } from '../effects.ts';
import { IN_FLIGHT_STATES, interceptWorth } from '../interception.ts';
import type { Interception, Shipment } from '../state.ts';
import { toIso, toMs } from '../time.ts';
import type { EventOf } from './handler.ts';

/** The interception an event names, or undefined (with EVENT_IGNORED) when the case has none with that id. */
function interceptionOf(ctx: Ctx, interceptionId: string): Interception | undefined {
  const ix = ctx.c.interceptions.find((x) => x.id === interceptionId);
  if (ix === undefined) ctx.reason('EVENT_IGNORED', interceptionId, 'unknown interception');
  return ix;
}

/** The route's first answer to an interception (later answers are ignored), with its refusal, reference, cost and link. */
export function interceptReply(ctx: Ctx, ev: EventOf<'INTERCEPT_REPLY'>): void {
  const ix = interceptionOf(ctx, ev.interceptionId);
  if (ix === undefined || ix.reply !== undefined) return;
  ix.reply = { at: toIso(toMs(ev.at)), state: ev.state };
  if (ev.refusal !== undefined) ix.reply.refusal = ev.refusal;
  if (ev.carrierRef !== undefined) ix.carrierRef = ev.carrierRef;
  if (ev.cost !== undefined) ix.cost = ev.cost;
  if (ev.serviceOrderLink !== undefined) ix.serviceOrderLink = ev.serviceOrderLink;
}

/** A later outcome of an interception (kept once per instant and outcome). */
export function interceptCallback(ctx: Ctx, ev: EventOf<'INTERCEPT_CALLBACK'>): void {
  const ix = interceptionOf(ctx, ev.interceptionId);
  if (ix === undefined) return;
  const at = toIso(toMs(ev.at));
  if (!ix.callbacks.some((cb) => cb.at === at && cb.outcome === ev.outcome)) ix.callbacks.push({ at, outcome: ev.outcome });
  if (ev.serviceOrderLink !== undefined) ix.serviceOrderLink = ev.serviceOrderLink;
}

/** The answer to a cancellation of an interception: the first one is kept. */
export function interceptCancelReply(ctx: Ctx, ev: EventOf<'INTERCEPT_CANCEL_REPLY'>): void {
  const ix = interceptionOf(ctx, ev.interceptionId);
  if (ix === undefined) return;
  if (ix.cancelReply === undefined) ix.cancelReply = { at: toIso(toMs(ev.at)), state: ev.state };
}

/** A new OFFLINE interception of `s` recorded by the merchant at `at` (attempt `onWaybill.length + 1`). */
function newOfflineInterception(ctx: Ctx, s: Shipment, ev: EventOf<'RECORD_OFFLINE_RESULT'>, at: string, attempt: number): Interception {
  const { c } = ctx;
  const ix: Interception = {
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
  return ix;
}

/** The offline interception in flight on `s`, else a new one; undefined (with the reason) when another is in flight or one succeeded. */
function offlineInterceptionOf(ctx: Ctx, s: Shipment, ev: EventOf<'RECORD_OFFLINE_RESULT'>, at: string): Interception | undefined {
  const { c } = ctx;
  const onWaybill = c.interceptions.filter((ix) => ix.waybillNo === s.id);
  const current = onWaybill.find((x) => x.channel === 'OFFLINE' && IN_FLIGHT_STATES.has(x.state));
  if (current !== undefined) return current;
  if (onWaybill.some((x) => IN_FLIGHT_STATES.has(x.state))) {
    ctx.reason('INTERCEPT_IN_FLIGHT', s.id);
    return undefined;
  }
  if (onWaybill.some((x) => x.succeededAt !== undefined)) {
    ctx.reason('INTERCEPT_ALREADY_SUCCEEDED', s.id);
    return undefined;
  }
  const ix = newOfflineInterception(ctx, s, ev, at, onWaybill.length + 1);
  c.interceptions.push(ix);
  ctx.reason('INTERCEPT_REQUESTED', ix.id, 'OFFLINE (recorded by the merchant)');
  return ix;
}

/** The merchant records the result of an offline interception: accepted, refused, or failed (accepted, then failed). */
export function recordOfflineResult(ctx: Ctx, ev: EventOf<'RECORD_OFFLINE_RESULT'>): void {
  const s = ctx.c.shipments.find((x) => x.id === ev.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
    return;
  }
  const at = toIso(toMs(ev.at));
  const ix = offlineInterceptionOf(ctx, s, ev, at);
  if (ix === undefined) return;
  if (ev.costFen !== undefined) ix.cost = { fen: ev.costFen, payer: 'MERCHANT' };
  if (ev.outcome === 'ACCEPTED' && ix.reply === undefined) ix.reply = { at, state: 'ACCEPTED' };
  if (ev.outcome === 'REFUSED' && ix.reply === undefined) ix.reply = { at, state: 'REJECTED' };
  if (ev.outcome === 'FAILED') {
    if (ix.reply === undefined) ix.reply = { at, state: 'ACCEPTED' };
    if (!ix.callbacks.some((cb) => cb.outcome === 'FAILED' && cb.at === at)) ix.callbacks.push({ at, outcome: 'FAILED' });
  }
}
