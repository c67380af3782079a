// A limiter shared through Redis: two instances of one account share one quota and one pause (needs Redis at LANJIE_TEST_REDIS_URL).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SKIP_REASON, REDIS_URL, redisAvailable } from '../support/redis.ts';
import { systemClock } from '../../src/clock/index.ts';
import { AccountLimiter } from '../../src/carrier/index.ts';

let redisUp = false;
beforeAll(async () => {
  redisUp = await redisAvailable();
});

describe('AccountLimiter clustered through Redis', () => {
  it('two instances of one account share its spacing', async (ctx) => {
    if (!redisUp) ctx.skip(REDIS_SKIP_REASON);
    const id = `lanjie-test:${randomUUID()}`;
    const a = new AccountLimiter({ perSecond: 10, source: 'assumed' }, systemClock, {}, { redisUrl: REDIS_URL, id });
    const b = new AccountLimiter({ perSecond: 10, source: 'assumed' }, systemClock, {}, { redisUrl: REDIS_URL, id });
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).schedule(async () => {
          starts.push(performance.now() - t0);
        }),
      ),
    );
    starts.sort((x, y) => x - y);
    // 8 starts at 10/s (3% margin): seven spacings of about 104 ms, whichever instance ran them.
    expect(starts[7]! - starts[0]!).toBeGreaterThanOrEqual(7 * 100);
    await a.stop();
    await b.stop();
  });

  it('a quota error seen by one instance pauses the other', async (ctx) => {
    if (!redisUp) ctx.skip(REDIS_SKIP_REASON);
    const id = `lanjie-test:${randomUUID()}`;
    const a = new AccountLimiter({ perSecond: 50, source: 'assumed' }, systemClock, {}, { redisUrl: REDIS_URL, id });
    const b = new AccountLimiter({ perSecond: 50, source: 'assumed' }, systemClock, {}, { redisUrl: REDIS_URL, id });
    // Both connected first (a command sent before its connection is ready waits in ioredis's queue, and the
    // other instance's reservation could reach Redis before the pause).
    await a.schedule(async () => 1);
    await b.schedule(async () => 1);
    a.onQuotaError(400);
    const t0 = performance.now();
    await b.schedule(async () => 1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
    await a.stop();
    await b.stop();
  });

  it('an instance that died mid-call holds nothing: the others go on calling at once', async (ctx) => {
    if (!redisUp) ctx.skip(REDIS_SKIP_REASON);
    const id = `lanjie-test:${randomUUID()}`;
    const limits = { perSecond: 100, maxConcurrent: 1, source: 'assumed' as const };
    const dying = new AccountLimiter(limits, systemClock, {}, { redisUrl: REDIS_URL, id });
    // Its one place is taken by a call that never ends; then the instance "dies": its Redis connections drop
    // without finishing the call (what SIGKILL does to a gateway process).
    let started = false;
    void dying
      .schedule(() => {
        started = true;
        return new Promise(() => {});
      })
      .catch(() => undefined);
    while (!started) await new Promise((r) => setTimeout(r, 10));
    await (dying as unknown as { jobs: { disconnect(flush: boolean): Promise<unknown> } }).jobs.disconnect(false);

    const survivor = new AccountLimiter(limits, systemClock, {}, { redisUrl: REDIS_URL, id });
    const t0 = performance.now();
    await survivor.schedule(async () => 1);
    const waited = performance.now() - t0;
    // Only the spacing (10 ms at 100/s) separates it from the dead call's start: nothing is held in Redis.
    expect(waited).toBeLessThan(500);
    await survivor.stop();
  }, 20_000);
});
