// Rate limiting and retries in the core: a limiter per carrier account (local, or shared through Redis) inside p-retry with backoff and jitter.
import { Redis, type RedisOptions } from 'ioredis';
import pRetry from 'p-retry';
import { type Logger, silentLogger } from '../runtime/logger.ts';
import { type JobScheduler, LocalLimiter } from './local-limiter.ts';
import { SharedLimiter } from './shared-limiter.ts';
import type { CarrierCapabilities, CarrierClient, RateLimits } from './define.ts';
import { CarrierTransientError, NotInterceptableError, RateLimitedError } from './errors.ts';
import type { Clock } from '../clock/clock.ts';
import {
  CancelInterceptInputSchema,
  CancelInterceptResultSchema,
  ComplaintInputSchema,
  ComplaintResultSchema,
  InterceptInputSchema,
  InterceptResultSchema,
  TrackInputSchema,
  TrackResultSchema,
  type CancelInterceptInput,
  type CancelInterceptResult,
  type ComplaintInput,
  type ComplaintResult,
  type InterceptInput,
  type InterceptResult,
  type PushParseResult,
  type PushRequest,
  type TrackInput,
  type TrackResult,
} from './model.ts';

/** Retry policy of one account. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 5. */
  retries: number;
  /** First backoff in ms. Default 200. */
  minTimeoutMs: number;
  /** Longest backoff in ms. Default 30 000. */
  maxTimeoutMs: number;
  /** Backoff growth factor. Default 2. */
  factor: number;
  /** Give up after this long in total (ms), quota waits included. Default 300 000. */
  maxRetryTimeMs: number;
}

/** How the limiter adapts after a quota error. */
export interface AdaptivePolicy {
  /** Rate multiplier applied on each quota error (0..1). Default 0.7. */
  decrease: number;
  /** Lowest rate multiplier. Default 0.1. */
  floor: number;
  /** Added back to the multiplier after each quiet interval. Default 0.05. */
  increase: number;
  /** Quiet time (ms) without quota errors before the rate is raised again. Default 15 000. */
  recoverAfterMs: number;
  /** Pause (ms) when a quota error gives no retry-after. Default 1 000. */
  defaultPauseMs: number;
  /** Longest pause (ms) honoured from a retry-after. Default 60 000. */
  maxPauseMs: number;
}

/** Shares one account's limiter between several lanjie instances through Redis. */
export interface ClusterOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://...` for TLS; given to ioredis as it is. */
  redisUrl: string;
  /** The shared limiter's id: the same for every instance using this account (e.g. `lanjie:zto:m-1`). */
  id: string;
  /** Told of Redis connection errors (logged by the resilient client). Default: ignored. */
  onRedisError?: (error: Error) => void;
}

/** Options of a resilient client. */
export interface ResilienceOptions {
  limits: RateLimits;
  /** Share the limiter through Redis (several instances, one quota). Default: local. */
  cluster?: ClusterOptions;
  retry?: Partial<RetryPolicy>;
  adaptive?: Partial<AdaptivePolicy>;
  /** Real time for rate windows (Bottleneck runs on real time too). */
  clock: Clock;
  /** Where retries and give-ups are logged (with the carrier and operation; the caller's child logger adds the merchant). Default: silent. */
  logger?: Logger;
  /** Called after every attempt, for metrics. */
  onAttempt?: (event: { operation: string; ok: boolean; error?: unknown; durationMs: number }) => void;
}

const DEFAULT_RETRY: RetryPolicy = { retries: 5, minTimeoutMs: 200, maxTimeoutMs: 30_000, factor: 2, maxRetryTimeMs: 300_000 };
const DEFAULT_ADAPTIVE: AdaptivePolicy = {
  decrease: 0.7,
  floor: 0.1,
  increase: 0.05,
  recoverAfterMs: 15_000,
  defaultPauseMs: 1_000,
  maxPauseMs: 60_000,
};

/** Safety margin on declared quotas: spacing slightly wider than the quota allows absorbs network jitter. */
const SPACING_MARGIN = 0.97;

/** A call held back by our own paused limiter (never sent to the carrier); retried when the pause ends. */
export class LimiterPausedError extends RateLimitedError {
  constructor(carrierId: string, retryAfterMs: number) {
    super(carrierId, `account paused after a quota error; retry in ${Math.ceil(retryAfterMs)} ms`, retryAfterMs);
  }
}

/**
 * What is wrong with a Redis URL for the limiters, or undefined when it is usable: a `redis://` or `rediss://` (TLS)
 * URL with a host, optional `user:password@` and an optional `/db` index (a whole number).
 */
export function redisUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // handled: the problem is returned to the config check, which reports it
    return 'a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db]), got something that is not a URL';
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    return `a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db]), got ${u.protocol}//`;
  }
  if (!u.hostname) return 'a redis:// or rediss:// URL with a host';
  const db = u.pathname.slice(1);
  if (db !== '' && !/^\d+$/.test(db)) return `a redis:// or rediss:// URL whose path is a db index (a whole number), got /${db}`;
  return undefined;
}

/** A Redis URL the limiters cannot use (see {@link redisUrlProblem}). */
export class RedisUrlError extends Error {
  constructor(readonly problem: string) {
    super(`cluster.redisUrl must be ${problem}`);
    this.name = 'RedisUrlError';
  }
}

/**
 * An ioredis client for a Redis URL, given to ioredis as it is: `rediss://` turns TLS on, `user:password@` and
 * `/db` are ioredis's own reading of the URL. `options` (ioredis options) add to what the URL says.
 * @throws RedisUrlError when the URL is not a usable redis:// or rediss:// URL.
 */
export function redisFromUrl(url: string, options: RedisOptions = {}): Redis {
  const problem = redisUrlProblem(url);
  if (problem) throw new RedisUrlError(problem);
  return new Redis(url, options);
}

/**
 * The minimum spacing between call starts (ms) that keeps every window of the declared quotas:
 * the tightest of per-second and per-minute, narrowed by a small margin.
 */
export function minSpacingMs(limits: RateLimits): number {
  const rate = quotaPerSecondOf(limits);
  return rate === undefined ? 0 : 1000 / (rate * SPACING_MARGIN);
}

/** The declared quota in calls per second: the tighter of per-second and per-minute / 60; undefined when neither is declared. */
export function quotaPerSecondOf(limits: Pick<RateLimits, 'perSecond' | 'perMinute'>): number | undefined {
  const rates = [limits.perSecond, limits.perMinute === undefined ? undefined : limits.perMinute / 60].filter(
    (r): r is number => r !== undefined && r > 0,
  );
  return rates.length === 0 ? undefined : Math.min(...rates);
}

/**
 * One account's limiter: smooth spacing from the declared quota, a pause after a quota error until
 * its retry-after, and a rate multiplier lowered on every quota error and raised slowly after quiet
 * periods, so that a limit configured too high converges instead of failing a share of its calls.
 */
export class AccountLimiter {
  /** The Redis-shared timeline when the quota is shared by several instances; the local scheduler otherwise. */
  private readonly jobs: JobScheduler;
  private multiplier = 1;
  private pausedUntil = 0;
  private lastQuotaError = 0;
  private lastRaise = 0;
  private episodeErrors = 0;
  private readonly baseSpacing: number;
  private readonly policy: AdaptivePolicy;
  /** The shared limiter's id (cluster.id), for log lines; undefined when local. */
  private readonly limiterId: string | undefined;
  /** Quota errors seen by this limiter. */
  quotaErrors = 0;
  /** The declared quota as calls per second (the tighter of per-second and per-minute / 60); undefined when none is declared. */
  readonly quotaPerSecond: number | undefined;

  /**
   * @param carrierLabel the carrier id, for errors and log lines.
   * @param logger where a pause that could not be shared (Redis) is reported. Default: silent.
   */
  constructor(
    limits: RateLimits,
    private readonly clock: Clock,
    adaptive: Partial<AdaptivePolicy> = {},
    cluster?: ClusterOptions,
    private readonly carrierLabel = 'limiter',
    private readonly logger: Logger = silentLogger,
  ) {
    this.policy = { ...DEFAULT_ADAPTIVE, ...adaptive };
    this.limiterId = cluster?.id;
    this.baseSpacing = minSpacingMs(limits);
    this.quotaPerSecond = quotaPerSecondOf(limits);
    const maxConcurrent = limits.maxConcurrent ?? 8;
    if (cluster) {
      this.jobs = new SharedLimiter({
        redis: redisFromUrl(cluster.redisUrl, { maxRetriesPerRequest: 2 }),
        id: cluster.id,
        carrierId: carrierLabel,
        maxConcurrent,
        minTime: this.baseSpacing,
        ...(cluster.onRedisError ? { onRedisError: cluster.onRedisError } : {}),
      });
    } else {
      this.jobs = new LocalLimiter(maxConcurrent, this.baseSpacing);
    }
  }

  /** The current rate multiplier (1 = the configured rate). */
  get rateMultiplier(): number {
    return this.multiplier;
  }

  /** Jobs waiting for their turn. */
  get queued(): number {
    return this.jobs.queued();
  }

  /** Runs `fn` when the limiter allows it. */
  schedule<T>(fn: () => Promise<T>): Promise<T> {
    this.maybeRaise();
    return this.jobs.schedule(async () => {
      // The scheduler may already have released a few jobs (up to maxConcurrent; a shared limiter's reserved
      // slots) when a quota error paused the account: they would only collect more quota errors. Hold them back instead.
      const wait = this.pausedUntil - this.clock.nowMs();
      if (wait > 0) throw new LimiterPausedError(this.carrierLabel, wait);
      return fn();
    });
  }

  /** Records a quota error: pause until retry-after, lower the rate. */
  onQuotaError(retryAfterMs: number | undefined): void {
    const now = this.clock.nowMs();
    this.quotaErrors++;
    this.episodeErrors++;
    // An episode of quota errors (until the next success) lowers the rate once: probes that find the
    // window still exhausted, and calls in flight in the same burst, must not collapse it.
    if (this.episodeErrors === 1) {
      this.multiplier = Math.max(this.policy.floor, this.multiplier * this.policy.decrease);
      this.applySpacing();
    }
    this.lastQuotaError = now;
    // Without a retry-after, wait longer after each failed probe (1 s, 2 s, 4 s ... up to maxPauseMs):
    // a per-minute window may have most of a minute left.
    const guessed = this.policy.defaultPauseMs * 2 ** Math.min(16, this.episodeErrors - 1);
    const pause = Math.min(this.policy.maxPauseMs, retryAfterMs ?? guessed);
    this.pausedUntil = Math.max(this.pausedUntil, now + pause);
    // The scheduler holds new starts (a shared one: every instance's, on its timeline in Redis); `schedule`
    // holds what it had released meanwhile.
    Promise.resolve(this.jobs.pause(pause)).catch((error: unknown) =>
      this.logger.warn(
        { err: error, carrierId: this.carrierLabel, limiterId: this.limiterId, pauseMs: pause },
        'shared rate limit: the pause could not be written to Redis (this instance still holds its own calls; the others meet the quota answer themselves)',
      ),
    );
  }

  /** Records a call that got through: the quota-error episode is over. */
  onSuccess(): void {
    this.episodeErrors = 0;
  }

  private maybeRaise(): void {
    if (this.multiplier >= 1) return;
    const now = this.clock.nowMs();
    const since = Math.max(this.lastQuotaError, this.lastRaise);
    if (now - since >= this.policy.recoverAfterMs) {
      this.multiplier = Math.min(1, this.multiplier + this.policy.increase);
      this.lastRaise = now;
      this.applySpacing();
    }
  }

  private applySpacing(): void {
    if (this.baseSpacing <= 0) return;
    // The exact spacing: the shared scheduler rounds it up to whole ms itself (Redis's clock counts ms).
    this.jobs.updateSettings({ minTime: this.baseSpacing / this.multiplier });
  }

  /**
   * Stops the scheduler (its timers, a pause) and closes a Redis connection. Queued jobs are dropped, or with `drain` run first
   * (a limiter replaced while calls wait in it: they still go out, none is lost).
   */
  async stop(options: { drain?: boolean } = {}): Promise<void> {
    await this.jobs.stop({ dropWaitingJobs: !options.drain });
    // handled: at stop a failed disconnect leaves nothing to clean up (the connection is gone either way)
    await this.jobs.disconnect(true).catch(() => undefined);
  }
}

/** A carrier client with validated inputs and outputs, limited and retried. Methods mirror the plugin's. */
export interface ResilientCarrierClient {
  readonly carrierId: string;
  readonly limiter: AccountLimiter;
  track?(inputs: readonly TrackInput[]): Promise<TrackResult[]>;
  intercept?(input: InterceptInput): Promise<InterceptResult>;
  cancelIntercept?(input: CancelInterceptInput): Promise<CancelInterceptResult>;
  parsePush?(request: PushRequest): PushParseResult;
  fileComplaint?(input: ComplaintInput): Promise<ComplaintResult>;
  complaintStatus?(ref: string): Promise<ComplaintResult>;
  detectCarrier?(waybillNo: string): Promise<{ carrierId: string; hubCode: string }[]>;
}

/**
 * Wraps a plugin's client: every call goes through p-retry (transient errors only, exponential
 * backoff with jitter) around the account limiter (so each attempt pays its budget). Interceptions
 * and cancellations are retried only when the carrier deduplicates on our key.
 */
export function makeResilient(
  carrierId: string,
  capabilities: CarrierCapabilities,
  client: CarrierClient,
  options: ResilienceOptions,
): ResilientCarrierClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const log = options.logger ?? silentLogger;
  const cluster = options.cluster && {
    ...options.cluster,
    onRedisError: (error: Error) =>
      log.warn(
        { err: error, carrierId, limiterId: options.cluster?.id },
        'shared rate limit: Redis connection error (it reconnects; calls meanwhile are retried)',
      ),
  };
  const limiter = new AccountLimiter(options.limits, options.clock, options.adaptive, cluster, carrierId, log);
  const idempotent = capabilities.intercept !== false && capabilities.intercept.idempotencyKey;

  async function call<T>(operation: string, retryable: boolean, fn: () => Promise<T>): Promise<T> {
    const attempt = async () => {
      const started = options.clock.nowMs();
      try {
        const result = await limiter.schedule(fn);
        limiter.onSuccess();
        options.onAttempt?.({ operation, ok: true, durationMs: options.clock.nowMs() - started });
        return result;
      } catch (error) {
        options.onAttempt?.({ operation, ok: false, error, durationMs: options.clock.nowMs() - started });
        if (error instanceof RateLimitedError && !(error instanceof LimiterPausedError)) limiter.onQuotaError(error.retryAfterMs);
        throw error;
      }
    };
    if (!retryable) return attempt();
    let attempts = 0;
    try {
      return await pRetry(attempt, {
        retries: retry.retries,
        factor: retry.factor,
        minTimeout: retry.minTimeoutMs,
        maxTimeout: retry.maxTimeoutMs,
        randomize: true,
        maxRetryTime: retry.maxRetryTimeMs,
        shouldRetry: ({ error }) => error instanceof CarrierTransientError,
        // A quota error waits in the paused limiter; it should not exhaust the retry budget of the call.
        shouldConsumeRetry: ({ error }) => !(error instanceof RateLimitedError),
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          attempts = attemptNumber;
          if (error instanceof CarrierTransientError && retriesLeft > 0)
            log.info({ err: error, carrierId, operation, attempt: attemptNumber, retriesLeft }, 'carrier call failed; retrying');
        },
      });
    } catch (error) {
      if (error instanceof CarrierTransientError)
        log.warn({ err: error, carrierId, operation, attempts }, 'carrier call failed after its retries; giving up');
      throw error;
    }
  }

  const wrapped: ResilientCarrierClient = { carrierId, limiter };
  if (client.track) {
    const track = client.track.bind(client);
    const batchSize = capabilities.track === false ? 1 : capabilities.track.batchSize;
    wrapped.track = async (inputs) => {
      const parsed = inputs.map((input) => TrackInputSchema.parse(input));
      const batches: TrackInput[][] = [];
      for (let i = 0; i < parsed.length; i += batchSize) batches.push(parsed.slice(i, i + batchSize));
      const results = await Promise.all(batches.map((batch) => call('track', true, () => track(batch))));
      return results.flat().map((result) => TrackResultSchema.parse(result));
    };
  }
  if (client.intercept) {
    const intercept = client.intercept.bind(client);
    wrapped.intercept = async (input) => {
      const request = InterceptInputSchema.parse(input);
      if (capabilities.intercept !== false && !capabilities.intercept.kinds.includes(request.kind)) {
        return InterceptResultSchema.parse({
          state: 'REJECTED',
          refusal: 'NOT_ALLOWED',
          message: `${carrierId} does not offer ${request.kind}`,
          raw: null,
        });
      }
      try {
        return InterceptResultSchema.parse(await call('intercept', idempotent, () => intercept(request)));
      } catch (error) {
        if (error instanceof NotInterceptableError) {
          return InterceptResultSchema.parse({
            state: 'REJECTED',
            refusal: error.refusal,
            carrierCode: error.carrierCode,
            message: error.message,
            raw: error.raw,
          });
        }
        throw error;
      }
    };
  }
  if (client.cancelIntercept) {
    const cancel = client.cancelIntercept.bind(client);
    wrapped.cancelIntercept = async (input) => {
      const request = CancelInterceptInputSchema.parse(input);
      try {
        return CancelInterceptResultSchema.parse(await call('cancelIntercept', idempotent, () => cancel(request)));
      } catch (error) {
        if (error instanceof NotInterceptableError) {
          return CancelInterceptResultSchema.parse({
            state: 'REJECTED',
            refusal: error.refusal,
            carrierCode: error.carrierCode,
            message: error.message,
            raw: error.raw,
          });
        }
        throw error;
      }
    };
  }
  if (client.parsePush) wrapped.parsePush = client.parsePush.bind(client);
  if (client.fileComplaint) {
    const file = client.fileComplaint.bind(client);
    // Filing is not idempotent on the carrier's side: never retried blindly.
    wrapped.fileComplaint = async (input) =>
      ComplaintResultSchema.parse(await call('fileComplaint', false, () => file(ComplaintInputSchema.parse(input))));
  }
  if (client.detectCarrier) {
    const detect = client.detectCarrier.bind(client);
    wrapped.detectCarrier = (waybillNo) => call('detectCarrier', true, () => detect(waybillNo));
  }
  if (client.complaintStatus) {
    const status = client.complaintStatus.bind(client);
    wrapped.complaintStatus = async (ref) => ComplaintResultSchema.parse(await call('complaintStatus', true, () => status(ref)));
  }
  return wrapped;
}
