// A second sandbox merchant with the simulators' credentials, exactly as docs/sandbox.md says: its cases are tracked and intercepted on the same simulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_KEY, type TestGateway, openBody, testGateway } from './harness.ts';

describe('a second sandbox merchant (docs/sandbox.md)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('gets the simulator accounts (support only), is PUT with them, and its case is intercepted on the ZTO simulator', async () => {
    expect((await t.call({ method: 'GET', url: '/v1/sandbox/accounts' })).statusCode).toBe(403);
    const got = await t.call({ method: 'GET', url: '/v1/sandbox/accounts', key: SUPPORT_KEY });
    expect(got.statusCode).toBe(200);
    const { accounts } = got.json() as { accounts: Record<string, unknown> };
    expect(Object.keys(accounts)).toEqual(expect.arrayContaining(['zto', 'sf', 'yto']));
    const put = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-2',
      key: SUPPORT_KEY,
      payload: { id: 'm-2', name: 'Second shop', type: 'DOMESTIC', accounts },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json().credentialChecks.zto).toEqual({ status: 'VERIFIED' });
    const key = await t.call({
      method: 'POST',
      url: '/v1/admin/keys',
      key: SUPPORT_KEY,
      payload: { role: 'merchant', merchantId: 'm-2', label: 'second-shop' },
    });
    expect(key.statusCode, key.body).toBe(201);
    const merchantKey = key.json().key as string;
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      key: merchantKey,
      payload: openBody('73100000000101', { afterSaleId: 'AS-M2-1' }),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { ms: 0 } });
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${opened.json().case.id}`, key: merchantKey })).json();
    expect(c.merchantId ?? 'm-2').toBe('m-2');
    expect(c.interceptions).toMatchObject([{ channel: 'CARRIER_API', state: 'ACCEPTED' }]);
  });
});
