// Rule: a parcel delivered before any agreement or interception is not intercepted; reject refund-only or ask support.
import { issueReject } from '../decide-actions.ts';
import type { Ctx } from '../decide-context.ts';
import { moneyOpen, openTask } from '../decide-context.ts';
import { IN_FLIGHT_STATES } from '../interception.ts';
import { toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Delivered to the buyer before any agreement or interception (DESIGN §2.5, seed 3.5): no interception is asked for
 * (`requestInterception` refuses a DELIVERED parcel); the merchant may reject refund-only and advise return-and-refund,
 * by rule when `autoRejectAfterSigned` is on and every parcel was delivered, otherwise as a support task.
 * Emits `DELIVERED_BEFORE_INTERCEPT` (once per set of parcels), and `REJECT_AFTER_SIGNED` when it rejects.
 *
 * Example: the only parcel DELIVERED 06-01 12:00, nothing agreed or intercepted, `autoRejectAfterSigned` off →
 * `DELIVERED_BEFORE_INTERCEPT` and a `DELIVERED_BEFORE_INTERCEPT` support task for that parcel.
 */
export function deliveredBeforeInterception(ctx: Ctx, state: EvalState): void {
  const { c, rules } = ctx;
  const { relevant } = state;
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
  if (ctx.once(`delivered-before-interception:${ids}`)) ctx.reason('DELIVERED_BEFORE_INTERCEPT', ids);
  if (rules.autoRejectAfterSigned && delivered.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
  else
    openTask(
      ctx,
      'DELIVERED_BEFORE_INTERCEPT',
      ids,
      'delivered to the buyer before any interception: consider rejecting refund-only and advising return-and-refund',
    );
}
