// Fixed-window quotas as a carrier enforces them (per second and per minute), with a random phase.
import type { Clock } from '../../src/clock/clock.ts';

/** Quota settings of a simulator. */
export interface QuotaSettings {
  /** Calls allowed per one-second window. */
  perSecond?: number;
  /** Calls allowed per one-minute window. */
  perMinute?: number;
  /** Offset of the windows from the epoch in ms (a random phase: clients cannot know it). Default 0. */
  phaseMs?: number;
}

/** Fixed windows counted on the carrier's side. */
export class QuotaWindows {
  private secondWindow = Number.NaN;
  private secondCount = 0;
  private minuteWindow = Number.NaN;
  private minuteCount = 0;
  /** Calls admitted over the simulator's life. */
  admitted = 0;
  /** Calls refused over the simulator's life. */
  refused = 0;

  constructor(
    private readonly settings: QuotaSettings,
    private readonly clock: Clock,
  ) {}

  /** Admits one call or refuses it; refused calls do not consume quota. */
  tryAdmit(): { ok: true } | { ok: false; window: 'second' | 'minute'; retryAfterMs: number } {
    const now = this.clock.nowMs() - (this.settings.phaseMs ?? 0);
    const second = Math.floor(now / 1000);
    const minute = Math.floor(now / 60_000);
    if (second !== this.secondWindow) {
      this.secondWindow = second;
      this.secondCount = 0;
    }
    if (minute !== this.minuteWindow) {
      this.minuteWindow = minute;
      this.minuteCount = 0;
    }
    if (this.settings.perMinute !== undefined && this.minuteCount >= this.settings.perMinute) {
      this.refused++;
      return { ok: false, window: 'minute', retryAfterMs: (minute + 1) * 60_000 - now };
    }
    if (this.settings.perSecond !== undefined && this.secondCount >= this.settings.perSecond) {
      this.refused++;
      return { ok: false, window: 'second', retryAfterMs: (second + 1) * 1000 - now };
    }
    this.secondCount++;
    this.minuteCount++;
    this.admitted++;
    return { ok: true };
  }
}
