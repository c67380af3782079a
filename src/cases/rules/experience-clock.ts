// Rule: recompute the experience-score clock (体验分仅退款时长) and say when it pauses, resumes, stays paused or stops.
import type { Ctx } from '../decide-context.ts';
import { earliest } from '../decide-context.ts';
import { computeExperienceClock } from '../experience-clock.ts';
import type { EvalState } from './evaluation.ts';

/**
 * Experience clock (DESIGN §2.4): paused at the agreement, resumed at `state.trigger` (set by the deadline rule),
 * kept paused after a logistics exception (`exceptionKeepsExperienceClockPaused`), stopped at the refund or the
 * close. Emits `EXPERIENCE_CLOCK_PAUSED`, `EXPERIENCE_CLOCK_RESUMED`, `EXPERIENCE_CLOCK_KEPT_PAUSED`,
 * `EXPERIENCE_CLOCK_STOPPED`.
 *
 * Example: agreed at 11:00 with no refund yet → `EXPERIENCE_CLOCK_PAUSED 11:00`; the buyer refuses at 15:00
 * (trigger) → `EXPERIENCE_CLOCK_RESUMED 15:00`.
 */
export function experienceClockRule(ctx: Ctx, state: EvalState): void {
  const { c, rules, now } = ctx;
  const { trigger } = state;
  const exceptionAt = earliest([...state.relevant.map((s) => s.view.exceptionAt), ...c.interceptions.map((ix) => ix.failedAt)]);
  const endAt = earliest([c.refundedAt, c.closed?.at]);
  const prevClock = c.experience;
  c.experience = computeExperienceClock(
    {
      appliedAt: c.appliedAt,
      ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
      ...(trigger !== undefined ? { resumeAt: trigger } : {}),
      ...(exceptionAt !== undefined ? { exceptionAt } : {}),
      ...(endAt !== undefined ? { endAt } : {}),
    },
    now,
    rules,
  );
  if (c.experience.agreedAt !== undefined && prevClock.agreedAt === undefined && c.experience.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_PAUSED', undefined, c.experience.agreedAt);
  if (c.experience.resumedAt !== undefined && prevClock.resumedAt !== c.experience.resumedAt)
    ctx.reason('EXPERIENCE_CLOCK_RESUMED', undefined, c.experience.resumedAt);
  if (c.experience.keptPaused && !prevClock.keptPaused) ctx.reason('EXPERIENCE_CLOCK_KEPT_PAUSED', undefined, exceptionAt);
  if (c.experience.endAt !== undefined && prevClock.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_STOPPED', undefined, `${c.experience.countedMs} ms`);
}
