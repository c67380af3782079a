// Two gateways on one PostgreSQL store: a merchant written through one takes effect in the other at once when they share Redis (pub/sub), and within 5 s by the periodic refresh when they do not.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/server/config.ts';
import { startGateway, type Gateway } from '../../src/server/gateway.ts';
import { freshPostgresSchema, PG_URL, postgresReachable } from '../store/targets.ts';
import { REDIS_SKIP_REASON, REDIS_URL, redisAvailable } from '../support/redis.ts';

const SUPPORT_KEY = 'lj_support_propagation_0123456789abcdef';
const SECRET_KEY = 'b'.repeat(64);

const merchant = (appSecret: string, webhookUrl: string) => ({
  id: 'm-prop',
  accounts: { zto: { baseUrl: 'https://japi.zto.com', appKey: 'zto-app-key', appSecret } },
  webhook: { url: webhookUrl, secret: 'webhook-secret-propagation-0123' },
});

let running: Gateway[] = [];
let drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.map((g) => g.stop()));
  running = [];
  for (const drop of drops) await drop();
  drops = [];
});

async function twoGateways(extraEnv: Record<string, string>): Promise<[Gateway, Gateway]> {
  const schema = await freshPostgresSchema();
  drops.push(schema.drop);
  const start = () =>
    startGateway({
      env: loadEnv({
        PORT: '0',
        LANJIE_DATA_DIR: mkdtempSync(join(tmpdir(), 'lanjie-prop-')),
        LANJIE_STORE_URL: schema.url,
        LANJIE_SECRET_KEY: SECRET_KEY,
        LANJIE_SUPPORT_API_KEY: SUPPORT_KEY,
        LANJIE_LOG_LEVEL: 'silent',
        ...extraEnv,
      }),
      config: { merchants: [] },
      sandbox: false,
    });
  const a = await start();
  running.push(a);
  const b = await start();
  running.push(b);
  return [a, b];
}

async function put(gateway: Gateway, body: unknown): Promise<void> {
  const res = await fetch(`${gateway.url}/v1/merchants/m-prop`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${SUPPORT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

/** Milliseconds until `check` holds (polled every 10 ms), or the timeout. */
async function msUntil(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

describe('merchant configuration written through one instance', () => {
  it('takes effect in the other at once over Redis (the periodic refresh set to an hour)', async (ctx) => {
    if (!(await postgresReachable()))
      ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
    if (!(await redisAvailable())) ctx.skip(REDIS_SKIP_REASON);
    const [a, b] = await twoGateways({ LANJIE_REDIS_URL: REDIS_URL, LANJIE_MERCHANT_REFRESH_SECONDS: '3600' });
    expect(b.merchants.get('m-prop')).toBeUndefined();

    await put(a, merchant('secret-one', 'https://merchant.example/hook-1'));
    const created = await msUntil(() => b.merchants.get('m-prop')?.webhook?.url === 'https://merchant.example/hook-1', 5000);
    expect(created).toBeLessThan(1000);

    // Changed credentials, written through the other instance this time.
    await put(b, merchant('secret-two', 'https://merchant.example/hook-2'));
    const changed = await msUntil(() => {
      const zto = a.merchants.get('m-prop')?.accounts.zto as { appSecret?: string } | undefined;
      return zto?.appSecret === 'secret-two' && a.merchants.get('m-prop')?.webhook?.url === 'https://merchant.example/hook-2';
    }, 5000);
    expect(changed).toBeLessThan(1000);
  });

  it('takes effect in the other within 5 s without Redis (periodic refresh, LANJIE_MERCHANT_REFRESH_SECONDS=4)', async (ctx) => {
    if (!(await postgresReachable()))
      ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
    const [a, b] = await twoGateways({ LANJIE_MERCHANT_REFRESH_SECONDS: '4' });
    await put(a, merchant('secret-one', 'https://merchant.example/hook-1'));
    const created = await msUntil(() => b.merchants.get('m-prop') !== undefined, 6000);
    expect(created).toBeLessThan(5000);
  });
});
