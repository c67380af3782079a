// Rule: bring a person in when the deadline is near with nothing to act on, and observe the platform once it passes.
import type { Ctx } from '../decide-context.ts';
import { moneyOpen, openTask } from '../decide-context.ts';
import { idempotencyKey } from '../effects.ts';
import { HOUR_MS, toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Deadline at risk and timeout (DESIGN §2.3): from due − `atRiskMarginHours` until due, with no refund pending, a
 * `DEADLINE_AT_RISK` support task (once per due); at due, `PLATFORM_TIMEOUT` once per due, with a `FETCH_AFTER_SALE`
 * (douyin) or a `DEADLINE_TIMEOUT` webhook (generic). Only while the money is open. Emits `DEADLINE_AT_RISK`,
 * `PLATFORM_TIMEOUT`.
 *
 * Example: due 06-03 10:00, margin 6 h, no refund pending, now 06-03 05:00 → a `DEADLINE_AT_RISK` task; at
 * 06-03 10:00 in douyin mode → `deadline.timedOutAt` = due, `PLATFORM_TIMEOUT` and a `FETCH_AFTER_SALE`.
 */
export function deadlineRiskAndTimeout(ctx: Ctx, _state: EvalState): void {
  const { c, rules, now } = ctx;
  if (!moneyOpen(c)) return;
  const dueMs = toMs(c.deadline.due);
  const atRiskMs = dueMs - Math.round(rules.atRiskMarginHours * HOUR_MS);
  if (toMs(now) >= atRiskMs && toMs(now) < dueMs && c.refundPending === undefined) {
    openTask(ctx, 'DEADLINE_AT_RISK', undefined, `due ${c.deadline.due}`, c.deadline.due);
  }
  if (toMs(now) >= dueMs && c.deadline.timedOutAt !== c.deadline.due) {
    c.deadline.timedOutAt = c.deadline.due;
    ctx.reason('PLATFORM_TIMEOUT', undefined, c.deadline.due);
    if (c.mode === 'douyin')
      ctx.issue(`timeout:${c.deadline.due}`, { type: 'FETCH_AFTER_SALE', afterSaleId: c.afterSaleId, reason: 'PLATFORM_TIMEOUT' });
    else {
      const key = idempotencyKey(c.id, 'timeout', c.deadline.due);
      ctx.issue(`timeout:${c.deadline.due}`, {
        type: 'NOTIFY_WEBHOOK',
        idempotencyKey: key,
        topic: 'DEADLINE_TIMEOUT',
        reason: 'PLATFORM_TIMEOUT',
      });
    }
  }
}
