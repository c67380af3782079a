// Rule: recompute the eligibility verdict and record it, with its reasons, whenever it changes.
import { computeEligibility, sameEligibility } from '../eligibility.ts';
import type { Ctx } from '../decide-context.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Eligibility (DESIGN §2.2): recorded with the rules version; every change is a reason. When the case opens it is
 * always recorded. Emits the verdict's own reasons when it is not ELIGIBLE: `MERCHANT_TYPE_NOT_ELIGIBLE`,
 * `AMOUNT_LIMIT`, `REASON_NOT_RECEIVED`, `LOGISTICS_*`, `CARRIER_NOT_ELIGIBLE`, `CATEGORY_NOT_ELIGIBLE`,
 * `PLATFORM_DECLINED`.
 *
 * Example: a douyin case whose only parcel is first tracked as DELIVERED → the verdict changes from UNKNOWN to
 * INELIGIBLE and `LOGISTICS_DELIVERED` is a reason of that decision.
 */
export function eligibilityRule(ctx: Ctx, state: EvalState): void {
  const { c, rules, now } = ctx;
  const elig = computeEligibility(c, rules, now);
  if (state.opening || !sameEligibility(elig, c.eligibility)) {
    c.eligibility = elig;
    if (elig.verdict !== 'ELIGIBLE') for (const r of elig.reasons) ctx.reasons.push({ ...r });
  }
}
