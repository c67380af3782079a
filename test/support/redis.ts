// The Redis the limiter tests use (LANJIE_TEST_REDIS_URL), and whether it answers: tests that need it skip, saying why, when it does not.
import { Redis } from 'ioredis';

/** The Redis URL the tests use. */
export const REDIS_URL = process.env.LANJIE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why a Redis test is skipped when the server does not answer. */
export const REDIS_SKIP_REASON = `Redis is not reachable at ${REDIS_URL}: set LANJIE_TEST_REDIS_URL or start it (.ci/run does)`;

/** Whether Redis answers PING at REDIS_URL within 2 s. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
