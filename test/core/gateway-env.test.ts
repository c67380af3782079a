// The gateway's environment: the multi-instance and store settings are validated and named when wrong.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/server/config.ts';
import { ConfigError } from '../../src/carrier/config-error.ts';

describe('gateway environment', () => {
  it('defaults the merchant refresh to 10 s and leaves the limiters local without LANJIE_REDIS_URL', () => {
    const env = loadEnv({});
    expect(env.LANJIE_MERCHANT_REFRESH_SECONDS).toBe(10);
    expect(env.LANJIE_REDIS_URL).toBeUndefined();
    expect(loadEnv({ LANJIE_REDIS_URL: 'redis://10.0.0.5:6379/2', LANJIE_MERCHANT_REFRESH_SECONDS: '30' })).toMatchObject({
      LANJIE_REDIS_URL: 'redis://10.0.0.5:6379/2',
      LANJIE_MERCHANT_REFRESH_SECONDS: 30,
    });
  });

  it('refuses a Redis URL that is not redis:// or rediss://, and a refresh interval under 1 s, naming each', () => {
    expect(() => loadEnv({ LANJIE_REDIS_URL: 'http://10.0.0.5:6379' })).toThrow(ConfigError);
    expect(() => loadEnv({ LANJIE_REDIS_URL: 'http://10.0.0.5:6379' })).toThrow(/LANJIE_REDIS_URL: a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadEnv({ LANJIE_MERCHANT_REFRESH_SECONDS: '0' })).toThrow(/LANJIE_MERCHANT_REFRESH_SECONDS/);
    expect(() => loadEnv({ LANJIE_SQLITE_CACHE_KIB: '10' })).toThrow(/LANJIE_SQLITE_CACHE_KIB/);
    expect(loadEnv({ LANJIE_SQLITE_CACHE_KIB: '4096' }).LANJIE_SQLITE_CACHE_KIB).toBe(4096);
    expect(loadEnv({}).LANJIE_HTTP_THREAD).toBe('off');
    expect(loadEnv({ LANJIE_HTTP_THREAD: 'on' }).LANJIE_HTTP_THREAD).toBe('on');
    expect(() => loadEnv({ LANJIE_HTTP_THREAD: 'yes' })).toThrow(/LANJIE_HTTP_THREAD/);
  });
});
