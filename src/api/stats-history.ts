// The dashboard's "over time": an in-process sampler that reads every account's cumulative call and error counts every few seconds into a bounded ring of per-interval deltas (with the limiter queue and declared quota at that moment).
import type { Logger } from '../runtime/logger.ts';

/** One cumulative reading of one merchant's account at one carrier (or hub). */
export interface AccountReading {
  merchantId: string;
  carrierId: string;
  /** Call attempts since the process started (ever increasing; a smaller value means the count restarted). */
  calls: number;
  /** Failed call attempts since the process started. */
  errors: number;
  /** Calls waiting in the account's limiter now. */
  queued: number;
  /** The account's declared quota, calls per second; null when none is declared. */
  quotaPerSecond: number | null;
}

/** One account's share of one interval. */
export interface AccountDelta {
  merchantId: string;
  carrierId: string;
  /** Call attempts during the interval. */
  calls: number;
  /** Failed call attempts during the interval. */
  errors: number;
  /** Calls waiting in the limiter when the interval ended. */
  queued: number;
  /** Declared quota, calls per second; null when none is declared. */
  quotaPerSecond: number | null;
}

/** One sample: what happened between the previous sample (or the start) and `at`. */
export interface StatsPoint {
  /** End of the interval, epoch milliseconds (UTC). */
  at: number;
  /** Length of the interval, milliseconds. */
  intervalMs: number;
  /** Accounts known at `at` (an account with no call in the interval has zero deltas). */
  accounts: AccountDelta[];
}

/** Options of {@link StatsHistory}. */
export interface StatsHistoryOptions {
  /** The current cumulative readings of every account. */
  readings: () => AccountReading[];
  /** Time between two samples, milliseconds. Default 10 000 (10 s). */
  intervalMs?: number;
  /** Most samples kept (the oldest is dropped first). Default 360 (one hour at 10 s). */
  capacity?: number;
  /** Wall clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Where a failed reading is logged. */
  logger: Pick<Logger, 'warn'>;
}

/** Default time between samples, ms. */
export const DEFAULT_STATS_INTERVAL_MS = 10_000;
/** Default number of samples kept. */
export const DEFAULT_STATS_CAPACITY = 360;

/** A ring of samples of every account's calls, errors, queue and quota. Start it once; stop it at shutdown. */
export class StatsHistory {
  /** Time between two samples, ms. */
  readonly intervalMs: number;
  /** Most samples kept. */
  readonly capacity: number;
  private readonly ring: StatsPoint[] = [];
  private readonly previous = new Map<string, { calls: number; errors: number }>();
  private readonly now: () => number;
  private lastAt: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StatsHistoryOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_STATS_INTERVAL_MS;
    this.capacity = options.capacity ?? DEFAULT_STATS_CAPACITY;
    if (!Number.isInteger(this.capacity) || this.capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${this.capacity}`);
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
    this.now = options.now ?? Date.now;
    this.lastAt = this.now();
  }

  /** Samples every `intervalMs` (the timer does not keep the process alive). Idempotent. */
  start(): void {
    if (this.timer) return;
    this.lastAt = this.now();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; the samples taken stay readable. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Takes one sample now: each account's calls and errors since the previous sample (an account seen for the first
   * time counts from zero; a count smaller than before counts from zero again). Returns the point, or undefined when
   * the reading failed (logged).
   */
  sample(): StatsPoint | undefined {
    let readings: AccountReading[];
    try {
      readings = this.options.readings();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'reading the account counters for the dashboard failed; this sample is skipped');
      return undefined;
    }
    const at = this.now();
    const accounts: AccountDelta[] = [];
    for (const r of readings) {
      const key = `${r.merchantId}\u0000${r.carrierId}`;
      const before = this.previous.get(key);
      const calls = before && r.calls >= before.calls ? r.calls - before.calls : r.calls;
      const errors = before && r.errors >= before.errors ? r.errors - before.errors : r.errors;
      this.previous.set(key, { calls: r.calls, errors: r.errors });
      accounts.push({
        merchantId: r.merchantId,
        carrierId: r.carrierId,
        calls,
        errors,
        queued: r.queued,
        quotaPerSecond: r.quotaPerSecond,
      });
    }
    const point: StatsPoint = { at, intervalMs: Math.max(0, at - this.lastAt), accounts };
    this.lastAt = at;
    this.ring.push(point);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    return point;
  }

  /** The samples kept whose interval ended at or after `sinceMs` (epoch ms), oldest first. */
  points(sinceMs = Number.NEGATIVE_INFINITY): readonly StatsPoint[] {
    return this.ring.filter((p) => p.at >= sinceMs);
  }
}
