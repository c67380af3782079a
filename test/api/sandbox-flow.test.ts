// The generic-mode flow through the HTTP API alone, in sandbox mode (requests sent from the event loop, then from the HTTP thread): open a case for a magic 'deliver' ZTO parcel, advance the clock, see the interception and exactly one refund.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBody, testGateway, type TestGateway } from './harness.ts';

const ZTO_DELIVER = '73100000000101';

// The same flow with carrier and webhook requests sent from the HTTP thread (LANJIE_HTTP_THREAD=on).
describe.each([
  ['from the event loop', {}],
  ['from the HTTP thread', { LANJIE_HTTP_THREAD: 'on' }],
] as const)('sandbox: generic flow over HTTP, requests sent %s', (_label, env) => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway({ env });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('intercepts, sees the parcel turn back, refunds exactly once by webhook', async () => {
    const opened = await t.call({ method: 'POST', url: '/v1/cases', payload: openBody(ZTO_DELIVER, { afterSaleId: 'as-flow' }) });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().case.id as string;

    const first = await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { ms: 0 } });
    expect(first.statusCode).toBe(200);
    let c = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json();
    expect(c.shipments[0].logistics).toBe('IN_TRANSIT');
    expect(c.eligibility.verdict).toBe('ELIGIBLE');
    expect(c.interceptions).toHaveLength(1);
    expect(c.interceptions[0]).toMatchObject({
      channel: 'CARRIER_API',
      route: { kind: 'CARRIER_API', carrierId: 'zto' },
      state: 'ACCEPTED',
      requestedBy: 'lanjie:auto',
    });
    expect(t.gw.sandbox!.simulators.find((s) => s.carrierId === 'zto')!.simulator.world.get(ZTO_DELIVER)!.interception?.state).toBe(
      'ACCEPTED',
    );

    const advanced = await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { hours: 12 } });
    expect(advanced.statusCode).toBe(200);
    expect(advanced.json().steps).toBeGreaterThanOrEqual(12);
    c = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json();
    expect(['SUCCEEDED', 'RETURNING', 'RETURNED']).toContain(c.interceptions[0].state);
    expect(c.status).toBe('REFUNDED');
    expect(c.refunds).toHaveLength(1);
    expect(c.refunds[0]).toMatchObject({
      action: 'refund',
      amountFen: 12_900,
      reason: 'REFUND_ON_INTERCEPT_SUCCESS',
      en: 'Interception succeeded: refund',
    });
    expect(c.deadline.history.map((h: { reason: string }) => h.reason)).toContain('DEADLINE_48H');
    expect(c.timeline.flatMap((e: { reasons: { code: string }[] }) => e.reasons.map((r) => r.code))).toEqual(
      expect.arrayContaining(['INTERCEPT_ACCEPTED', 'INTERCEPT_SUCCEEDED', 'REFUND_ON_INTERCEPT_SUCCESS']),
    );

    await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { hours: 60 } });
    const ledger = (await t.call({ method: 'GET', url: '/v1/sandbox/merchant/ledger' })).json().performed as {
      action: string;
      idempotencyKey: string;
      amountFen?: number;
    }[];
    const refunds = ledger.filter((p) => p.action === 'refund');
    expect(refunds).toEqual([{ action: 'refund', idempotencyKey: `${id}:refund:as-flow`, afterSaleId: 'as-flow', amountFen: 12_900 }]);
    const perKey = new Map<string, number>();
    for (const p of ledger) perKey.set(p.idempotencyKey, (perKey.get(p.idempotencyKey) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);

    const listed = (await t.call({ method: 'GET', url: '/v1/cases?status=REFUNDED&carrier=zto' })).json().cases;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await t.call({ method: 'GET', url: '/v1/cases?status=REFUNDED&carrier=sf' })).json().cases).toEqual([]);
    expect((await t.call({ method: 'GET', url: `/v1/cases?waybill=${ZTO_DELIVER}` })).json().cases).toHaveLength(1);

    const metrics = (await t.call({ method: 'GET', url: '/metrics', key: null })).body;
    expect(metrics).toMatch(/lanjie_carrier_calls_total\{carrier="zto",operation="intercept",outcome="ok"\} 1/);
    expect(metrics).toMatch(/lanjie_carrier_call_duration_seconds_count\{carrier="zto",operation="track"\} \d+/);
    expect(metrics).toMatch(/lanjie_cases\{status="REFUNDED"\} 1/);
    expect(metrics).toMatch(/lanjie_store_writer_busy_ratio (0|1|0\.\d+|\d\.\d+e-\d+)\n/);
    // Opening, tracking, intercepting and refunding the case took several write plans (transactions).
    expect(Number(/lanjie_store_write_plans_total (\d+)\n/.exec(metrics)?.[1])).toBeGreaterThan(5);
    expect(metrics).toMatch(/lanjie_interception_success_ratio\{carrier="zto",route="CARRIER_API"\} 1/);
    expect(metrics).toMatch(/lanjie_money_calls\{type="AGREE_REFUND",outcome="DONE"\} 1/);
  });

  it('adds scripted parcels and pages through cases with a stable cursor', async () => {
    const added = await t.call({ method: 'POST', url: '/v1/sandbox/parcels', payload: { carrier: 'zto', fate: 'carrier-rejects' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ carrier: 'zto', fate: 'carrier-rejects', waybillNo: expect.stringMatching(/^7310\d{10}$/) });
    expect(
      (await t.call({ method: 'POST', url: '/v1/sandbox/parcels', payload: { carrier: 'fengwang', fate: 'deliver' } })).statusCode,
    ).toBe(400);
    for (let i = 0; i < 5; i++) {
      expect(
        (await t.call({ method: 'POST', url: '/v1/cases', payload: openBody(added.json().waybillNo, { afterSaleId: `as-page-${i}` }) }))
          .statusCode,
      ).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { cases: { id: string }[]; nextCursor: string | null } = (
        await t.call({ method: 'GET', url: `/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      seen.push(...page.cases.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });
});
