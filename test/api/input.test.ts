// Bad input everywhere: a clear 4xx in one error format naming the field, and nothing written. Idempotent case opening (201, then 200; 409 naming the differing fields).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, openBody, testGateway, type TestGateway } from './harness.ts';

const ZTO = '73100000000101';

describe('API input validation', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (url: string, payload: unknown, extra: Record<string, string> = {}) =>
    t.call({ method: 'POST', url, payload: payload as string, headers: { 'content-type': 'application/json', ...extra } });

  async function refused(request: () => Promise<{ statusCode: number; json(): any }>, status: number, code: string, path?: string) {
    const before = await counts(t.gw);
    const res = await request();
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    if (path) expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await counts(t.gw)).toEqual(before);
    return body;
  }

  it('malformed JSON, wrong content type and oversized bodies', async () => {
    await refused(
      () => t.call({ method: 'POST', url: '/v1/cases', payload: '{"platform": "shop",', headers: { 'content-type': 'application/json' } }),
      400,
      'MALFORMED_JSON',
      'body',
    );
    await refused(
      () => t.call({ method: 'POST', url: '/v1/cases', payload: 'platform=shop', headers: { 'content-type': 'text/plain' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const huge = JSON.stringify(openBody(ZTO, { reason: 'x'.repeat(300_000) }));
    await refused(
      () => t.call({ method: 'POST', url: '/v1/cases', payload: huge, headers: { 'content-type': 'application/json' } }),
      413,
      'BODY_TOO_LARGE',
    );
  });

  it('wrong types, negative and fractional fen name the field', async () => {
    await refused(() => post('/v1/cases', openBody(ZTO, { refundAmountFen: '12900' })), 400, 'INVALID_INPUT', 'body.refundAmountFen');
    await refused(() => post('/v1/cases', openBody(ZTO, { refundAmountFen: -1 })), 400, 'INVALID_INPUT', 'body.refundAmountFen');
    const fractional = await refused(
      () => post('/v1/cases', openBody(ZTO, { refundAmountFen: 129.5 })),
      400,
      'INVALID_INPUT',
      'body.refundAmountFen',
    );
    expect(fractional.error.message).toMatch(/integer fen/);
    await refused(
      () => post('/v1/cases', openBody(ZTO, { skuOrders: [{ skuOrderId: 's-1', amountFen: 0.01, refunded: true }] })),
      400,
      'INVALID_INPUT',
      'body.skuOrders.0.amountFen',
    );
    await refused(
      () => post('/v1/cases', openBody(ZTO, { shipments: [{ waybill: ZTO, phoneLast4: '12', skuOrderIds: ['s-1'] }] })),
      400,
      'INVALID_INPUT',
      'body.shipments.0.phoneLast4',
    );
    await refused(() => post('/v1/cases', { ...openBody(ZTO), afterSaleId: undefined }), 400, 'INVALID_INPUT', 'body.afterSaleId');
  });

  it('buyer flags: a trusted buyer in generic mode is recorded; douyin mode takes none (400 naming the field)', async () => {
    await refused(
      () => post('/v1/cases', openBody(ZTO, { platform: 'douyin', afterSaleId: 'as-buyer-dy', buyer: { trusted: true } })),
      400,
      'INVALID_INPUT',
      'body.buyer',
    );
    const opened = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-buyer-1', buyer: { trusted: true } }));
    expect(opened.statusCode).toBe(201);
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${opened.json().case.id}` })).json();
    expect(c.trustedBuyer).toBe(true);
  });

  it('support opens a complaint about a parcel by hand; merchants may not; an unknown parcel is named', async () => {
    const opened = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-complaint-1' }));
    const id = opened.json().case.id;
    const support = { authorization: `Bearer ${t.gw.keys!.support}` };
    await refused(
      () => post(`/v1/cases/${id}/complaints`, { shipmentId: 'NOPE123456', reason: 'RETURN_OVERDUE' }, support),
      400,
      'INVALID_INPUT',
      'body.shipmentId',
    );
    expect((await post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_OVERDUE' })).statusCode).toBe(403);
    const res = await post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_OVERDUE' }, support);
    expect(res.statusCode).toBe(200);
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json();
    expect(c.complaints).toMatchObject([{ shipmentId: ZTO, reason: 'RETURN_OVERDUE', status: 'OPEN' }]);
  });

  it('an evidence note is stored on the complaint; one over 500 characters is refused naming body.note', async () => {
    const opened = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-complaint-note' }));
    const id = opened.json().case.id;
    const support = { authorization: `Bearer ${t.gw.keys!.support}` };
    await refused(
      () => post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_OVERDUE', note: 'x'.repeat(501) }, support),
      400,
      'INVALID_INPUT',
      'body.note',
    );
    const res = await post(
      `/v1/cases/${id}/complaints`,
      { shipmentId: ZTO, reason: 'RETURN_OVERDUE', note: '  买家称未收到退货 buyer says no return  ' },
      support,
    );
    expect(res.statusCode).toBe(200);
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json();
    expect(c.complaints).toMatchObject([{ shipmentId: ZTO, reason: 'RETURN_OVERDUE', note: '买家称未收到退货 buyer says no return' }]);
  });

  it('a second complaint about the same parcel is a 409 naming the one that exists', async () => {
    const opened = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-complaint-2' }));
    const id = opened.json().case.id;
    const support = { authorization: `Bearer ${t.gw.keys!.support}` };
    expect((await post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_OVERDUE' }, support)).statusCode).toBe(200);
    const existing = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json().complaints[0].id;
    const again = await post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_OVERDUE' }, support);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'COMPLAINT_EXISTS', existingId: existing });
    const other = await post(`/v1/cases/${id}/complaints`, { shipmentId: ZTO, reason: 'RETURN_SIGNED_BY_OTHER' }, support);
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'COMPLAINT_ALREADY_OPEN', existingId: existing });
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${id}` })).json();
    expect(c.complaints).toHaveLength(1);
  });

  it('the merchant type is never taken from the body', async () => {
    const body = await refused(() => post('/v1/cases', openBody(ZTO, { merchantType: 'DOMESTIC' })), 400, 'INVALID_INPUT');
    expect(body.error.message).toMatch(/merchantType/);
  });

  it('unknown carriers, numbers that fit no carrier, unknown SKU orders', async () => {
    await refused(
      () => post('/v1/cases', openBody(ZTO, { shipments: [{ carrier: 'dhl', waybill: ZTO, skuOrderIds: ['s-1'] }] })),
      400,
      'INVALID_INPUT',
      'body.shipments.0.carrier',
    );
    await refused(
      () => post('/v1/cases', openBody(ZTO, { shipments: [{ carrier: 'DHL', waybill: ZTO, skuOrderIds: ['s-1'] }] })),
      400,
      'INVALID_INPUT',
      'body.shipments.0.carrier',
    );
    const noFit = await refused(() => post('/v1/cases', openBody('ABCDEF123')), 400, 'INVALID_INPUT', 'body.shipments.0.waybill');
    expect(noFit.error.message).toMatch(/fits no known carrier/);
    await refused(
      () => post('/v1/cases', openBody(ZTO, { shipments: [{ waybill: ZTO, skuOrderIds: ['s-9'] }] })),
      400,
      'INVALID_INPUT',
      'body.shipments.0.skuOrderIds.0',
    );
    await refused(() => t.call({ method: 'GET', url: '/v1/carriers/detect?waybill=SF%20123' }), 400, 'INVALID_INPUT', 'query.waybill');
    await refused(() => t.call({ method: 'GET', url: '/v1/cases?limit=0' }), 400, 'INVALID_INPUT', 'query.limit');
    await refused(() => t.call({ method: 'GET', url: '/v1/cases?cursor=nonsense' }), 400, 'INVALID_INPUT', 'query.cursor');
  });

  it('opens once per merchant and after-sale: 201, then 200 with the same case, 409 naming the differing fields', async () => {
    const first = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-idem' }));
    expect(first.statusCode).toBe(201);
    const opened = first.json();
    expect(opened.created).toBe(true);
    expect(opened.case).toMatchObject({
      mode: 'generic',
      platform: 'shop',
      afterSaleId: 'as-idem',
      merchantType: 'DOMESTIC',
      refundAmountFen: 12_900,
    });
    expect(opened.detected).toEqual([{ waybill: ZTO, carrier: 'zto' }]);
    // Tracking is not known yet: UNKNOWN, with the reason code and both messages.
    expect(opened.eligibility.verdict).toBe('UNKNOWN');
    expect(opened.eligibility.reasons).toContainEqual({
      code: 'LOGISTICS_UNKNOWN',
      zh: '物流状态未知',
      en: 'Logistics state not known yet',
    });

    const again = await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-idem' }));
    expect(again.statusCode).toBe(200);
    expect(again.json().case.id).toBe(opened.case.id);

    const before = await counts(t.gw);
    const conflict = await post(
      '/v1/cases',
      openBody(ZTO, {
        afterSaleId: 'as-idem',
        refundAmountFen: 13_000,
        shipments: [{ waybill: ZTO, phoneLast4: '9999', skuOrderIds: ['s-1'] }],
      }),
    );
    expect(conflict.statusCode).toBe(409);
    expect(
      conflict
        .json()
        .error.issues.map((i: { path: string }) => i.path)
        .sort(),
    ).toEqual(['body.refundAmountFen', 'body.shipments.0.phoneLast4']);
    expect(await counts(t.gw)).toEqual(before);
  });

  it('douyin after-sales open in douyin mode; a case reads with its ineligibility reasons in zh and en', async () => {
    const res = await post(
      '/v1/cases',
      openBody('73100000000103', {
        platform: 'douyin',
        afterSaleId: 'as-dy',
        reason: 'QUALITY',
        refundAmountFen: 200_000,
        skuOrders: [{ skuOrderId: 's-1', amountFen: 200_000, refunded: true }],
      }),
    );
    expect(res.statusCode).toBe(201);
    const c = res.json().case;
    expect(c.mode).toBe('douyin');
    const codes = c.eligibility.reasons.map((r: { code: string }) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['AMOUNT_LIMIT', 'REASON_NOT_RECEIVED']));
    expect(c.eligibility.reasons.find((r: { code: string }) => r.code === 'AMOUNT_LIMIT')).toMatchObject({
      zh: '退款金额超限(需低于1000元)',
      en: 'Refund amount is not below the limit (1000 yuan)',
    });
    const read = await t.call({ method: 'GET', url: `/v1/cases/${c.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().deadline.history[0]).toMatchObject({ reason: 'DEADLINE_48H_INITIAL', en: 'Refund-only applied: 48 h to handle' });
  });

  it('events: unknown shipment, events the API does not accept, support-only and mode-only events', async () => {
    const opened = (await post('/v1/cases', openBody(ZTO, { afterSaleId: 'as-ev' }))).json().case;
    await refused(
      () => post(`/v1/cases/${opened.id}/events`, { type: 'RECORD_RETURN', shipmentId: 'NOPE123456', outcome: 'RECEIVED' }),
      400,
      'INVALID_INPUT',
      'body.shipmentId',
    );
    await refused(() => post(`/v1/cases/${opened.id}/events`, { type: 'TIMER_FIRED', timerId: 'x' }), 400, 'INVALID_INPUT', 'body.type');
    await refused(() => post(`/v1/cases/${opened.id}/events`, { type: 'CONFIRM_MIXED_PARCEL', shipmentId: ZTO }), 403, 'FORBIDDEN');
    await refused(() => post(`/v1/cases/${opened.id}/intercept`, { shipmentId: ZTO, kind: 'REDIRECT' }), 400, 'INVALID_INPUT', 'body.kind');
    await refused(() => post(`/v1/cases/${opened.id}/tasks/nope`, {}), 404, 'NOT_FOUND');
    const dy = (await t.call({ method: 'GET', url: '/v1/cases?status=OPEN&limit=200' }))
      .json()
      .cases.find((c: { mode: string }) => c.mode === 'douyin');
    await refused(() => post(`/v1/cases/${dy.id}/events`, { type: 'REFUNDED' }), 409, 'EVENT_NOT_ALLOWED_IN_MODE', 'body.type');
    const ok = await post(`/v1/cases/${opened.id}/events`, {
      type: 'RECORD_RETURN',
      shipmentId: ZTO,
      outcome: 'RECEIVED',
      eventId: 'ret-1',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().reasons.map((r: { code: string }) => r.code)).toContain('RETURN_RECEIVED');
    const dup = await post(`/v1/cases/${opened.id}/events`, {
      type: 'RECORD_RETURN',
      shipmentId: ZTO,
      outcome: 'RECEIVED',
      eventId: 'ret-1',
    });
    expect(dup.json().duplicate).toBe(true);
  });

  it('answers unknown routes and sandbox-free errors in the same format', async () => {
    const res = await t.call({ method: 'GET', url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
