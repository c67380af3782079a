// Apply handlers for what the platform says about the after-sale: agreement, decline, buyer changes, deadline, refund, close, arbitration.
import type { Ctx } from '../decide-context.ts';
import { openTask } from '../decide-context.ts';
import { toIso, toMs } from '../time.ts';
import type { EventOf } from './handler.ts';

/** The platform agreed refund-after-rejection: the first agreement is kept, by PLATFORM. */
export function refuseSignAgreed(ctx: Ctx, ev: EventOf<'REFUSE_SIGN_AGREED'>): void {
  const { c } = ctx;
  if (c.agreement.agreedAt === undefined) {
    c.agreement.agreedAt = toIso(toMs(ev.at));
    c.agreement.by = 'PLATFORM';
  }
  ctx.reason('REFUSE_SIGN_AGREED_OBSERVED', undefined, ev.at);
}

/** The platform declined refund-after-rejection: the first decline is kept, with the platform's words. */
export function refuseSignDeclined(ctx: Ctx, ev: EventOf<'REFUSE_SIGN_DECLINED'>): void {
  const { c } = ctx;
  if (c.agreement.declinedAt === undefined) {
    c.agreement.declinedAt = toIso(toMs(ev.at));
    c.agreement.declinedReason = ev.rawReason;
  }
  ctx.reason('PLATFORM_DECLINED', undefined, ev.rawReason);
}

/** The buyer changed the amount and/or the reason (a new reason without words drops the old words). */
export function buyerModified(ctx: Ctx, ev: EventOf<'BUYER_MODIFIED'>): void {
  const { c } = ctx;
  if (ev.refundAmountFen !== undefined) c.refundAmountFen = ev.refundAmountFen;
  if (ev.reason !== undefined) {
    c.reason = ev.reason;
    if (ev.reasonText !== undefined) c.reasonText = ev.reasonText;
    else delete c.reasonText;
  }
  ctx.reason('BUYER_MODIFIED', undefined, JSON.stringify({ refundAmountFen: ev.refundAmountFen, reason: ev.reason }));
}

/** The platform moved the deadline: kept with the others (the deadline rule weighs them). */
export function platformDeadlineChanged(ctx: Ctx, ev: EventOf<'PLATFORM_DEADLINE_CHANGED'>): void {
  ctx.c.platformDeadlines.push({ at: toIso(toMs(ev.at)), due: toIso(toMs(ev.due)) });
}

/** A refund was observed done: the first time is kept and nothing is pending any more. */
export function refunded(ctx: Ctx, ev: EventOf<'REFUNDED'>): void {
  const { c } = ctx;
  if (c.refundedAt === undefined) c.refundedAt = toIso(toMs(ev.at));
  delete c.refundPending;
  ctx.reason('PLATFORM_REFUND_OBSERVED', undefined, c.refund !== undefined ? 'confirms the refund lanjie issued' : undefined);
}

/** The after-sale was closed: the first close is kept; nothing pending or held survives it. */
export function closed(ctx: Ctx, ev: EventOf<'CLOSED'>): void {
  const { c } = ctx;
  if (c.closed === undefined) c.closed = { at: toIso(toMs(ev.at)), cause: ev.cause };
  delete c.refundPending;
  c.heldInterceptions = [];
  ctx.reason(ev.cause === 'BUYER_CANCELLED' ? 'BUYER_CANCELLED' : 'CASE_CLOSED', undefined, ev.cause);
}

/** Platform arbitration opened or closed: the latest status is kept. */
export function arbitration(ctx: Ctx, ev: EventOf<'ARBITRATION'>): void {
  ctx.c.arbitration = { status: ev.status, at: toIso(toMs(ev.at)) };
  ctx.reason('ARBITRATION_OBSERVED', undefined, ev.status);
}

/** The platform wants an operation done by hand in the shop back end: a support task. */
export function platformManualRequired(ctx: Ctx, ev: EventOf<'PLATFORM_MANUAL_REQUIRED'>): void {
  openTask(ctx, 'PLATFORM_MANUAL_REQUIRED', ev.action, ev.detail);
  ctx.reason('PLATFORM_MANUAL_REQUIRED', ev.action, ev.detail);
}
