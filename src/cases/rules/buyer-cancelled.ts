// Rule: once the buyer cancels the after-sale, cancel every interception still in flight.
import type { Ctx } from '../decide-context.ts';
import { openTask } from '../decide-context.ts';
import { IN_FLIGHT_STATES } from '../interception.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Buyer cancelled mid-interception (DESIGN §2.5): each in-flight interception is cancelled once, by a
 * `CANCEL_INTERCEPTION` effect on its route, or a support task for an OFFLINE one. Emits
 * `INTERCEPT_CANCEL_ON_BUYER_CANCEL`.
 *
 * Example: a CARRIER_API interception `ix-1` is ACCEPTED and the buyer cancels → `cancelRequestedAt = now`, a
 * `CANCEL_INTERCEPTION` effect with ix-1's idempotency key, and `INTERCEPT_CANCEL_ON_BUYER_CANCEL ix-1`.
 */
export function buyerCancelled(ctx: Ctx, state: EvalState): void {
  if (!state.cancelled) return;
  for (const ix of ctx.c.interceptions) {
    if (!IN_FLIGHT_STATES.has(ix.state) || ix.cancelRequestedAt !== undefined) continue;
    ix.cancelRequestedAt = ctx.now;
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
