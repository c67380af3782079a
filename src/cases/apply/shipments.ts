// Apply handlers for the parcels: tracking updates, parcels learnt later, and the merchant recording a return.
import type { Ctx } from '../decide-context.ts';
import { newShipment, shipmentOfWaybill } from '../decide-context.ts';
import { mergeTrackingEvents } from '../interception.ts';
import { toIso, toMs } from '../time.ts';
import type { EventOf } from './handler.ts';

/** New tracking events for a leg of a shipment (merged without duplicates); a waybill of no shipment is ignored. */
export function trackingUpdate(ctx: Ctx, ev: EventOf<'TRACKING_UPDATE'>): void {
  const s = shipmentOfWaybill(ctx.c, ev.waybillNo);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', ev.waybillNo, 'waybill is not a leg of any shipment of this case');
    return;
  }
  const added = mergeTrackingEvents(s, ev.waybillNo, ev.events);
  s.trackingKnown = true;
  s.lastTrackedAt = ctx.now;
  ctx.reason('TRACKING_UPDATED', ev.waybillNo, `${added} new event(s)`);
}

/** Parcels learnt after the case opened: a known waybill is skipped, one naming an unknown SKU order ignored. */
export function shipmentsAdded(ctx: Ctx, ev: EventOf<'SHIPMENTS_ADDED'>): void {
  const { c } = ctx;
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
}

/** The merchant recorded the return (received, or signed by someone else): the first record is kept. */
export function recordReturn(ctx: Ctx, ev: EventOf<'RECORD_RETURN'>): void {
  const s = ctx.c.shipments.find((x) => x.id === ev.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
    return;
  }
  if (s.returnRecord === undefined) s.returnRecord = { at: toIso(toMs(ev.at)), outcome: ev.outcome };
  ctx.reason(ev.outcome === 'RECEIVED' ? 'RETURN_RECEIVED' : 'RETURN_SIGNED_BY_OTHER', s.id);
}
