// Projections of shipments (legs, logistics state) and interceptions (state) from all deduplicated events, in event-time order.
import { RETURN_DIRECTION_KINDS } from '../carrier/model.ts';
import type { InterceptChannel, InterceptState, TrackingEvent } from '../carrier/model.ts';
import type { InterceptRoute } from './events.ts';
import { estimateFor } from './rules-config.ts';
import type { Rules } from './rules-config.ts';
import type { Interception, Leg, Shipment, ShipmentView, StoredTrackingEvent } from './state.ts';
import { toMs } from './time.ts';

/** The channel of a route, fixed by it: it decides who refunds (DESIGN §2.5). */
export function channelOfRoute(route: InterceptRoute): InterceptChannel {
  switch (route.kind) {
    case 'CARRIER_API':
      return 'CARRIER_API';
    case 'DOUYIN_INTERCEPT_SERVICE':
      return 'PLATFORM_SERVICE';
    case 'KUAIDI100':
      return 'HUB';
    case 'OFFLINE':
      return 'OFFLINE';
  }
}

/** States in which an interception is in flight (one per waybill across all routes). */
export const IN_FLIGHT_STATES: ReadonlySet<InterceptState> = new Set<InterceptState>(['REQUESTED', 'ACCEPTED', 'IN_PROGRESS']);

/** The deduplication fingerprint of a tracking event. */
export function fingerprint(waybillNo: string, e: TrackingEvent): string {
  return [waybillNo, new Date(toMs(e.at)).toISOString(), e.kind, e.rawCode, e.description].join('|');
}

function byTime(a: { at: string; fingerprint?: string }, b: { at: string; fingerprint?: string }): number {
  const d = toMs(a.at) - toMs(b.at);
  if (d !== 0) return d;
  return (a.fingerprint ?? '') < (b.fingerprint ?? '') ? -1 : (a.fingerprint ?? '') > (b.fingerprint ?? '') ? 1 : 0;
}

/** Adds tracking events to a shipment, keeping each fingerprint once and the list in event-time order. Returns how many were new. */
export function mergeTrackingEvents(shipment: Shipment, waybillNo: string, events: readonly TrackingEvent[]): number {
  const seen = new Set(shipment.events.map((e) => e.fingerprint));
  let added = 0;
  for (const e of events) {
    const fp = fingerprint(waybillNo, e);
    if (seen.has(fp)) continue;
    seen.add(fp);
    const stored: StoredTrackingEvent = { ...e, waybillNo, fingerprint: fp };
    shipment.events.push(stored);
    added++;
  }
  shipment.events.sort(byTime);
  return added;
}

/** Legs of a shipment from its events: leg 0 is the outbound waybill; an event naming a new number starts a leg. */
export function projectLegs(shipment: Shipment): Leg[] {
  const legs: Leg[] = [{ index: 0, waybillNo: shipment.id, carrierId: shipment.carrierId }];
  for (const e of shipment.events) {
    if (e.newWaybillNo === undefined || e.newWaybillNo === '' || legs.some((l) => l.waybillNo === e.newWaybillNo)) continue;
    if (!legs.some((l) => l.waybillNo === e.waybillNo)) continue;
    const from = legs.find((l) => l.waybillNo === e.waybillNo);
    const leg: Leg = { index: legs.length, waybillNo: e.newWaybillNo, carrierId: from?.carrierId ?? shipment.carrierId, startedAt: e.at };
    if (e.newWaybillNoInferred) leg.inferred = true;
    legs.push(leg);
  }
  return legs;
}

/** Whether an event shows the parcel travelling back: a return-direction kind, or any event on a return leg. */
export function isReturnDirection(e: StoredTrackingEvent, legs: readonly Leg[]): boolean {
  if (RETURN_DIRECTION_KINDS.has(e.kind)) return true;
  const leg = legs.find((l) => l.waybillNo === e.waybillNo);
  return leg !== undefined && leg.index > 0 && e.kind !== 'INFO_RECEIVED' && e.kind !== 'UNKNOWN';
}

const NOT_COLLECTED_KINDS = new Set(['INFO_RECEIVED', 'UNKNOWN', 'CANCELLED']);

/**
 * Derives the shipment's view from all its events. `refusedNotCollected` is true when a route refused an
 * interception because the parcel was not collected.
 */
export function projectShipment(shipment: Shipment, refusedNotCollected: boolean): ShipmentView {
  const legs = shipment.legs;
  const legOf = (e: StoredTrackingEvent): number => legs.find((l) => l.waybillNo === e.waybillNo)?.index ?? 0;
  const view: ShipmentView = { logistics: 'UNKNOWN' };
  let collected = false;
  for (const e of shipment.events) {
    const leg = legOf(e);
    if (!NOT_COLLECTED_KINDS.has(e.kind)) collected = true;
    if (e.kind === 'DELIVERED' && leg === 0 && view.deliveredAt === undefined) view.deliveredAt = e.at;
    if (e.kind === 'REJECTED' && view.refusedAt === undefined) view.refusedAt = e.at;
    if (isReturnDirection(e, legs) && view.firstReturnScanAt === undefined) view.firstReturnScanAt = e.at;
    if ((e.kind === 'RETURNED' || (e.kind === 'DELIVERED' && leg > 0)) && view.returnedAt === undefined) view.returnedAt = e.at;
    if (e.kind === 'EXCEPTION' && view.exceptionAt === undefined) view.exceptionAt = e.at;
  }
  if (
    shipment.returnRecord?.outcome === 'RECEIVED' &&
    (view.returnedAt === undefined || toMs(shipment.returnRecord.at) < toMs(view.returnedAt))
  ) {
    view.returnedAt = shipment.returnRecord.at;
  }
  const latestOutbound = [...shipment.events].reverse().find((e) => legOf(e) === 0 && e.kind !== 'UNKNOWN');
  if (view.returnedAt !== undefined) view.logistics = 'RETURNED';
  else if (view.firstReturnScanAt !== undefined || view.refusedAt !== undefined) view.logistics = 'RETURNING';
  else if (view.deliveredAt !== undefined) view.logistics = 'DELIVERED';
  else if (latestOutbound?.kind === 'AT_PICKUP_POINT') view.logistics = 'AT_PICKUP_POINT';
  else if (latestOutbound?.kind === 'EXCEPTION') view.logistics = 'EXCEPTION';
  else if (collected) view.logistics = 'IN_TRANSIT';
  else if (refusedNotCollected || (shipment.trackingKnown && shipment.events.length > 0)) view.logistics = 'NOT_COLLECTED';
  return view;
}

/** The first return-direction event at or after `fromMs`, if any. */
function firstReturnScanFrom(shipment: Shipment, fromMs: number): string | undefined {
  return shipment.events.find((e) => toMs(e.at) >= fromMs && isReturnDirection(e, shipment.legs))?.at;
}

/**
 * Recomputes an interception's state from its facts and the shipment's events (DESIGN §2.5):
 * ACCEPTED is not success; SUCCEEDED is the first return-direction event after ACCEPTED, or a hub or platform
 * success callback. Return evidence wins over a FAILED callback (the goods are coming back); delivery to the
 * buyer before any success is FAILED; delivery after success is a breach.
 */
export function projectInterception(ix: Interception, shipment: Shipment): void {
  delete ix.acceptedAt;
  delete ix.succeededAt;
  delete ix.succeededBy;
  delete ix.failedAt;
  delete ix.cancelledAt;
  delete ix.breachedAt;
  const statesItself = ix.channel === 'HUB' || ix.channel === 'PLATFORM_SERVICE';
  if (ix.reply?.state === 'REJECTED') {
    ix.state = 'REJECTED';
    return;
  }
  if (ix.reply !== undefined) ix.acceptedAt = ix.reply.at;
  const successCallbacks = ix.callbacks.filter((c) => c.outcome === 'SUCCEEDED').map((c) => c.at);
  if (statesItself && ix.reply?.state === 'SUCCEEDED') successCallbacks.push(ix.reply.at);
  const callbackSuccess = statesItself ? successCallbacks.sort((a, b) => toMs(a) - toMs(b))[0] : undefined;
  const scanSuccess = ix.acceptedAt !== undefined ? firstReturnScanFrom(shipment, toMs(ix.acceptedAt)) : undefined;
  const candidates = [callbackSuccess, scanSuccess].filter((x): x is string => x !== undefined).sort((a, b) => toMs(a) - toMs(b));
  const cancelledAt = [
    ...ix.callbacks.filter((c) => c.outcome === 'CANCELLED').map((c) => c.at),
    ...(ix.cancelReply?.state === 'CANCELLED' ? [ix.cancelReply.at] : []),
  ].sort((a, b) => toMs(a) - toMs(b))[0];
  let succeededAt = candidates[0];
  if (succeededAt !== undefined && cancelledAt !== undefined && toMs(cancelledAt) < toMs(succeededAt)) succeededAt = undefined;
  const delivered = shipment.view.deliveredAt;
  if (succeededAt !== undefined && delivered !== undefined && toMs(delivered) < toMs(succeededAt)) {
    // Delivered to the buyer before any success evidence: the interception came too late (a later return is the buyer's).
    succeededAt = undefined;
  }
  if (succeededAt !== undefined) {
    ix.succeededAt = succeededAt;
    ix.succeededBy = succeededAt === scanSuccess ? 'RETURN_SCAN' : 'CALLBACK';
    if (delivered !== undefined && toMs(delivered) > toMs(succeededAt)) ix.breachedAt = delivered;
    const returned = shipment.view.returnedAt;
    ix.state = returned !== undefined && toMs(returned) >= toMs(succeededAt) ? 'RETURNED' : 'SUCCEEDED';
    return;
  }
  if (cancelledAt !== undefined) {
    ix.cancelledAt = cancelledAt;
    ix.state = 'CANCELLED';
    return;
  }
  const failedCallback = ix.callbacks
    .filter((c) => c.outcome === 'FAILED')
    .map((c) => c.at)
    .sort((a, b) => toMs(a) - toMs(b))[0];
  const deliveredFirst = ix.acceptedAt !== undefined && delivered !== undefined ? delivered : undefined;
  const failedAt = [failedCallback, deliveredFirst].filter((x): x is string => x !== undefined).sort((a, b) => toMs(a) - toMs(b))[0];
  if (failedAt !== undefined) {
    ix.failedAt = failedAt;
    ix.state = 'FAILED';
    return;
  }
  ix.state = ix.acceptedAt !== undefined ? 'ACCEPTED' : 'REQUESTED';
}

/** The interception-worth check: value − cost − return freight ≥ threshold (all fen). */
export interface WorthCheck {
  worth: boolean;
  valueFen: number;
  costFen: number;
  returnFreightFen: number;
  netFen: number;
  thresholdFen: number;
}

/** Computes the worth check for a shipment; `quotedCostFen` (a route's quote, e.g. Douyin `intercept_cost`) replaces the estimate. */
export function interceptWorth(shipment: Shipment, rules: Rules, quotedCostFen?: number): WorthCheck {
  const est = estimateFor(rules, shipment.carrierId);
  const costFen = quotedCostFen ?? est.interceptCostFen;
  const netFen = shipment.refundedValueFen - costFen - est.returnFreightFen;
  return {
    worth: netFen >= rules.interceptWorthThresholdFen,
    valueFen: shipment.refundedValueFen,
    costFen,
    returnFreightFen: est.returnFreightFen,
    netFen,
    thresholdFen: rules.interceptWorthThresholdFen,
  };
}
