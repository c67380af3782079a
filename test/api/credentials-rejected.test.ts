// A carrier that rejects a merchant's credentials at run time is not silence: a warn log line with the ids, a metric, a support task on the case and the reason in its timeline; secrets never reach the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_KEY, type TestGateway, openBody, testGateway } from './harness.ts';

const ZTO_MOVING = '73100000000101';
const WRONG_SECRET = 'wrong-secret-never-logged-0123456789';

describe('carrier credentials rejected at run time', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('logs warn with merchant and carrier, counts it, opens one support task per case, and never logs the secret', async () => {
    const patched = await t.call({
      method: 'PATCH',
      url: '/v1/merchants/sandbox?verify=false',
      key: SUPPORT_KEY,
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: { accounts: { zto: { appSecret: WRONG_SECRET } } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const opened = await t.call({ method: 'POST', url: '/v1/cases', payload: openBody(ZTO_MOVING, { afterSaleId: 'AS-CRED-1' }) });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().case.id as string;
    for (const hours of [0, 3]) {
      const advanced = await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { hours } });
      expect(advanced.statusCode, advanced.body).toBe(200);
    }

    const warn = t.log
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === "carrier rejected the merchant's credentials while tracking");
    expect(warn).toMatchObject({ level: 40, merchantId: 'sandbox', carrierId: 'zto', caseIds: [caseId] });
    expect(t.log.join('\n')).not.toContain(WRONG_SECRET);

    const metrics = await t.call({ method: 'GET', url: '/metrics', key: null });
    expect(metrics.body).toMatch(/lanjie_carrier_credentials_rejected_total\{carrier="zto"\} [1-9]/);

    const c = (await t.call({ method: 'GET', url: `/v1/cases/${caseId}` })).json();
    const tasks = c.supportTasks.filter((x: { kind: string }) => x.kind === 'CARRIER_CREDENTIALS_REJECTED');
    expect(tasks).toMatchObject([{ status: 'OPEN', target: 'zto' }]);
    expect(c.timeline.flatMap((e: { reasons: { code: string }[] }) => e.reasons.map((r) => r.code))).toContain(
      'CARRIER_CREDENTIALS_REJECTED',
    );
    const open = (await t.call({ method: 'GET', url: '/v1/tasks', key: SUPPORT_KEY })).json();
    expect(JSON.stringify(open)).toContain('CARRIER_CREDENTIALS_REJECTED');
  });
});
