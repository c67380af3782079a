// A carrier account's rate limit shared by several gateway instances through Redis: each start reserves the next free slot of one shared timeline (one Lua script, Redis's clock), so the instances together keep the account's spacing and pauses; concurrency stays per instance. Nothing in Redis is held by a running call, so an instance that dies mid-call leaves nothing behind.
import type { Redis } from 'ioredis';
import { CarrierUnavailableError } from './errors.ts';
import { type JobScheduler, LocalLimiter } from './local-limiter.ts';

/**
 * Reserves the next start on the shared timeline. KEYS[1]: the account's hash (`next`: first free start,
 * `paused`: no start before, both ms on Redis's clock). ARGV[1]: spacing ms. Returns how long the caller
 * waits before it starts, ms. The key lives a day past its last use.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
local start = math.max(now, next, paused)
redis.call('HSET', KEYS[1], 'next', tostring(start + tonumber(ARGV[1])))
redis.call('PEXPIRE', KEYS[1], 86400000)
return start - now
`;

/** Pauses every instance: no start before now + ARGV[1] ms (a longer pause already set stays). */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ms = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if until_ms > paused then redis.call('HSET', KEYS[1], 'paused', tostring(until_ms)) end
redis.call('PEXPIRE', KEYS[1], 86400000)
return until_ms
`;

/** The shared limiter could not reach Redis: the call did not start; retried like an unavailable carrier. */
export class SharedLimiterUnavailableError extends CarrierUnavailableError {}

/** Options of a shared limiter. */
export interface SharedLimiterOptions {
  /** An ioredis client of this limiter's (closed by `disconnect`). */
  redis: Redis;
  /** The account's id in Redis: the same for every instance using the account. */
  id: string;
  /** Carrier id, for errors. */
  carrierId: string;
  /** Calls running at once in this instance. Default 8. */
  maxConcurrent?: number;
  /** Least time between two starts across all instances, ms (rounded up to whole ms). Default 0. */
  minTime?: number;
  /** Told of the Redis connection's errors (it reconnects by itself; calls meanwhile fail as unavailable and are retried). */
  onRedisError?: (error: Error) => void;
}

/** The Redis-shared scheduler: the local queue and concurrency, and the shared timeline for every start. */
export class SharedLimiter implements JobScheduler {
  private readonly local: LocalLimiter;
  private minTime: number;
  private readonly key: string;

  constructor(private readonly options: SharedLimiterOptions) {
    this.local = new LocalLimiter(options.maxConcurrent ?? 8, 0);
    this.minTime = options.minTime ?? 0;
    this.key = `lanjie:rate:${options.id}`;
    // A listener, so that ioredis reports through the gateway's logger instead of printing "Unhandled error event".
    options.redis.on('error', (error: Error) => options.onRedisError?.(error));
  }

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    return this.local.schedule(async () => {
      const wait = await this.reserve();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return fn();
    });
  }

  private async reserve(): Promise<number> {
    try {
      return Number(await this.options.redis.eval(RESERVE, 1, this.key, String(Math.ceil(this.minTime))));
    } catch (error) {
      throw new SharedLimiterUnavailableError(
        this.options.carrierId,
        `the shared rate limit ${this.options.id} could not be read from Redis: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** Holds every instance's starts for `ms` (a quota answer seen by any of them). */
  async pause(ms: number): Promise<void> {
    await this.options.redis.eval(PAUSE, 1, this.key, String(Math.ceil(ms)));
  }

  queued(): number {
    return this.local.queued();
  }

  /** `minTime` applies to this instance's next reservations; `reservoir` (a local hold) is not used: pauses are shared by `pause`. */
  async updateSettings(settings: { minTime?: number; reservoir?: number | null }): Promise<void> {
    if (settings.minTime !== undefined) this.minTime = settings.minTime;
  }

  stop(options: { dropWaitingJobs: boolean }): Promise<void> {
    return this.local.stop(options);
  }

  async disconnect(): Promise<void> {
    this.options.redis.disconnect();
  }
}
