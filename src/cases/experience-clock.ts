// The experience-score refund-only duration estimate (DESIGN §2.4); the platform's own figure is authoritative.
import type { Rules } from './rules-config.ts';
import type { ExperienceClock } from './state.ts';
import { toMs } from './time.ts';

/** The facts the clock depends on. */
export interface ExperienceFacts {
  appliedAt: string;
  /** Refund-after-rejection agreed: the clock pauses. */
  agreedAt?: string;
  /** Earliest of rejection succeeded, interception succeeded or buyer signed: the clock resumes (not before agreedAt). */
  resumeAt?: string;
  /** Earliest logistics exception (lost, carrier exception, interception failed). */
  exceptionAt?: string;
  /** Refund or close: the clock stops. */
  endAt?: string;
}

/**
 * counted = (agreedAt − appliedAt) + (end − resumedAt). Without agreement: end − appliedAt. Paused time
 * [agreedAt, resumedAt) is never counted. With `exceptionKeepsExperienceClockPaused` (our reading of "非物流异常场景"),
 * a logistics exception at or before the resume keeps the clock paused. While running, `now` stands for the end.
 */
export function computeExperienceClock(f: ExperienceFacts, now: string, rules: Rules): ExperienceClock {
  const applied = toMs(f.appliedAt);
  const endMs = f.endAt !== undefined ? toMs(f.endAt) : toMs(now);
  const clock: ExperienceClock = { appliedAt: f.appliedAt, keptPaused: false, countedMs: 0, running: f.endAt === undefined };
  if (f.endAt !== undefined) clock.endAt = f.endAt;
  if (f.agreedAt === undefined || endMs <= toMs(f.agreedAt)) {
    clock.countedMs = Math.max(0, endMs - applied);
    if (f.agreedAt !== undefined) clock.agreedAt = f.agreedAt;
    return clock;
  }
  const agreed = toMs(f.agreedAt);
  clock.agreedAt = f.agreedAt;
  const firstPart = Math.max(0, agreed - applied);
  let resumed: number | undefined = f.resumeAt !== undefined ? Math.max(agreed, toMs(f.resumeAt)) : undefined;
  if (
    rules.exceptionKeepsExperienceClockPaused &&
    f.exceptionAt !== undefined &&
    (resumed === undefined || toMs(f.exceptionAt) <= resumed)
  ) {
    clock.keptPaused = true;
    resumed = undefined;
  }
  if (resumed === undefined || resumed >= endMs) {
    clock.countedMs = firstPart;
    clock.running = false;
    if (resumed !== undefined) clock.resumedAt = new Date(resumed).toISOString();
    return clock;
  }
  clock.resumedAt = new Date(resumed).toISOString();
  clock.countedMs = firstPart + (endMs - resumed);
  return clock;
}
