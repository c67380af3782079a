// SF pushes are authenticated by URL token only: a push naming another merchant's waybill is acknowledged in SF's format but neither stored nor applied, and logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorKits } from '../../mocks/index.ts';
import { SUPPORT_KEY, counts, openBody, testGateway, type TestGateway } from './harness.ts';

const OWN = 'SF1000000000101';
const OTHERS = 'SF1000000000202';

describe('SF token-only pushes and waybill ownership (issue 19)', () => {
  let t: TestGateway;
  let otherKey = '';
  let otherCaseId = '';
  beforeAll(async () => {
    t = await testGateway();
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(OWN, {
        afterSaleId: 'as-own',
        shipments: [{ carrier: 'sf', waybill: OWN, phoneLast4: '1234', skuOrderIds: ['s-1'] }],
      }),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { accounts } = (await t.call({ method: 'GET', url: '/v1/sandbox/accounts', key: SUPPORT_KEY })).json();
    const put = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-2',
      key: SUPPORT_KEY,
      payload: { id: 'm-2', name: 'B', type: 'DOMESTIC', accounts },
    });
    expect(put.statusCode, put.body).toBe(201);
    otherKey = (
      await t.call({
        method: 'POST',
        url: '/v1/admin/keys',
        key: SUPPORT_KEY,
        payload: { role: 'merchant', merchantId: 'm-2', label: 'b' },
      })
    ).json().key;
    const other = await t.call({
      method: 'POST',
      url: '/v1/cases',
      key: otherKey,
      payload: openBody(OTHERS, {
        afterSaleId: 'as-other',
        shipments: [{ carrier: 'sf', waybill: OTHERS, phoneLast4: '1234', skuOrderIds: ['s-1'] }],
      }),
    });
    expect(other.statusCode, other.body).toBe(201);
    otherCaseId = other.json().case.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  const sim = () => t.gw.sandbox!.simulators.find((s) => s.carrierId === 'sf')!;
  const config = () => simulatorKits.sf!.pluginConfig(sim().server.url) as { pushToken: string };
  /** A genuine route push (valid token) whose body is rewritten to name `waybills`. */
  const pushNaming = (waybills: string[]) => {
    const push = simulatorKits.sf!.push!(sim().simulator, [OWN], { config: config() as never });
    const parsed = JSON.parse(push.body) as { Body: { WaybillRoute: Record<string, unknown>[] } };
    const route = parsed.Body.WaybillRoute[0]!;
    parsed.Body.WaybillRoute = waybills.map((mailno, i) => ({ ...route, mailno, id: `${String(route.id ?? 'r')}-${i}` }));
    return t.call({
      method: 'POST',
      url: `/v1/push/sf/sandbox?token=${encodeURIComponent(config().pushToken)}`,
      key: null,
      headers: push.headers as Record<string, string>,
      payload: JSON.stringify(parsed),
    });
  };
  const sfRows = async () => (await t.gw.store.db.selectFrom('inbox').selectAll().execute()).filter((r) => r.source === 'push:sf:sandbox');

  it("a valid token with another merchant's waybill: SF's reply, nothing stored, no case touched, logged", async () => {
    const before = await counts(t.gw);
    const res = await pushNaming([OTHERS]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ return_code: '0000', return_msg: '成功' });
    expect(res.headers['x-lanjie-ignored']).toContain(OTHERS);
    await t.gw.app.lanjie.inbox.drain();
    expect(await counts(t.gw)).toEqual(before);
    expect(await sfRows()).toHaveLength(0);
    const other = (await t.call({ method: 'GET', url: `/v1/cases/${otherCaseId}`, key: otherKey })).json();
    expect(other.shipments[0].events).toEqual([]);
    expect(t.log.join('')).toMatch(/not shipments of this merchant/);
  });

  it("a push naming an own and a foreign waybill keeps only the merchant's own", async () => {
    const res = await pushNaming([OWN, OTHERS]);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sfRows();
    expect(rows).toHaveLength(1);
    const stored = JSON.parse(rows[0]!.body) as { updates: { waybillNo: string }[] };
    expect(stored.updates.map((u) => u.waybillNo)).toEqual([OWN]);
  });
});
