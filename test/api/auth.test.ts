// Auth and tenants: 401 without a valid key, 403 for merchant keys on support routes, another merchant's data is a 404, secrets never in answers or logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorKits } from '../../mocks/index.ts';
import { MERCHANT_KEY, SUPPORT_KEY, openBody, testGateway, type TestGateway } from './harness.ts';

const ZTO_SECRET = 'other-merchant-zto-secret-do-not-leak-4242';
const WEBHOOK_SECRET = 'other-merchant-webhook-secret-do-not-leak-77';

describe('API auth and tenants', () => {
  let t: TestGateway;
  let otherKey = '';
  let otherKeyId = '';
  let otherCaseId = '';
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('no key, a wrong key, a malformed header: 401 in the error format', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer lj_not_a_key_at_all_000000000000' },
      { authorization: 'Basic abc' },
      { 'x-api-key': 'nope' },
    ]) {
      const res = await t.call({ method: 'GET', url: '/v1/cases', key: null, headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await t.call({ method: 'GET', url: '/v1/cases', key: null, headers: { 'x-api-key': MERCHANT_KEY } })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/healthz', key: null })).statusCode).toBe(200);
  });

  it('merchant keys cannot administer', async () => {
    const res = await t.call({ method: 'POST', url: '/v1/admin/keys', payload: { role: 'support' } });
    expect(res.statusCode).toBe(403);
    expect((await t.call({ method: 'PUT', url: '/v1/merchants/sandbox', payload: { type: 'CROSS_BORDER' } })).statusCode).toBe(403);
  });

  it('support configures a merchant (accounts validated by their plugins) and answers with secrets masked', async () => {
    const zto = (await t.call({ method: 'GET', url: '/v1/sandbox', key: SUPPORT_KEY }))
      .json()
      .simulators.find((s: { carrier: string }) => s.carrier === 'zto');
    const account = { ...simulatorKits.zto!.pluginConfig(zto.url), appSecret: ZTO_SECRET };
    const bad = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-other',
      key: SUPPORT_KEY,
      payload: { accounts: { zto: { ...account, appKey: 7 } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toContain('body.accounts.zto.appKey');
    expect(JSON.stringify(bad.json())).not.toContain(ZTO_SECRET);
    const unknown = await t.call({ method: 'PUT', url: '/v1/merchants/m-other', key: SUPPORT_KEY, payload: { accounts: { dhl: {} } } });
    expect(unknown.json().error.issues[0].path).toBe('body.accounts.dhl');

    // The account's secret is made up (the point is that it never leaks): its credential check is skipped.
    const put = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-other?verify=false',
      key: SUPPORT_KEY,
      payload: {
        type: 'HAINAN_DUTY_FREE',
        accounts: { zto: account },
        webhook: { url: 'http://127.0.0.1:9/webhook', secret: WEBHOOK_SECRET },
        autoIntercept: false,
      },
    });
    expect(put.statusCode).toBe(201);
    expect(put.json()).toMatchObject({
      id: 'm-other',
      type: 'HAINAN_DUTY_FREE',
      writeEnabled: false,
      accounts: { zto: { appSecret: '***', appKey: '***', baseUrl: zto.url } },
      webhook: { secret: '***' },
    });
    expect(put.body).not.toContain(ZTO_SECRET);
    expect(put.body).not.toContain(WEBHOOK_SECRET);
    const read = await t.call({ method: 'GET', url: '/v1/merchants/m-other', key: SUPPORT_KEY });
    expect(read.body).not.toContain(ZTO_SECRET);
    expect((await t.call({ method: 'GET', url: '/v1/merchants/m-other' })).statusCode).toBe(404);

    const missing = await t.call({
      method: 'POST',
      url: '/v1/admin/keys',
      key: SUPPORT_KEY,
      payload: { role: 'merchant', merchantId: 'nobody' },
    });
    expect(missing.statusCode).toBe(404);
    const created = await t.call({
      method: 'POST',
      url: '/v1/admin/keys',
      key: SUPPORT_KEY,
      payload: { role: 'merchant', merchantId: 'm-other', label: 'erp' },
    });
    expect(created.statusCode).toBe(201);
    otherKey = created.json().key;
    otherKeyId = created.json().id;
    expect(otherKey).toMatch(/^lj_[A-Za-z0-9_-]{43}$/);
    const listed = await t.call({ method: 'GET', url: '/v1/admin/keys', key: SUPPORT_KEY });
    expect(listed.body).not.toContain(otherKey);
    expect(listed.json().keys.find((k: { id: string }) => k.id === otherKeyId)).toMatchObject({
      role: 'merchant',
      merchantId: 'm-other',
      label: 'erp',
      revokedAt: null,
    });
    // Only the hash is stored.
    const rows = await t.gw.store.db.selectFrom('api_keys').select('key_hash').execute();
    expect(JSON.stringify(rows)).not.toContain(otherKey);
  });

  it('a merchant sees only its own cases and interceptions; support sees all', async () => {
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      key: otherKey,
      payload: openBody('73100000000105', { afterSaleId: 'as-other' }),
    });
    expect(opened.statusCode).toBe(201);
    otherCaseId = opened.json().case.id;
    expect(opened.json().case.merchantType).toBe('HAINAN_DUTY_FREE');
    const mine = await t.call({ method: 'POST', url: '/v1/cases', payload: openBody('73100000000101', { afterSaleId: 'as-other' }) });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().case.id).not.toBe(otherCaseId);

    for (const [method, url, payload] of [
      ['GET', `/v1/cases/${otherCaseId}`, undefined],
      ['GET', `/v1/cases/${otherCaseId}/decision`, undefined],
      ['POST', `/v1/cases/${otherCaseId}/events`, { type: 'RECORD_RETURN', shipmentId: '73100000000105', outcome: 'RECEIVED' }],
      ['POST', `/v1/cases/${otherCaseId}/intercept`, { shipmentId: '73100000000105' }],
    ] as const) {
      const res = await t.call({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const list = (await t.call({ method: 'GET', url: '/v1/cases' })).json().cases.map((c: { id: string }) => c.id);
    expect(list).not.toContain(otherCaseId);
    expect((await t.call({ method: 'GET', url: '/v1/cases', key: otherKey })).json().cases.map((c: { id: string }) => c.id)).toEqual([
      otherCaseId,
    ]);
    expect((await t.call({ method: 'GET', url: '/v1/cases?merchantId=m-other' })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: `/v1/cases/${otherCaseId}`, key: SUPPORT_KEY })).statusCode).toBe(200);
    const bySupport = (await t.call({ method: 'GET', url: '/v1/cases?merchantId=m-other', key: SUPPORT_KEY })).json().cases;
    expect(bySupport.map((c: { id: string }) => c.id)).toEqual([otherCaseId]);

    const ic = await t.call({
      method: 'POST',
      url: '/v1/intercepts',
      key: otherKey,
      headers: { 'idempotency-key': 'other-ic-0001' },
      payload: { waybill: '73100000000102', kind: 'RETURN_TO_SENDER' },
    });
    expect(ic.statusCode).toBe(201);
    expect((await t.call({ method: 'GET', url: `/v1/intercepts/${ic.json().id}` })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: `/v1/intercepts/${ic.json().id}`, key: otherKey })).statusCode).toBe(200);

    const wrongTenant = await t.call({
      method: 'POST',
      url: '/v1/cases',
      headers: { 'x-merchant-id': 'm-other' },
      payload: openBody('73100000000101', { afterSaleId: 'as-x' }),
    });
    expect(wrongTenant.statusCode).toBe(403);
    const supportUnnamed = await t.call({
      method: 'POST',
      url: '/v1/cases',
      key: SUPPORT_KEY,
      payload: openBody('73100000000101', { afterSaleId: 'as-x' }),
    });
    expect(supportUnnamed.statusCode).toBe(400);
    expect(supportUnnamed.json().error.issues[0].path).toBe('headers.x-merchant-id');
  });

  it('a revoked key is a 401 from then on', async () => {
    expect((await t.call({ method: 'GET', url: '/v1/cases', key: otherKey })).statusCode).toBe(200);
    const revoked = await t.call({ method: 'POST', url: `/v1/admin/keys/${otherKeyId}/revoke`, key: SUPPORT_KEY });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await t.call({ method: 'GET', url: '/v1/cases', key: otherKey })).statusCode).toBe(401);
    expect((await t.call({ method: 'DELETE', url: '/v1/admin/keys/key_nope', key: SUPPORT_KEY })).statusCode).toBe(404);
  });

  it('no key, account secret or webhook secret ever reaches the log', async () => {
    const log = t.log.join('');
    expect(log).toContain('"url":"/v1/cases"');
    expect(log).toContain('"statusCode":401');
    for (const secret of [
      MERCHANT_KEY,
      SUPPORT_KEY,
      otherKey,
      ZTO_SECRET,
      WEBHOOK_SECRET,
      simulatorKits.zto!.pluginConfig('http://x').appSecret as string,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
