// Interceptions without a case (idempotency key, REDIRECT only here), tracking from stored events with a live-refresh limit, carriers, OpenAPI, and the live mode without sandbox routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, SUPPORT_KEY, testGateway, type TestGateway } from './harness.ts';

const ADDRESS = { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '滨江区', detail: '江南大道1号' };

describe('interceptions without a case, tracking, catalogue', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('needs an idempotency key; the same key returns the same interception; another body under it is a 409', async () => {
    const body = { waybill: '73100000000102', kind: 'REDIRECT', address: ADDRESS };
    const noKey = await t.call({ method: 'POST', url: '/v1/intercepts', payload: body });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.issues[0].path).toBe('headers.idempotency-key');
    const noAddress = await t.call({
      method: 'POST',
      url: '/v1/intercepts',
      headers: { 'idempotency-key': 'redirect-0001' },
      payload: { waybill: '73100000000102', kind: 'REDIRECT' },
    });
    expect(noAddress.json().error.issues[0].path).toBe('body.address');

    const first = await t.call({ method: 'POST', url: '/v1/intercepts', headers: { 'idempotency-key': 'redirect-0001' }, payload: body });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      carrierId: 'zto',
      waybillNo: '73100000000102',
      kind: 'REDIRECT',
      route: 'CARRIER_API',
      state: 'ACCEPTED',
    });
    const calls = t.gw.sandbox!.simulators.find((s) => s.carrierId === 'zto')!.simulator.stats.requests;
    const again = await t.call({ method: 'POST', url: '/v1/intercepts', payload: { ...body, idempotencyKey: 'redirect-0001' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(t.gw.sandbox!.simulators.find((s) => s.carrierId === 'zto')!.simulator.stats.requests).toBe(calls);
    const before = await counts(t.gw);
    const reused = await t.call({
      method: 'POST',
      url: '/v1/intercepts',
      headers: { 'idempotency-key': 'redirect-0001' },
      payload: { ...body, kind: 'RETURN_TO_SENDER', address: undefined },
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const inFlight = await t.call({
      method: 'POST',
      url: '/v1/intercepts',
      headers: { 'idempotency-key': 'redirect-0002' },
      payload: { waybill: '73100000000102', kind: 'RETURN_TO_SENDER' },
    });
    expect(inFlight.statusCode).toBe(409);
    expect(inFlight.json().error.code).toBe('INTERCEPT_IN_FLIGHT');
    expect((await counts(t.gw)).cases).toBe(before.cases);
    expect((await t.call({ method: 'GET', url: `/v1/intercepts/${first.json().id}` })).json().state).toBe('ACCEPTED');

    const rejected = await t.call({
      method: 'POST',
      url: '/v1/intercepts',
      headers: { 'idempotency-key': 'rejects-0001' },
      payload: { waybill: '73100000000108', kind: 'RETURN_TO_SENDER' },
    });
    expect(rejected.json()).toMatchObject({ state: 'REJECTED', result: { refusal: expect.any(String) } });
  });

  it('serves tracking from stored events and refreshes live at most once per interval (429 with Retry-After)', async () => {
    const first = await t.call({ method: 'GET', url: '/v1/tracking/SF1000000000101' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ carrierId: 'sf', source: 'live', found: true });
    expect(first.json().events.length).toBeGreaterThan(0);
    const stored = await t.call({ method: 'GET', url: '/v1/tracking/SF1000000000101' });
    expect(stored.json().source).toBe('stored');
    expect(stored.json().events).toEqual(first.json().events);
    const tooSoon = await t.call({ method: 'GET', url: '/v1/tracking/SF1000000000101?refresh=true' });
    expect(tooSoon.statusCode).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
    expect(tooSoon.json().error.code).toBe('REFRESH_TOO_SOON');
    await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { hours: 1 } });
    const later = await t.call({ method: 'GET', url: '/v1/tracking/SF1000000000101?refresh=true' });
    expect(later.statusCode).toBe(200);
    expect(later.json().source).toBe('live');
    expect((await t.call({ method: 'GET', url: '/v1/tracking/ABCDEF123' })).json().error.issues[0].path).toBe('params.waybill');
    expect((await t.call({ method: 'GET', url: '/v1/tracking/73100000000101?carrier=dhl' })).statusCode).toBe(400);
  });

  it('lists carriers and detects numbers', async () => {
    const carriers = (await t.call({ method: 'GET', url: '/v1/carriers' })).json().carriers;
    expect(carriers.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['zto', 'sf', 'kuaidi100', 'fengwang']));
    const detect = (await t.call({ method: 'GET', url: '/v1/carriers/detect?waybill=SF1000000000101' })).json();
    expect(detect.candidates[0]).toMatchObject({ carrierId: 'sf', prefixed: true });
  });

  it('publishes the OpenAPI document built from the validating schemas', async () => {
    const res = await t.call({ method: 'GET', url: '/docs/openapi.json', key: null });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    const open = doc.paths['/v1/cases'].post;
    const schema = open.requestBody.content['application/json'].schema;
    expect(schema.properties.refundAmountFen).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['platform', 'afterSaleId', 'refundAmountFen', 'shipments']));
    expect(
      doc.paths['/v1/cases/{id}/events'].post.requestBody.content['application/json'].schema.oneOf ??
        doc.paths['/v1/cases/{id}/events'].post.requestBody.content['application/json'].schema.anyOf,
    ).toBeDefined();
    expect(doc.paths['/v1/push/{carrier}/{merchantId}']).toBeDefined();
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    expect((await t.call({ method: 'GET', url: '/docs', key: null })).statusCode).toBeLessThan(400);
  });
});

describe('live mode', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway({ sandbox: false });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('has no sandbox routes, and the bootstrap support key works', async () => {
    for (const [method, url] of [
      ['POST', '/v1/sandbox/clock/advance'],
      ['POST', '/v1/sandbox/parcels'],
      ['GET', '/v1/sandbox'],
    ] as const) {
      const res = await t.call({ method, url, key: SUPPORT_KEY, payload: {} });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await t.call({ method: 'GET', url: '/v1/merchants', key: SUPPORT_KEY })).json()).toEqual({ merchants: [] });
    expect((await t.call({ method: 'GET', url: '/readyz', key: null })).json()).toMatchObject({ status: 'ready', store: 'sqlite' });
    expect((await t.call({ method: 'GET', url: '/healthz', key: null })).json()).toMatchObject({ status: 'ok', mode: 'live' });
  });
});
