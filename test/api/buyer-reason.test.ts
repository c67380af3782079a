// The buyer's reason at the API: aliases open a case under the code (raw words kept), an unknown reason is a 400 listing the values, the OpenAPI document has the enum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUYER_REASON_CODES } from '../../src/cases/buyer-reasons.ts';
import { counts, openBody, testGateway, type TestGateway } from './harness.ts';

const ZTO = '73100000000101';

describe('buyer reason at the API', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (url: string, payload: unknown) =>
    t.call({ method: 'POST', url, payload: payload as string, headers: { 'content-type': 'application/json' } });

  it('未收到货 opens a case with reason NOT_RECEIVED, the words kept, and no REASON_NOT_RECEIVED', async () => {
    const res = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-zh', reason: '未收到货' }));
    expect(res.statusCode).toBe(201);
    const c = res.json().case;
    expect(c.reason).toBe('NOT_RECEIVED');
    expect(c.reasonText).toBe('未收到货');
    const decision = (await t.call({ method: 'GET', url: `/v1/cases/${c.id}/decision` })).json();
    expect(JSON.stringify(decision)).not.toContain('REASON_NOT_RECEIVED');
  });

  it('a code sent as is keeps no reasonText; another reason fails the rule with a message that does not contradict it', async () => {
    const same = (await post('/v1/cases', openBody('73100000000202', { afterSaleId: 'as-code', reason: ' not_received ' }))).json().case;
    expect(same.reason).toBe('NOT_RECEIVED');
    expect(same.reasonText).toBeUndefined();
    const quality = (await post('/v1/cases', openBody('73100000000303', { afterSaleId: 'as-q', reason: '质量问题' }))).json().case;
    expect(quality.reason).toBe('QUALITY');
    const failing = quality.eligibility.reasons.find((r: { code: string }) => r.code === 'REASON_NOT_RECEIVED');
    expect(failing).toMatchObject({ en: 'The buyer\'s reason is not "not received" (未收到货)', detail: 'QUALITY (质量问题)' });
  });

  it('an unknown reason is a 400 at body.reason listing the accepted values, and writes nothing', async () => {
    const before = await counts(t.gw);
    const res = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-bad', reason: 'because' }));
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('INVALID_INPUT');
    const issue = error.issues.find((i: { path: string }) => i.path === 'body.reason');
    expect(issue.message).toContain('"because"');
    for (const code of BUYER_REASON_CODES) expect(issue.message).toContain(code);
    expect(await counts(t.gw)).toEqual(before);
  });

  it('a BUYER_MODIFIED event takes the same codes and aliases, and refuses an unknown reason', async () => {
    const c = (await post('/v1/cases', openBody('73100000000404', { afterSaleId: 'as-mod', reason: '未收到货' }))).json().case;
    const modified = await post(`/v1/cases/${c.id}/events`, { type: 'BUYER_MODIFIED', reason: '不想要了' });
    expect(modified.statusCode).toBeLessThan(300);
    const after = (await t.call({ method: 'GET', url: `/v1/cases/${c.id}` })).json();
    expect(after.reason).toBe('NO_LONGER_WANTED');
    expect(after.reasonText).toBeUndefined();
    const bad = await post(`/v1/cases/${c.id}/events`, { type: 'BUYER_MODIFIED', reason: 'whatever' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toContain('NOT_RECEIVED (未收到货)');
  });

  it('the OpenAPI document has the enum with its description', async () => {
    const doc = (await t.call({ method: 'GET', url: '/docs/openapi.json', key: null })).json();
    const reason = doc.paths['/v1/cases'].post.requestBody.content['application/json'].schema.properties.reason;
    expect(reason.enum).toEqual(BUYER_REASON_CODES);
    expect(reason.description).toContain('未收到货');
  });
});
