// An in-process rate limiter for one carrier account: starts jobs at least `minTime` ms apart, at most `maxConcurrent` at once, and can be paused.

/** What the account limiter needs of its scheduler, so that the Redis-shared one and this one are interchangeable. */
export interface JobScheduler {
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  /** Jobs waiting for their turn (not yet started). */
  queued(): number;
  /**
   * `minTime`: ms between two starts. `reservoir`: 0 holds every new start, null lifts the hold (where the
   * scheduler has such a hold; pauses go through `pause`).
   */
  updateSettings(settings: { minTime?: number; reservoir?: number | null }): Promise<unknown> | unknown;
  /** Holds new starts for `ms` (after a quota error); a longer pause already set stays. */
  pause(ms: number): Promise<void> | void;
  /** Stops starting jobs: waiting ones are rejected (`dropWaitingJobs`) or run first. */
  stop(options: { dropWaitingJobs: boolean }): Promise<void>;
  disconnect(flush?: boolean): Promise<unknown>;
}

/** Thrown to the jobs still waiting when the limiter stops without draining. */
export class LimiterStoppedError extends Error {
  constructor() {
    super('the rate limiter was stopped before this call could start');
    this.name = 'LimiterStoppedError';
  }
}

/** How late a timer may fire; starts delayed by it may catch up (ms). */
const TIMER_SLACK_MS = 1;

interface Waiting {
  run: () => void;
  reject: (error: Error) => void;
}

/**
 * The local scheduler: one FIFO queue, one timer at most. Bottleneck's local datastore costs several
 * event-loop turns and promise chains per job (bench/README.md, "Carrier call cost by layer"); this one
 * starts a job synchronously when its turn has come, so a call through a limit that does not bind pays
 * nearly nothing. Real time (`performance.now`, sub-millisecond), like Bottleneck: rate windows are real.
 * `minTime` may be fractional (a quota of 5 000/s spaces starts 0.2 ms apart); two starts are never
 * closer than `minTime` − 1 ms (timer lateness, see `pump`).
 */
export class LocalLimiter implements JobScheduler {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private nextStartMs = 0;
  private held = false;
  /** When the current pause ends (`performance.now`), while `pauseTimer` runs. */
  private pausedUntilMs = 0;
  /** Ends the current pause; set only while one runs. */
  private pauseTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];

  /**
   * @param maxConcurrent jobs running at once (default 8).
   * @param minTime ms between two starts (default 0).
   */
  constructor(
    private maxConcurrent = 8,
    private minTime = 0,
  ) {}

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new LimiterStoppedError());
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = fn();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(() => {
          this.running--;
          this.pump();
        });
      };
      this.waiting.push({ run, reject });
      this.pump();
    });
  }

  queued(): number {
    return this.waiting.length;
  }

  updateSettings(settings: { minTime?: number; reservoir?: number | null }): Promise<void> {
    if (settings.minTime !== undefined) this.minTime = settings.minTime;
    if (settings.reservoir !== undefined) this.held = settings.reservoir === 0;
    this.rearm();
    return Promise.resolve();
  }

  /** Holds new starts for `ms`, apart from a `reservoir` hold; a longer pause already set stays. Stop ends it. */
  pause(ms: number): void {
    const until = performance.now() + ms;
    if (this.stopped || until <= this.pausedUntilMs) return;
    this.pausedUntilMs = until;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.endPause(), ms);
    this.pauseTimer.unref?.();
  }

  async stop(options: { dropWaitingJobs: boolean }): Promise<void> {
    this.endPause();
    if (options.dropWaitingJobs) {
      for (const job of this.waiting.splice(0)) job.reject(new LimiterStoppedError());
    } else {
      this.held = false;
      this.pump();
    }
    this.stopped = true;
    if (this.waiting.length > 0 || this.running > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.clearTimer();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  /** Starts every job whose turn has come; arms one timer for the next. */
  private pump(): void {
    while (this.waiting.length > 0 && !this.held && !this.pauseTimer && this.running < this.maxConcurrent) {
      const now = performance.now();
      if (now < this.nextStartMs) {
        this.armTimer(this.nextStartMs - now);
        return;
      }
      // A timer fires up to about 1 ms late: a start within that much of its planned time counts from the
      // plan, so a spacing below 1 ms still gives its rate (several starts per timer turn) and late turns do
      // not lower it. A later start (the limiter was idle) counts from now: nothing is banked.
      const base = this.nextStartMs > 0 && now - this.nextStartMs <= TIMER_SLACK_MS ? this.nextStartMs : now;
      this.nextStartMs = base + this.minTime;
      this.waiting.shift()?.run();
    }
    if (this.waiting.length === 0 && this.running === 0) for (const done of this.idle.splice(0)) done();
  }

  /** Lifts the pause, if one runs, and starts what it held. */
  private endPause(): void {
    if (!this.pauseTimer) return;
    clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    this.pausedUntilMs = 0;
    this.rearm();
  }

  private rearm(): void {
    this.clearTimer();
    this.pump();
  }

  private armTimer(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
