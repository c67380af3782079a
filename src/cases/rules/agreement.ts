// Rule: agree refund-after-rejection (拒签后退款) when the mode lets lanjie decide, once per case.
import type { Ctx } from '../decide-context.ts';
import { moneyOpen } from '../decide-context.ts';
import { idempotencyKey } from '../effects.ts';
import type { AfterSaleVia } from '../effects.ts';
import { computeEligibility } from '../eligibility.ts';
import { addHours, toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Agreement (DESIGN §2.1): generic mode decides itself; douyin mode only observes, or agrees itself where
 * enabled (`douyinAgreeRefuseSignOurselves`, after `douyinSelfAgreeGraceHours`). Nothing happens once agreed,
 * declined or settled. Emits `REFUSE_SIGN_AGREED` (generic) or `REFUSE_SIGN_SELF_AGREE` (douyin).
 *
 * Example: a generic-mode case whose eligibility is ELIGIBLE and not agreed yet → an `AGREE_REFUSE_SIGN` effect
 * via WEBHOOK, `agreement.agreedAt = now` by LANJIE, eligibility recomputed, `REFUSE_SIGN_AGREED`.
 */
export function agreementRule(ctx: Ctx, _state: EvalState): void {
  const { c, rules, now } = ctx;
  if (c.agreement.agreedAt !== undefined || c.agreement.declinedAt !== undefined || !moneyOpen(c)) return;
  if (c.mode === 'generic' && c.eligibility.verdict === 'ELIGIBLE') {
    if (issueAgreeRefuseSign(ctx, 'WEBHOOK', 'REFUSE_SIGN_AGREED')) {
      c.agreement.agreedAt = now;
      c.agreement.by = 'LANJIE';
      c.eligibility = computeEligibility(c, rules, now);
      ctx.reason('REFUSE_SIGN_AGREED');
    }
  }
  if (
    c.mode === 'douyin' &&
    rules.douyinAgreeRefuseSignOurselves &&
    c.eligibility.estimate.verdict === 'ELIGIBLE' &&
    toMs(now) >= toMs(addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours))
  ) {
    if (issueAgreeRefuseSign(ctx, 'PLATFORM_API', 'REFUSE_SIGN_SELF_AGREE')) ctx.reason('REFUSE_SIGN_SELF_AGREE');
  }
}

/** The AGREE_REFUSE_SIGN effect, at most once per case; true when it was issued now. */
function issueAgreeRefuseSign(ctx: Ctx, via: AfterSaleVia, reason: 'REFUSE_SIGN_AGREED' | 'REFUSE_SIGN_SELF_AGREE'): boolean {
  const { c } = ctx;
  return ctx.issueMoney('agree-refuse-sign', {
    type: 'AGREE_REFUSE_SIGN',
    action: 'agree-refuse-sign',
    idempotencyKey: idempotencyKey(c.id, 'agree-refuse-sign', c.afterSaleId),
    afterSaleId: c.afterSaleId,
    via,
    reason,
  });
}
