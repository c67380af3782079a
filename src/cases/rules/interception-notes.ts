// Rule: say once each interception outcome and each new return leg, so the timeline tells what happened.
import type { Ctx } from '../decide-context.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Interception outcomes and new legs, each said once (DESIGN §2.5: ACCEPTED is not success; a new leg
 * starts with `newWaybillNo`). Emits `INTERCEPT_REFUSED`, `INTERCEPT_ACCEPTED`, `INTERCEPT_SUCCEEDED`,
 * `INTERCEPT_FAILED`, `INTERCEPT_CANCELLED`, `RETURN_NEW_LEG`.
 *
 * Example: an interception `ix-1` accepted then succeeded by a return scan at 12:00 → `INTERCEPT_ACCEPTED ix-1`
 * and `INTERCEPT_SUCCEEDED ix-1` once; the next decision says neither again.
 */
export function interceptionNotes(ctx: Ctx, _state: EvalState): void {
  const { c } = ctx;
  for (const ix of c.interceptions) {
    if (ix.state === 'REJECTED' && ctx.once(`${ix.id}:rejected`)) ctx.reason('INTERCEPT_REFUSED', ix.id, ix.reply?.refusal);
    if (ix.acceptedAt !== undefined && ctx.once(`${ix.id}:accepted`)) ctx.reason('INTERCEPT_ACCEPTED', ix.id);
    if (ix.succeededAt !== undefined && ctx.once(`${ix.id}:succeeded`))
      ctx.reason('INTERCEPT_SUCCEEDED', ix.id, `${ix.succeededBy ?? ''} ${ix.succeededAt}`);
    if (ix.failedAt !== undefined && ctx.once(`${ix.id}:failed`)) ctx.reason('INTERCEPT_FAILED', ix.id, ix.failedAt);
    if (ix.cancelledAt !== undefined && ctx.once(`${ix.id}:cancelled`)) ctx.reason('INTERCEPT_CANCELLED', ix.id);
  }
  for (const s of c.shipments) {
    for (const leg of s.legs) {
      if (leg.index > 0 && ctx.once(`leg:${leg.waybillNo}`))
        ctx.reason('RETURN_NEW_LEG', s.id, `${leg.waybillNo}${leg.inferred ? ' (inferred)' : ''}`);
    }
  }
}
