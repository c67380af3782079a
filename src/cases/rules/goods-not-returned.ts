// Rule: complain when goods stopped for the merchant do not come back (breach, overdue return, signed by someone else).
import { openComplaint } from '../decide-actions.ts';
import type { Ctx } from '../decide-context.ts';
import { earliest, latestLeg, successfulInterception } from '../decide-context.ts';
import { isReturnDirection } from '../interception.ts';
import { returnOverdueHoursFor } from '../rules-config.ts';
import type { Shipment } from '../state.ts';
import { addHours, toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Goods not returned (DESIGN §2.6): a breach (delivered after the interception succeeded), a return overdue on the
 * latest leg (`returnOverdueHours` per carrier from the leg's start), a return signed by someone else; each a
 * complaint. A return not yet overdue gets a RETURN_OVERDUE timer in `state.overdueTimers` (set by reconcile-timers).
 * Nothing while the buyer cancelled. Emits `INTERCEPT_BREACHED`, `RETURN_OVERDUE`, `RETURN_SIGNED_BY_OTHER`,
 * `COMPLAINT_ALREADY_OPEN`.
 *
 * Example: a zto parcel intercepted successfully 06-01 12:00, not back by 06-08 12:00 (168 h) → a `RETURN_OVERDUE`
 * complaint; at 06-03 it is only a timer at 06-08 12:00.
 */
export function goodsNotReturned(ctx: Ctx, state: EvalState): void {
  const { c, now } = ctx;
  if (state.cancelled) return;
  for (const s of c.shipments) {
    const breached = c.interceptions.find((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined);
    if (breached !== undefined && s.view.returnedAt === undefined) openComplaint(ctx, s, 'INTERCEPT_BREACHED', breached);
    if (s.returnRecord?.outcome === 'SIGNED_BY_OTHER') openComplaint(ctx, s, 'RETURN_SIGNED_BY_OTHER', successfulInterception(c, s));
    if (s.view.returnedAt !== undefined || breached !== undefined) continue;
    const okIx = successfulInterception(c, s);
    const overdueAt = returnOverdueAt(ctx, s, okIx?.succeededAt);
    if (overdueAt === undefined) continue;
    if (toMs(now) >= toMs(overdueAt)) openComplaint(ctx, s, 'RETURN_OVERDUE', okIx);
    else state.overdueTimers.push({ id: `${c.id}:timer:RETURN_OVERDUE:${s.id}`, kind: 'RETURN_OVERDUE', at: overdueAt, target: s.id });
  }
}

/** When the parcel's return is overdue: from the latest leg's start, or the start of the return; undefined before it starts. */
function returnOverdueAt(ctx: Ctx, s: Shipment, succeededAt: string | undefined): string | undefined {
  const refusalScan =
    s.view.refusedAt !== undefined
      ? s.events.find((e) => toMs(e.at) >= toMs(s.view.refusedAt ?? e.at) && isReturnDirection(e, s.legs))?.at
      : undefined;
  const returnStart = earliest([succeededAt, refusalScan]);
  if (returnStart === undefined) return undefined;
  const leg = latestLeg(s);
  const legStart = leg.startedAt !== undefined && toMs(leg.startedAt) > toMs(returnStart) ? leg.startedAt : returnStart;
  return addHours(legStart, returnOverdueHoursFor(ctx.rules, leg.carrierId));
}
