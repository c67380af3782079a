// Rule: set the timers the case needs now and cancel the ones it no longer needs.
import type { Ctx } from '../decide-context.ts';
import { moneyOpen } from '../decide-context.ts';
import type { Timer } from '../state.ts';
import { addHours, toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/** The timers the case wants: the overdue returns, and while the money is open the deadline, refund and self-agree ones. */
function desiredTimers(ctx: Ctx, overdue: readonly Timer[]): Timer[] {
  const { c, rules, now } = ctx;
  const nowMs = toMs(now);
  const desired: Timer[] = [...overdue];
  const timer = (kind: Timer['kind'], at: string): void => {
    if (toMs(at) > nowMs) desired.push({ id: `${c.id}:timer:${kind}`, kind, at });
  };
  if (moneyOpen(c)) {
    timer('DEADLINE_AT_RISK', addHours(c.deadline.due, -rules.atRiskMarginHours));
    timer('DEADLINE_DUE', c.deadline.due);
    if (c.refundPending !== undefined) timer('REFUND_NO_LATER_THAN', addHours(c.deadline.due, -rules.refundMarginHours));
    if (
      c.mode === 'douyin' &&
      rules.douyinAgreeRefuseSignOurselves &&
      c.agreement.agreedAt === undefined &&
      c.agreement.declinedAt === undefined
    ) {
      timer('SELF_AGREE', addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours));
    }
  }
  return desired;
}

/**
 * Timers (DESIGN §2.3, §2.6): the case wants DEADLINE_AT_RISK, DEADLINE_DUE, REFUND_NO_LATER_THAN (while a refund is
 * pending), SELF_AGREE (douyin self-agreement) and the RETURN_OVERDUE timers of `state.overdueTimers`; a `SET_TIMER`
 * for each new or moved one, a `CANCEL_TIMER` for each still-future one no longer wanted, fired ones dropped. Runs
 * last, so it sees the final deadline and money state. Emits no reason code.
 *
 * Example: due moves from 06-08 11:00 to 06-04 09:00 → `SET_TIMER` DEADLINE_DUE at 06-04 09:00 and DEADLINE_AT_RISK at
 * 06-04 03:00; after the refund is issued → `CANCEL_TIMER` for both.
 */
export function reconcileTimers(ctx: Ctx, state: EvalState): void {
  const { c, now } = ctx;
  const nowMs = toMs(now);
  const wanted = desiredTimers(ctx, state.overdueTimers).filter((t) => toMs(t.at) > nowMs);
  const next: Timer[] = [];
  for (const t of wanted) {
    const existing = c.timers.find((x) => x.id === t.id);
    if (existing === undefined || existing.at !== t.at) ctx.effects.push({ type: 'SET_TIMER', timer: t });
    next.push(t);
  }
  for (const old of c.timers) {
    if (!wanted.some((t) => t.id === old.id) && toMs(old.at) > nowMs) ctx.effects.push({ type: 'CANCEL_TIMER', timerId: old.id });
  }
  c.timers = next;
}
