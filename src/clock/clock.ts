// The one source of time for lanjie: a system clock for production and a test clock for tests and the sandbox.

/** A source of the current instant. Everything that needs "now" receives one of these. */
export interface Clock {
  /** The current instant (UTC). */
  now(): Date;
  /** The current instant in epoch milliseconds. */
  nowMs(): number;
}

/** The real clock, backed by the host's system time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date(this.nowMs());
  }
  nowMs(): number {
    return Date.now();
  }
}

/** Listener told every time a test clock moves, with the old and new instants (epoch ms). */
export type ClockListener = (fromMs: number, toMs: number) => void;

/**
 * A clock that only moves when told to (like Stripe's test clocks). It never goes backwards:
 * timers stored against it would otherwise fire twice.
 */
export class TestClock implements Clock {
  private ms: number;
  private readonly listeners = new Set<ClockListener>();

  /** @param start the initial instant (a Date, an ISO string or epoch ms). */
  constructor(start: Date | string | number) {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new RangeError(`TestClock: invalid start instant ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }
  nowMs(): number {
    return this.ms;
  }

  /** Moves the clock forward by `ms` milliseconds (must be >= 0). */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`TestClock.advance: expected a non-negative number of ms, got ${ms}`);
    return this.set(this.ms + ms);
  }

  /** Moves the clock to `at`, which must not be earlier than the current instant. */
  set(at: Date | string | number): Date {
    const to = new Date(at).getTime();
    if (Number.isNaN(to)) throw new RangeError(`TestClock.set: invalid instant ${String(at)}`);
    if (to < this.ms)
      throw new RangeError(
        `TestClock.set: ${new Date(to).toISOString()} is before ${new Date(this.ms).toISOString()}; a test clock never goes backwards`,
      );
    const from = this.ms;
    this.ms = to;
    for (const listener of this.listeners) listener(from, to);
    return this.now();
  }

  /** Registers a listener for clock moves; returns a function that removes it. */
  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The process-wide system clock. */
export const systemClock: Clock = new SystemClock();
