// Rule: recompute the merchant's handling deadline from sticky facts and say every change.
import { computeDeadline } from '../deadlines.ts';
import type { Ctx } from '../decide-context.ts';
import { earliest } from '../decide-context.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Deadline (DESIGN §2.3): 48 h from the application, 7 days from the agreement, 48 h again from the first
 * refusal, delivery or interception success on a parcel with refunded goods (kept when less than 48 h are left),
 * or what the platform says. Sets `state.trigger` for the experience clock. Emits each new history entry's reason:
 * `DEADLINE_48H_INITIAL`, `DEADLINE_7D`, `DEADLINE_48H`, `DEADLINE_KEPT_LT48H`, `DEADLINE_PLATFORM_CHANGED`.
 *
 * Example: applied 06-01 10:00, agreed 06-01 11:00 (due becomes 06-08 11:00, `DEADLINE_7D`), refused by the buyer
 * 06-02 09:00 → `trigger` = 06-02 09:00, due 06-04 09:00 and `DEADLINE_48H`.
 */
export function deadlineRule(ctx: Ctx, state: EvalState): void {
  const { c, rules } = ctx;
  const { relevant } = state;
  const trigger = earliest([
    ...relevant.flatMap((s) => [s.view.refusedAt, s.view.deliveredAt]),
    ...c.interceptions.filter((ix) => relevant.some((s) => s.id === ix.shipmentId)).map((ix) => ix.succeededAt),
    c.deadline.triggerAt,
  ]);
  if (trigger !== undefined) state.trigger = trigger;
  const prevDeadline = c.deadline;
  const facts = {
    appliedAt: c.appliedAt,
    platformDeadlines: c.platformDeadlines,
    ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
    ...(trigger !== undefined ? { triggerAt: trigger } : {}),
  };
  c.deadline = computeDeadline(facts, rules, prevDeadline);
  const oldChanges = new Set(prevDeadline.history.map((h) => JSON.stringify(h)));
  for (const h of c.deadline.history) if (!oldChanges.has(JSON.stringify(h))) ctx.reason(h.reason, h.field, h.due);
}
