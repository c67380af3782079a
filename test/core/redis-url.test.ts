// Redis URLs for the shared limiters: given to ioredis as they are (rediss:// is TLS, user:password, /db), others refused by name.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/server/config.ts';
import { AccountLimiter, RedisUrlError, redisFromUrl, redisUrlProblem } from '../../src/carrier/index.ts';
import { systemClock } from '../../src/clock/index.ts';
import { REDIS_SKIP_REASON, REDIS_URL, redisAvailable } from '../support/redis.ts';

/** The options ioredis reads from a URL, without connecting. */
function optionsOf(url: string) {
  const client = redisFromUrl(url, { lazyConnect: true });
  const { host, port, db, username, password, tls } = client.options;
  client.disconnect();
  return { host, port: Number(port), db: Number(db), username, password, tls };
}

describe('Redis URLs given to ioredis as they are', () => {
  it('redis:// with a db index and a password', () => {
    expect(optionsOf('redis://:s3cr%40t@10.0.0.5:6380/3')).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      db: 3,
      password: 's3cr@t',
      tls: undefined,
    });
  });

  it('rediss:// turns TLS on, with user:password and db', () => {
    const o = optionsOf('rediss://lanjie:pw@redis.example.com:6380/2');
    expect(o.tls).toBeTruthy();
    expect(o).toMatchObject({ host: 'redis.example.com', port: 6380, db: 2, username: 'lanjie', password: 'pw' });
  });

  it('no port, no db: ioredis defaults (6379, db 0)', () => {
    expect(optionsOf('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
  });

  it('refuses what is not redis:// or rediss://, and a path that is not a db index, saying so', () => {
    expect(redisUrlProblem('redis://h:6379/1')).toBeUndefined();
    expect(redisUrlProblem('rediss://h')).toBeUndefined();
    expect(redisUrlProblem('http://h:6379')).toMatch(/redis:\/\/ or rediss:\/\/ URL.*got http:/);
    expect(redisUrlProblem('not a url')).toMatch(/not a URL/);
    expect(redisUrlProblem('redis://h:6379/abc')).toMatch(/db index.*\/abc/);
    expect(() => redisFromUrl('http://h:6379')).toThrow(RedisUrlError);
    expect(() => new AccountLimiter({ perSecond: 1, source: 'assumed' }, systemClock, {}, { redisUrl: 'tcp://h:6379', id: 'x' })).toThrow(
      /cluster.redisUrl must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  it('LANJIE_REDIS_URL accepts rediss:// and refuses a bad db path by name', () => {
    expect(loadEnv({ LANJIE_REDIS_URL: 'rediss://u:p@redis.example.com:6380/4' }).LANJIE_REDIS_URL).toBe(
      'rediss://u:p@redis.example.com:6380/4',
    );
    expect(() => loadEnv({ LANJIE_REDIS_URL: 'redis://h:6379/x' })).toThrow(/LANJIE_REDIS_URL: .*db index/);
  });
});

describe('a limiter on the local Redis with a db index', () => {
  let redisUp = false;
  beforeAll(async () => {
    redisUp = await redisAvailable();
  });

  it('keeps its state in the db the URL names', async (ctx) => {
    if (!redisUp) ctx.skip(REDIS_SKIP_REASON);
    const base = new URL(REDIS_URL);
    base.pathname = '/5';
    const url = base.toString();
    const id = `lanjie-test:${randomUUID()}`;
    const limiter = new AccountLimiter({ perSecond: 20, source: 'assumed' }, systemClock, {}, { redisUrl: url, id });
    expect(await limiter.schedule(async () => 'ran')).toBe('ran');
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const other = new Redis(REDIS_URL.replace(/\/\d+$/, ''), { lazyConnect: true, maxRetriesPerRequest: 1, db: 6 });
    try {
      // The shared timeline is the hash lanjie:rate:<id>: present in db 5, absent from db 6.
      expect(await probe.exists(`lanjie:rate:${id}`)).toBe(1);
      expect(await other.exists(`lanjie:rate:${id}`)).toBe(0);
      const keys = await probe.keys(`lanjie:rate:${id}`);
      if (keys.length > 0) await probe.del(...keys);
    } finally {
      probe.disconnect();
      other.disconnect();
      await limiter.stop();
    }
  });
});
