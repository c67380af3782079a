// The Douyin message intake mounted on the gateway, and a POST /v1/cases for an after-sale the push already opened: the push's case is returned and the phone digits recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DouyinSimulator } from '../../mocks/douyin/simulator.ts';
import { counts, openBody, testGateway, type TestGateway } from './harness.ts';

const WAYBILL = '73100000000101';

describe('Douyin message intake', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a signed tag-200 push opens the case; a POST for the same after-sale adds the phone digits and reports what it could not add', async () => {
    const sim = t.gw.sandbox!.simulators.find((s) => s.carrierId === 'douyin')!.simulator as DouyinSimulator;
    sim.addAfterSale({ id: '7000000000000000777', parcels: [{ trackingNo: WAYBILL, companyCode: 'zhongtong' }], refundAmount: 12_900 });
    const messages = sim.pushes.pending.splice(0);
    const forged = sim.pushes.build(messages, 'not-the-app-secret');
    const before = await counts(t.gw);
    const refused = await t.call({
      method: 'POST',
      url: '/v1/platform/douyin/messages',
      key: null,
      headers: forged.headers,
      payload: forged.body,
    });
    expect(refused.statusCode).toBe(401);
    expect(await counts(t.gw)).toEqual(before);

    const push = sim.pushes.build(messages);
    const res = await t.call({ method: 'POST', url: '/v1/platform/douyin/messages', key: null, headers: push.headers, payload: push.body });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"code":0,"msg":"success"}');
    await t.gw.sandbox!.tickUntilIdle();
    const list = (await t.call({ method: 'GET', url: `/v1/cases?waybill=${WAYBILL}` })).json().cases;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ mode: 'douyin', platform: 'douyin', afterSaleId: '7000000000000000777' });

    const skuOrderId = (await t.call({ method: 'GET', url: `/v1/cases/${list[0].id}` })).json().skuOrders[0].skuOrderId;
    const post = await t.call({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(WAYBILL, {
        platform: 'douyin',
        afterSaleId: '7000000000000000777',
        orderId: 'mine',
        skuOrders: [{ skuOrderId, amountFen: 12_900, refunded: true }],
        shipments: [
          { waybill: WAYBILL, phoneLast4: '1234', skuOrderIds: [skuOrderId] },
          { carrier: 'sf', waybill: 'SF1000000000101', skuOrderIds: [skuOrderId] },
        ],
      }),
    });
    expect(post.statusCode).toBe(200);
    const body = post.json();
    expect(body.case.id).toBe(list[0].id);
    expect(body.merge.phonesRecorded).toEqual([WAYBILL]);
    // The SF parcel the platform's detail did not name is added to the case; the platform's order id is kept.
    expect(body.merge.notApplied.map((n: { path: string }) => n.path)).toEqual(['body.orderId']);
    expect(body.case.shipments.map((x: { id: string }) => x.id)).toEqual([WAYBILL, 'SF1000000000101']);
    expect(body.case.shipments[0].phoneLast4Known).toBe(true);
    const row = await t.gw.store.db
      .selectFrom('shipments')
      .select('phone_last4')
      .where('case_id', '=', list[0].id)
      .where('waybill_no', '=', WAYBILL)
      .executeTakeFirstOrThrow();
    expect(row.phone_last4).toBe('1234');
  });
});
