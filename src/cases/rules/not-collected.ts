// Rule: a parcel never collected by the courier is not intercepted; the merchant is asked to cancel the handover.
import type { Ctx } from '../decide-context.ts';
import { moneyOpen, openTask } from '../decide-context.ts';
import { idempotencyKey } from '../effects.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Not collected (DESIGN §2.5): no interception; ask the merchant to cancel the handover, by a `CANCEL_HANDOVER`
 * webhook (generic) or a support task (douyin). The refund follows in the refund rule. Emits
 * `NOT_COLLECTED_CANCEL_HANDOVER` (detail `WEBHOOK` or `SUPPORT_TASK`), once per parcel.
 *
 * Example: douyin mode, the only parcel has only INFO_RECEIVED events → a `NOT_COLLECTED_CANCEL_HANDOVER` support
 * task for that parcel and the reason with detail `SUPPORT_TASK`.
 */
export function notCollected(ctx: Ctx, state: EvalState): void {
  const { c } = ctx;
  if (!moneyOpen(c)) return;
  for (const s of state.relevant) {
    if (s.view.logistics !== 'NOT_COLLECTED') continue;
    if (c.mode === 'generic') {
      const key = idempotencyKey(c.id, 'cancel-handover', s.id);
      if (
        ctx.issue(`webhook:${key}`, {
          type: 'NOTIFY_WEBHOOK',
          idempotencyKey: key,
          topic: 'CANCEL_HANDOVER',
          reason: 'NOT_COLLECTED_CANCEL_HANDOVER',
          target: s.id,
        })
      )
        ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'WEBHOOK');
    } else if (!Object.hasOwn(c.issued, `${c.id}:task:NOT_COLLECTED_CANCEL_HANDOVER:${s.id}`)) {
      openTask(ctx, 'NOT_COLLECTED_CANCEL_HANDOVER', s.id, `cancel the handover of ${s.id}`);
      ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'SUPPORT_TASK');
    }
  }
}
