// Two gateway instances configured with one Redis share each account's quota; a replaced account's limiter still sends what was queued in it (needs Redis at LANJIE_TEST_REDIS_URL).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SKIP_REASON, REDIS_URL, redisAvailable } from '../support/redis.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { MerchantAccounts, StaticMerchantDirectory, sharedLimiterId } from '../../src/merchants/index.ts';
import { TestClock, systemClock } from '../../src/clock/index.ts';

let redisUp = false;
beforeAll(async () => {
  redisUp = await redisAvailable();
});

describe('merchant accounts with limiterRedisUrl', () => {
  it('two instances keep one quota per account, and close() ends their Redis connections', async (ctx) => {
    if (!redisUp) ctx.skip(REDIS_SKIP_REASON);
    // A merchant id of its own per run, so that no earlier run's limiter state is shared.
    const merchantId = `m-${randomUUID().slice(0, 8)}`;
    const merchants = new StaticMerchantDirectory([
      { id: merchantId, accounts: { zto: { appKey: 'k', appSecret: 's', baseUrl: 'http://127.0.0.1:9' } } },
    ]);
    const make = () =>
      new MerchantAccounts({
        registry: carrierRegistry,
        merchants,
        clock: new TestClock('2026-06-01T02:00:00.000Z'),
        rateClock: systemClock,
        limits: { carriers: { zto: { perSecond: 10, perMinute: 600 } } },
        limiterRedisUrl: REDIS_URL,
      });
    const a = make();
    const b = make();
    const clientA = a.account(merchantId, 'zto')!;
    const clientB = b.account(merchantId, 'zto')!;
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? clientA : clientB).limiter.schedule(async () => {
          starts.push(performance.now() - t0);
        }),
      ),
    );
    starts.sort((x, y) => x - y);
    // 10/s shared: seven spacings of about 104 ms between the eight starts, whichever instance made them.
    expect(starts[7]! - starts[0]!).toBeGreaterThanOrEqual(7 * 100);
    const redis = new Redis(REDIS_URL);
    expect((await redis.keys(`lanjie:rate:${sharedLimiterId(merchantId, 'zto')}`)).length).toBeGreaterThan(0);
    redis.disconnect();
    await a.close();
    await b.close();
  });

  it('forget() lets the calls queued in the old limiter go out before it stops', async () => {
    const merchants = new StaticMerchantDirectory([
      { id: 'm-1', accounts: { zto: { appKey: 'k', appSecret: 's', baseUrl: 'http://127.0.0.1:9' } } },
    ]);
    const accounts = new MerchantAccounts({
      registry: carrierRegistry,
      merchants,
      clock: new TestClock('2026-06-01T02:00:00.000Z'),
      rateClock: systemClock,
      limits: { carriers: { zto: { perSecond: 20 } } },
    });
    const old = accounts.account('m-1', 'zto')!;
    const done: number[] = [];
    const queued = Array.from({ length: 5 }, (_, i) =>
      old.limiter.schedule(async () => {
        done.push(i);
      }),
    );
    accounts.forget('m-1');
    await Promise.all(queued);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(accounts.account('m-1', 'zto')).not.toBe(old);
    await accounts.close();
  });
});
