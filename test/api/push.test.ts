// Carrier pushes through the API: verified with the merchant's account, stored before the reply, answered exactly as the carrier expects, applied to the case; replays and forgeries change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorKits } from '../../mocks/index.ts';
import type { PushRequest } from '../../src/carrier/model.ts';
import { counts, openBody, testGateway, type TestGateway } from './harness.ts';

const ZTO = '73100000000101';
const SF = 'SF1000000000101';

describe('carrier pushes', () => {
  let t: TestGateway;
  let caseId = '';
  beforeAll(async () => {
    t = await testGateway();
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(ZTO, {
        afterSaleId: 'as-push',
        skuOrders: [
          { skuOrderId: 's-1', amountFen: 12_900, refunded: true },
          { skuOrderId: 's-2', amountFen: 100, refunded: true },
        ],
        shipments: [
          { waybill: ZTO, skuOrderIds: ['s-1'] },
          { carrier: 'sf', waybill: SF, phoneLast4: '1234', skuOrderIds: ['s-2'] },
        ],
      }),
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().case.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  const sim = (carrier: string) => t.gw.sandbox!.simulators.find((s) => s.carrierId === carrier)!;
  const config = (carrier: string) => simulatorKits[carrier]!.pluginConfig(sim(carrier).server.url) as never;
  const build = (carrier: string, waybill: string, forged = false) =>
    simulatorKits[carrier]!.push!(sim(carrier).simulator, [waybill], { forged, config: config(carrier) });
  const send = (carrier: string, merchant: string, push: PushRequest) => {
    const query = new URLSearchParams(Object.entries(push.query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return t.call({
      method: 'POST',
      url: `/v1/push/${carrier}/${merchant}${query ? `?${query}` : ''}`,
      key: null,
      headers: push.headers as Record<string, string>,
      payload: push.body,
    });
  };

  it("a signed ZTO push is stored before the reply, answered with the plugin's exact reply, then applied to the case", async () => {
    const push = build('zto', ZTO);
    const expected = t.gw.coordinator.accounts.account('sandbox', 'zto')!.parsePush!(push).reply;
    const res = await send('zto', 'sandbox', push);
    expect(res.statusCode).toBe(expected.status);
    expect(res.headers['content-type']).toBe(expected.contentType);
    expect(res.body).toBe(expected.body);
    const stored = await t.gw.store.db.selectFrom('inbox').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.source).toBe('push:zto:sandbox');
    expect(JSON.parse(stored[0]!.body).raw).toBe(push.body);
    await t.gw.app.lanjie.inbox.drain();
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${caseId}` })).json();
    const shipment = c.shipments.find((s: { id: string }) => s.id === ZTO);
    expect(shipment.trackingKnown).toBe(true);
    expect(shipment.events.length).toBeGreaterThan(0);
    expect(shipment.logistics).toBe('IN_TRANSIT');
    expect(c.timeline.map((e: { event: string }) => e.event)).toContain('TRACKING_UPDATE');
    expect((await t.gw.store.db.selectFrom('inbox').select('processed_at').executeTakeFirstOrThrow()).processed_at).not.toBeNull();
  });

  it("the same push again is acknowledged in the carrier's format and changes nothing", async () => {
    const before = await counts(t.gw);
    const push = build('zto', ZTO);
    const res = await send('zto', 'sandbox', push);
    const expected = t.gw.coordinator.accounts.account('sandbox', 'zto')!.parsePush!(push).reply;
    expect(res.statusCode).toBe(expected.status);
    expect(res.body).toBe(expected.body);
    expect(res.headers['x-lanjie-duplicate']).toMatch(/nothing applied/);
    await t.gw.app.lanjie.inbox.drain();
    expect(await counts(t.gw)).toEqual(before);
  });

  it('a forged signature, a wrong merchant, a carrier without pushes: refused, nothing stored', async () => {
    const before = await counts(t.gw);
    const forged = await send('zto', 'sandbox', build('zto', ZTO, true));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('PUSH_REJECTED');
    expect((await send('zto', 'nobody', build('zto', ZTO))).statusCode).toBe(404);
    const deppon = await send('deppon', 'sandbox', build('zto', ZTO));
    expect(deppon.statusCode).toBe(404);
    expect(deppon.json().error.message).toMatch(/sends no pushes/);
    expect(await counts(t.gw)).toEqual(before);
  });

  it('SF pushes carry a URL token: without it refused, with it accepted; the token never reaches the log', async () => {
    const before = await counts(t.gw);
    const forged = await send('sf', 'sandbox', build('sf', SF, true));
    expect(forged.statusCode).toBe(401);
    expect(await counts(t.gw)).toEqual(before);
    const push = build('sf', SF);
    const res = await send('sf', 'sandbox', push);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(t.gw.coordinator.accounts.account('sandbox', 'sf')!.parsePush!(push).reply.body);
    await t.gw.app.lanjie.inbox.drain();
    const c = (await t.call({ method: 'GET', url: `/v1/cases/${caseId}` })).json();
    expect(c.shipments.find((s: { id: string }) => s.id === SF).events.length).toBeGreaterThan(0);
    const token = (config('sf') as { pushToken: string }).pushToken;
    const log = t.log.join('');
    expect(log).toContain('/v1/push/sf/sandbox?token=***');
    expect(log).not.toContain(token);
  });
});
