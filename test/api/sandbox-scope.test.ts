// Sandbox routes are scoped to the sandbox merchant's key and support keys: another merchant's key gets 403 on the ledger and the shared clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERCHANT_KEY, SUPPORT_KEY, type TestGateway, testGateway } from './harness.ts';

describe('sandbox routes scope (issue 19)', () => {
  let t: TestGateway;
  let otherKey: string;
  beforeAll(async () => {
    t = await testGateway();
    const put = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-b',
      key: SUPPORT_KEY,
      payload: { id: 'm-b', name: 'Shop B', type: 'DOMESTIC' },
    });
    expect(put.statusCode, put.body).toBe(201);
    const key = await t.call({
      method: 'POST',
      url: '/v1/admin/keys',
      key: SUPPORT_KEY,
      payload: { role: 'merchant', merchantId: 'm-b', label: 'shop-b' },
    });
    expect(key.statusCode, key.body).toBe(201);
    otherKey = key.json().key as string;
  });
  afterAll(async () => {
    await t.stop();
  });

  it("refuses another merchant's key on the ledger, the clock, parcels and faults", async () => {
    const before = (await t.call({ method: 'GET', url: '/v1/sandbox' })).json() as { now?: string; clock?: unknown };
    for (const request of [
      { method: 'GET' as const, url: '/v1/sandbox/merchant/ledger' },
      { method: 'POST' as const, url: '/v1/sandbox/clock/advance', payload: { hours: 5 } },
      { method: 'GET' as const, url: '/v1/sandbox' },
      { method: 'POST' as const, url: '/v1/sandbox/parcels', payload: { carrier: 'zto', fate: 'deliver' } },
      { method: 'POST' as const, url: '/v1/sandbox/faults', payload: { carrier: 'zto', type: 'http-error' } },
      { method: 'GET' as const, url: '/v1/sandbox/douyin/ledger' },
    ]) {
      const answer = await t.call({ ...request, key: otherKey });
      expect(answer.statusCode, `${request.url}: ${answer.body}`).toBe(403);
      expect(answer.json().error.code).toBe('SANDBOX_MERCHANT_ONLY');
      expect(answer.json().error.message).toMatch(/sandbox merchant/);
    }
    const after = (await t.call({ method: 'GET', url: '/v1/sandbox' })).json();
    expect(after).toEqual(before);
  });

  it("accepts the sandbox merchant's key and a support key", async () => {
    for (const key of [MERCHANT_KEY, SUPPORT_KEY]) {
      expect((await t.call({ method: 'GET', url: '/v1/sandbox/merchant/ledger', key })).statusCode).toBe(200);
      const moved = await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', key, payload: { ms: 0 } });
      expect(moved.statusCode, moved.body).toBe(200);
    }
  });
});
