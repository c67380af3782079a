// The merchant's processing deadline (DESIGN §2.3): dueComputed, duePlatform, act on the earlier; every change has a reason code.
import type { Rules } from './rules-config.ts';
import type { Deadline, DeadlineChange } from './state.ts';
import { HOUR_MS, addHours, minIso, toIso, toMs } from './time.ts';

/** The facts the deadline depends on. */
export interface DeadlineFacts {
  appliedAt: string;
  agreedAt?: string;
  /**
   * The earliest of interception succeeded, rejection succeeded (拒签成功) or buyer signed seen so far.
   * The caller keeps it sticky (never later than before), so the deadline never moves later after agreement.
   */
  triggerAt?: string;
  /** Platform deadline messages (tag 209): the one with the latest message time wins. */
  platformDeadlines: readonly { at: string; due: string }[];
}

/** The deadline before any shortening: 48 h from application, or 7 days from agreement (our reading; configurable). */
export function baseDue(f: DeadlineFacts, rules: Rules): { due: string; change: DeadlineChange } {
  if (f.agreedAt === undefined) {
    const due = addHours(f.appliedAt, rules.initialDeadlineHours);
    return { due, change: { field: 'dueComputed', at: f.appliedAt, due, reason: 'DEADLINE_48H_INITIAL' } };
  }
  const from = rules.agreedDeadlineFrom === 'AGREED_AT' ? f.agreedAt : f.appliedAt;
  const due = addHours(from, rules.agreedDeadlineHours);
  return { due, change: { field: 'dueComputed', at: f.agreedAt, due, reason: 'DEADLINE_7D' } };
}

/**
 * The shortening rule: due = min(due, t + 48 h). When less than 48 h were left at t the deadline is kept
 * (DEADLINE_KEPT_LT48H, "不足48小时不再变更"); exactly 48 h left counts as DEADLINE_48H (the value is the same).
 */
export function shorten(due: string, triggerAt: string, rules: Rules): DeadlineChange {
  const leftMs = toMs(due) - toMs(triggerAt);
  const windowMs = Math.round(rules.shortenedDeadlineHours * HOUR_MS);
  if (leftMs < windowMs) return { field: 'dueComputed', at: triggerAt, due, reason: 'DEADLINE_KEPT_LT48H' };
  return { field: 'dueComputed', at: triggerAt, due: toIso(toMs(triggerAt) + windowMs), reason: 'DEADLINE_48H' };
}

/** The full history of the computed deadline from the facts, in the order the rules apply. */
export function computedHistory(f: DeadlineFacts, rules: Rules): DeadlineChange[] {
  const initial = baseDue({ appliedAt: f.appliedAt, platformDeadlines: [] }, rules).change;
  const history: DeadlineChange[] = [initial];
  const base = baseDue(f, rules);
  if (f.agreedAt !== undefined) history.push(base.change);
  if (f.triggerAt !== undefined) history.push(shorten(base.due, f.triggerAt, rules));
  return history;
}

/** The platform's deadline: the message with the latest message time (ties: the later one received). */
export function platformDue(f: DeadlineFacts): { due: string; at: string } | undefined {
  let best: { due: string; at: string } | undefined;
  for (const m of f.platformDeadlines) if (best === undefined || toMs(m.at) >= toMs(best.at)) best = m;
  return best;
}

/** Computes the deadline from the facts; `timedOutAt` is carried over from the previous deadline. */
export function computeDeadline(f: DeadlineFacts, rules: Rules, prev?: Deadline): Deadline {
  const history = computedHistory(f, rules);
  const dueComputed = history[history.length - 1]?.due ?? addHours(f.appliedAt, rules.initialDeadlineHours);
  const pd = platformDue(f);
  const platformChanges: DeadlineChange[] = f.platformDeadlines.map((m) => ({
    field: 'duePlatform',
    at: m.at,
    due: m.due,
    reason: 'DEADLINE_PLATFORM_CHANGED',
  }));
  const deadline: Deadline = {
    dueComputed,
    due: minIso(dueComputed, pd?.due) ?? dueComputed,
    history: [...history, ...platformChanges],
  };
  if (pd !== undefined) deadline.duePlatform = pd.due;
  if (f.triggerAt !== undefined) deadline.triggerAt = f.triggerAt;
  if (prev?.timedOutAt !== undefined) deadline.timedOutAt = prev.timedOutAt;
  return deadline;
}
