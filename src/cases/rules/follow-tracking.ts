// Rule: keep tracking every leg of every shipment (one FOLLOW request per waybill and case).
import type { Ctx } from '../decide-context.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Follow every leg of every shipment until it is terminal (DESIGN §2: derived states come from tracking),
 * unless the buyer cancelled. Emits no reason code, only `TRACK_SHIPMENT` effects with purpose `FOLLOW`,
 * each waybill once per case.
 *
 * Example: a case with parcel ZT7000000001 whose return continues as RT8000000009 → `TRACK_SHIPMENT FOLLOW` for
 * ZT7000000001 when the case opens and for RT8000000009 when the new leg appears.
 */
export function followTracking(ctx: Ctx, state: EvalState): void {
  if (state.cancelled) return;
  for (const s of ctx.c.shipments) {
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
