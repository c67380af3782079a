// Rule: the buyer signed for a parcel after the agreement: reject refund-only (when enabled) or ask support.
import { issueReject } from '../decide-actions.ts';
import type { Ctx } from '../decide-context.ts';
import { moneyOpen, openTask } from '../decide-context.ts';
import { toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Buyer signed after the agreement (DESIGN §2.5, seed 3.5): only DELIVERED counts as a signature. With
 * `autoRejectAfterSigned`, every refunded parcel signed and no arbitration open, the refund-only request is
 * rejected; otherwise a `REJECT_AFTER_SIGNED` support task. A breached parcel is a complaint, not this.
 * Emits `REJECT_AFTER_SIGNED`.
 *
 * Example: agreed 06-01 11:00, the only parcel DELIVERED 06-02 14:00, `autoRejectAfterSigned` on → a
 * `REJECT_REFUND` effect and `REJECT_AFTER_SIGNED`; with it off, a `REJECT_AFTER_SIGNED` support task.
 */
export function signedAfterAgreement(ctx: Ctx, state: EvalState): void {
  const { c, rules } = ctx;
  const { relevant } = state;
  if (!moneyOpen(c) || c.agreement.agreedAt === undefined) return;
  const agreedMs = toMs(c.agreement.agreedAt);
  const signed = relevant.filter(
    (s) =>
      s.view.deliveredAt !== undefined &&
      s.view.returnedAt === undefined &&
      toMs(s.view.deliveredAt) >= agreedMs &&
      !c.interceptions.some((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined),
  );
  if (signed.length === 0) return;
  if (rules.autoRejectAfterSigned && signed.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
  else
    openTask(
      ctx,
      'REJECT_AFTER_SIGNED',
      signed.map((s) => s.id).join(','),
      'buyer signed after the agreement: consider rejecting refund-only and advising return-and-refund',
    );
}
