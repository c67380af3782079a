// Editing a merchant keeps its secrets: GET → PUT back, JSON merge patch, masks without a stored secret, credential checks on write (ZTO and SF simulators), secrets sealed in the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SF_SIM_SANDBOX_ACCOUNT } from '../../mocks/sf/simulator.ts';
import { ZTO_SIM_CREDENTIALS } from '../../mocks/zto/simulator.ts';
import { SUPPORT_KEY, testGateway, type TestGateway } from './harness.ts';

describe('merchant edits and secrets', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });
  const support = (method: 'GET' | 'PUT' | 'PATCH', url: string, payload?: unknown, contentType = 'application/merge-patch+json') =>
    t.call({
      method,
      url,
      key: SUPPORT_KEY,
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': contentType } }),
    });
  /** One ZTO track call through the merchant's account: proves the stored secret is the real one. */
  const ztoTrackWorks = async () => {
    const account = t.gw.coordinator.accounts.account('sandbox', 'zto');
    const [result] = await account!.track!([{ waybillNo: '73100000000101' }]);
    return result?.waybillNo === '73100000000101';
  };

  it('GET → PUT back unchanged (but for the type) keeps the real secrets; the stored row holds none in plaintext', async () => {
    const before = await t.gw.merchants.fetch('sandbox');
    const got = await support('GET', '/v1/merchants/sandbox');
    expect(got.json().accounts.zto.appSecret).toBe('***');
    const put = await support('PUT', '/v1/merchants/sandbox', { ...(got.json() as object), type: 'CROSS_BORDER' }, 'application/json');
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ type: 'CROSS_BORDER', accounts: { zto: { appSecret: '***' } }, credentialChecks: {}, warnings: [] });
    const after = await t.gw.merchants.fetch('sandbox');
    expect(after?.accounts).toEqual(before?.accounts);
    expect(after?.webhook?.secret).toBe(before?.webhook?.secret);
    expect(await ztoTrackWorks()).toBe(true);
    const raw = await t.gw.store.db.selectFrom('merchants').select('config_json').where('id', '=', 'sandbox').executeTakeFirstOrThrow();
    expect(raw.config_json).not.toContain(ZTO_SIM_CREDENTIALS.appSecret);
    expect(raw.config_json).not.toContain(SF_SIM_SANDBOX_ACCOUNT.checkWord);
    expect(raw.config_json).not.toContain(before!.webhook!.secret);
  });

  it('PUT keeps a secret left out of a sent account', async () => {
    const got = (await support('GET', '/v1/merchants/sandbox')).json();
    const { appSecret: _left, ...zto } = got.accounts.zto;
    const put = await support('PUT', '/v1/merchants/sandbox', { ...got, accounts: { ...got.accounts, zto } }, 'application/json');
    expect(put.statusCode).toBe(200);
    expect((await t.gw.merchants.fetch('sandbox'))?.accounts.zto).toMatchObject({ appSecret: ZTO_SIM_CREDENTIALS.appSecret });
  });

  it('PATCH of one field changes it and nothing else; null deletes a member; application/json is accepted too', async () => {
    const before = await t.gw.merchants.fetch('sandbox');
    const patched = await support('PATCH', '/v1/merchants/sandbox', { type: 'HAINAN_DUTY_FREE', name: null });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ type: 'HAINAN_DUTY_FREE', accounts: { zto: { appSecret: '***' } } });
    expect(patched.json().name).toBeUndefined();
    const after = await t.gw.merchants.fetch('sandbox');
    expect(after).toEqual({ ...before, type: 'HAINAN_DUTY_FREE', name: undefined });
    expect((await support('PATCH', '/v1/merchants/sandbox', { name: 'Sandbox shop' }, 'application/json')).statusCode).toBe(200);
    expect((await support('PATCH', '/v1/merchants/nobody', { name: 'x' })).statusCode).toBe(404);
    const bad = await support('PATCH', '/v1/merchants/sandbox', { type: 'NOT_A_TYPE' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('body.type');
  });

  it('PATCH with a new secret: rejected by the carrier is a 422 naming carrier and account and nothing is written; ?verify=false writes it', async () => {
    const rejected = await support('PATCH', '/v1/merchants/sandbox', { accounts: { zto: { appSecret: 'a-wrong-zto-secret-000' } } });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error).toMatchObject({ code: 'CREDENTIALS_REJECTED', issues: [{ path: 'body.accounts.zto' }] });
    expect(rejected.json().error.message).toContain('zto account of merchant sandbox');
    expect(rejected.body).not.toContain('a-wrong-zto-secret-000');
    expect((await t.gw.merchants.fetch('sandbox'))?.accounts.zto).toMatchObject({ appSecret: ZTO_SIM_CREDENTIALS.appSecret });

    const sf = await support('PATCH', '/v1/merchants/sandbox', { accounts: { sf: { checkWord: 'a-wrong-checkword' } } });
    expect(sf.statusCode).toBe(422);
    expect(sf.json().error.issues).toEqual([{ path: 'body.accounts.sf', message: expect.stringContaining('rejected by sf') }]);

    const skipped = await support('PATCH', '/v1/merchants/sandbox?verify=false', {
      accounts: { zto: { appSecret: 'a-wrong-zto-secret-000' } },
    });
    expect(skipped.statusCode).toBe(200);
    expect(skipped.json().credentialChecks).toEqual({ zto: { status: 'NOT_VERIFIED', message: 'skipped (?verify=false)' } });
    expect(skipped.json().warnings).toEqual([expect.stringContaining('zto: credentials saved, not verified')]);
    expect((await t.gw.merchants.fetch('sandbox'))?.accounts.zto).toMatchObject({ appSecret: 'a-wrong-zto-secret-000' });
    expect(await ztoTrackWorks().catch((error: Error) => error.name)).toBe('AuthError');

    const fixed = await support('PATCH', '/v1/merchants/sandbox', { accounts: { zto: { appSecret: ZTO_SIM_CREDENTIALS.appSecret } } });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ credentialChecks: { zto: { status: 'VERIFIED' } }, warnings: [] });
    expect(await ztoTrackWorks()).toBe(true);
  });

  it('a carrier that cannot be asked keeps the write with a warning; a carrier without a check says "not verified"', async () => {
    const before = (await t.gw.merchants.fetch('sandbox'))!.accounts;
    const down = await support('PATCH', '/v1/merchants/sandbox', { accounts: { zto: { baseUrl: 'http://127.0.0.1:9' } } });
    expect(down.statusCode).toBe(200);
    expect(down.json().credentialChecks.zto.status).toBe('UNVERIFIED');
    expect(down.json().warnings).toEqual([expect.stringContaining('zto: credentials saved but not verified')]);
    expect((await t.gw.merchants.fetch('sandbox'))?.accounts.zto).toMatchObject({ baseUrl: 'http://127.0.0.1:9' });
    expect((await support('PATCH', '/v1/merchants/sandbox', { accounts: { zto: before.zto } })).json().credentialChecks.zto.status).toBe(
      'VERIFIED',
    );

    const yto = await support('PATCH', '/v1/merchants/sandbox', { accounts: { yto: { timeoutMs: 2500 } } });
    expect(yto.statusCode).toBe(200);
    expect(yto.json().credentialChecks.yto).toEqual({ status: 'NOT_VERIFIED', message: 'yto offers no cheap credential check' });
  });

  it('a mask where no secret is stored is a 400 naming the field', async () => {
    const zto = { baseUrl: 'http://127.0.0.1:9', appKey: 'k-123', appSecret: '***' };
    const put = await support('PUT', '/v1/merchants/m-new', { accounts: { zto } }, 'application/json');
    expect(put.statusCode).toBe(400);
    expect(put.json().error.issues).toEqual([
      { path: 'body.accounts.zto.appSecret', message: expect.stringContaining('no secret is stored') },
    ]);
    const hook = await support(
      'PUT',
      '/v1/merchants/m-new',
      { webhook: { url: 'https://x.example/h', secret: '***' } },
      'application/json',
    );
    expect(hook.json().error.issues).toEqual([{ path: 'body.webhook.secret', message: expect.stringContaining('no secret is stored') }]);
    expect(await t.gw.merchants.fetch('m-new')).toBeUndefined();
    expect((await support('PUT', '/v1/merchants/m-plain', {}, 'application/json')).statusCode).toBe(201);
    const patch = await support('PATCH', '/v1/merchants/m-plain', { accounts: { zto } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.issues[0].path).toBe('body.accounts.zto.appSecret');
  });
});
