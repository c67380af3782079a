// The resilience wrapper: retries only transient errors, every attempt pays the limiter, quota errors pause and slow the account.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock, TestClock } from '../../src/clock/index.ts';
import {
  AccountLimiter,
  AuthError,
  LimiterPausedError,
  CarrierUnavailableError,
  NotInterceptableError,
  RateLimitedError,
  makeResilient,
  minSpacingMs,
  type CarrierCapabilities,
  type CarrierClient,
  type TrackResult,
} from '../../src/carrier/index.ts';

const caps = (idempotencyKey: boolean): CarrierCapabilities => ({
  track: { batchSize: 2, needsPhoneLast4: 'never', confidence: 'C-src' },
  intercept: { kinds: ['RETURN_TO_SENDER'], idempotencyKey, needsAfterSale: false, confidence: 'C-src' },
  cancelIntercept: false,
  push: false,
  complaint: false,
});
const found = (waybillNo: string): TrackResult => ({
  waybillNo,
  carrierId: 'test',
  found: true,
  status: 'IN_TRANSIT',
  events: [],
  raw: {},
});
const fast = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5 };

function scripted(errors: unknown[]): CarrierClient & { calls: number; batches: string[][] } {
  const client = {
    calls: 0,
    batches: [] as string[][],
    async track(inputs: readonly { waybillNo: string }[]) {
      client.calls++;
      client.batches.push(inputs.map((i) => i.waybillNo));
      const error = errors.shift();
      if (error) throw error;
      return inputs.map((i) => found(i.waybillNo));
    },
    async intercept() {
      client.calls++;
      const error = errors.shift();
      if (error) throw error;
      return { state: 'ACCEPTED' as const, raw: {} };
    },
  };
  return client;
}

describe('makeResilient', () => {
  it('retries a transient error and succeeds', async () => {
    const client = scripted([new CarrierUnavailableError('t', '503')]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast });
    const results = await wrapped.track!([{ waybillNo: 'AB123456' }]);
    expect(results[0]!.found).toBe(true);
    expect(client.calls).toBe(2);
  });

  it('never retries a rejected error', async () => {
    const client = scripted([new AuthError('t', 'bad key')]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast });
    await expect(wrapped.track!([{ waybillNo: 'AB123456' }])).rejects.toBeInstanceOf(AuthError);
    expect(client.calls).toBe(1);
  });

  it('splits tracking into the declared batch size', async () => {
    const client = scripted([]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast });
    const out = await wrapped.track!(['AA111111', 'BB222222', 'CC333333'].map((waybillNo) => ({ waybillNo })));
    expect(out.map((r) => r.waybillNo)).toEqual(['AA111111', 'BB222222', 'CC333333']);
    expect(client.batches).toEqual([['AA111111', 'BB222222'], ['CC333333']]);
  });

  it('validates inputs before any call', async () => {
    const client = scripted([]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast });
    await expect(wrapped.track!([{ waybillNo: 'no spaces allowed' }])).rejects.toThrow(/waybill number/);
    expect(client.calls).toBe(0);
  });

  it('retries an interception only when the carrier deduplicates on our key', async () => {
    const request = { waybillNo: 'AB123456', kind: 'RETURN_TO_SENDER' as const, reason: 'refund', idempotencyKey: 'case-1-intercept' };
    const blind = scripted([new CarrierUnavailableError('t', '503')]);
    await expect(
      makeResilient('t', caps(false), blind, { limits: { source: 'assumed' }, clock: systemClock, retry: fast }).intercept!(request),
    ).rejects.toBeInstanceOf(CarrierUnavailableError);
    expect(blind.calls).toBe(1);
    const keyed = scripted([new CarrierUnavailableError('t', '503')]);
    expect(
      (await makeResilient('t', caps(true), keyed, { limits: { source: 'assumed' }, clock: systemClock, retry: fast }).intercept!(request))
        .state,
    ).toBe('ACCEPTED');
    expect(keyed.calls).toBe(2);
  });

  it('turns a refusal into a REJECTED result with the normalised reason and raw payload', async () => {
    const client = scripted([
      new NotInterceptableError('t', 'E23101: 已签收', 'ALREADY_DELIVERED', { carrierCode: 'E23101', raw: { statusCode: 'E23101' } }),
    ]);
    const result = await makeResilient('t', caps(true), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast })
      .intercept!({ waybillNo: 'AB123456', kind: 'RETURN_TO_SENDER', reason: 'refund', idempotencyKey: 'case-1-intercept' });
    expect(result).toMatchObject({ state: 'REJECTED', refusal: 'ALREADY_DELIVERED', carrierCode: 'E23101', raw: { statusCode: 'E23101' } });
  });

  it('refuses a kind the carrier does not offer without calling it', async () => {
    const client = scripted([]);
    const result = await makeResilient('t', caps(true), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast })
      .intercept!({ waybillNo: 'AB123456', kind: 'RETURN_TO_ORIGIN_STATION', reason: 'refund', idempotencyKey: 'case-1-intercept' });
    expect(result.state).toBe('REJECTED');
    expect(client.calls).toBe(0);
  });

  it('without a retry-after, waits longer after each failed probe of one episode', async () => {
    const client = scripted([new RateLimitedError('t', 'quota', undefined), new RateLimitedError('t', 'quota', undefined)]);
    const wrapped = makeResilient('t', caps(false), client, {
      limits: { source: 'assumed' },
      clock: systemClock,
      retry: fast,
      adaptive: { defaultPauseMs: 100 },
    });
    const started = performance.now();
    await wrapped.track!([{ waybillNo: 'AB123456' }]);
    // 100 ms after the first error, 200 ms after the second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(client.calls).toBe(3);
    expect(wrapped.limiter.rateMultiplier).toBeCloseTo(0.7, 5);
  });

  it('honours retry-after: the retry waits for the paused limiter', async () => {
    const client = scripted([new RateLimitedError('t', 'quota', 300)]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast });
    const started = performance.now();
    await wrapped.track!([{ waybillNo: 'AB123456' }]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(client.calls).toBe(2);
    expect(wrapped.limiter.quotaErrors).toBe(1);
  });
});

describe('AccountLimiter', () => {
  it('sends nothing while paused, even jobs Bottleneck had already released', async () => {
    const limiter = new AccountLimiter({ perSecond: 5, maxConcurrent: 8, source: 'assumed' }, systemClock);
    const starts: number[] = [];
    const t0 = performance.now();
    const job = () =>
      limiter.schedule(async () => {
        starts.push(performance.now() - t0);
      });
    const jobs = [job(), job(), job()].map((p) =>
      p.then(
        () => 'ran',
        (e: unknown) => (e instanceof LimiterPausedError ? 'held' : 'failed'),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    limiter.onQuotaError(600);
    const outcomes = await Promise.all(jobs);
    expect(outcomes).not.toContain('failed');
    // The first job ran before the pause; no other call started inside the 600 ms pause.
    expect(starts.filter((t) => t > 30 && t < 600)).toEqual([]);
    await limiter.stop();
  });

  it('spaces calls from the tightest declared quota, with a small margin', () => {
    expect(minSpacingMs({ perSecond: 10, source: 'assumed' })).toBeCloseTo(1000 / 9.7, 5);
    expect(minSpacingMs({ perSecond: 50, perMinute: 600, source: 'assumed' })).toBeCloseTo(1000 / (10 * 0.97), 5);
    expect(minSpacingMs({ source: 'assumed' })).toBe(0);
  });

  it('every call pays its budget: 6 calls at 20/s take at least 5 spacings', async () => {
    const limiter = new AccountLimiter({ perSecond: 20, source: 'assumed' }, systemClock);
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => limiter.schedule(async () => 1)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 * 50);
    await limiter.stop();
  });

  it('a local limiter is not held to 1 ms per internal step: Bottleneck yields with setImmediate, a 0 ms timer only to start each job', async () => {
    const limiter = new AccountLimiter({ maxConcurrent: 64, source: 'assumed' }, systemClock);
    // Bottleneck starts each job with a timer of its wait (0 here: jobs start side by side); any further
    // setTimeout(…, 0) is one of its datastore's yields, which Node clamps to 1 ms and which run one
    // after another inside its submit and register locks.
    const zeroTimers: number[] = [];
    const original = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      if (!ms) zeroTimers.push(1);
      return original(fn, ms, ...args);
    }) as typeof setTimeout;
    try {
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          limiter.schedule(async () => {
            order.push(i);
          }),
        ),
      );
      // Every job ran, in the order submitted (concurrency 64 starts them in order).
      expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i));
    } finally {
      globalThis.setTimeout = original;
    }
    expect(zeroTimers.length).toBeLessThanOrEqual(200);
    await limiter.stop();
  });

  it('lowers its rate once per episode of quota errors and raises it again after a quiet period', async () => {
    const clock = new TestClock('2026-01-01T00:00:00Z');
    const limiter = new AccountLimiter({ perSecond: 10, source: 'assumed' }, clock, {
      decrease: 0.5,
      increase: 0.25,
      recoverAfterMs: 10_000,
      defaultPauseMs: 1,
    });
    limiter.onQuotaError(1000);
    limiter.onQuotaError(1000);
    clock.advance(1_001);
    // A probe that finds the window still exhausted is the same episode: no further decrease.
    limiter.onQuotaError(undefined);
    expect(limiter.rateMultiplier).toBe(0.5);
    limiter.onSuccess();
    limiter.onQuotaError(undefined);
    expect(limiter.rateMultiplier).toBe(0.25);
    clock.advance(10_000);
    const scheduled = limiter.schedule(async () => 1);
    expect(limiter.rateMultiplier).toBe(0.5);
    await scheduled;
    await limiter.stop();
  });
});

describe('makeResilient logging', () => {
  function capture() {
    const lines: { level: number; msg: string; carrierId?: string; operation?: string; attempt?: number; attempts?: number }[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    return { lines, logger };
  }

  it('logs each retry and the give-up with the carrier and operation', async () => {
    const { lines, logger } = capture();
    const client = scripted([
      new CarrierUnavailableError('t', '503'),
      new CarrierUnavailableError('t', '503'),
      new CarrierUnavailableError('t', '503'),
      new CarrierUnavailableError('t', '503'),
    ]);
    const wrapped = makeResilient('t', caps(false), client, { limits: { source: 'assumed' }, clock: systemClock, retry: fast, logger });
    await expect(wrapped.track!([{ waybillNo: 'AB123456' }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    const retries = lines.filter((l) => l.msg === 'carrier call failed; retrying');
    expect(retries.map((l) => l.attempt)).toEqual([1, 2, 3]);
    expect(retries.every((l) => l.carrierId === 't' && l.operation === 'track')).toBe(true);
    const gaveUp = lines.filter((l) => l.msg === 'carrier call failed after its retries; giving up');
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatchObject({ level: 40, carrierId: 't', operation: 'track', attempts: 4 });
  });

  it('logs nothing when the first attempt succeeds', async () => {
    const { lines, logger } = capture();
    const wrapped = makeResilient('t', caps(false), scripted([]), {
      limits: { source: 'assumed' },
      clock: systemClock,
      retry: fast,
      logger,
    });
    await wrapped.track!([{ waybillNo: 'AB123456' }]);
    expect(lines).toEqual([]);
  });
});
