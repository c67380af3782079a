// The route-to-channel rule in douyin mode: an interception through the Douyin intercept service is PLATFORM_SERVICE, and the platform, not lanjie, refunds.
import { afterEach, describe, expect, it } from 'vitest';
import { douyinFixture, HOUR, type DouyinFixture } from './fixture.ts';

let f: DouyinFixture | undefined;
afterEach(async () => {
  await f?.dispose();
  f = undefined;
});

describe('douyin intercept service through the coordinator', () => {
  it('auto-intercepts on DOUYIN_INTERCEPT_SERVICE (channel PLATFORM_SERVICE, quoted cost kept), tracks through the hub, and leaves the refund to the platform', async () => {
    f = await douyinFixture({
      merchant: {
        autoIntercept: true,
        routing: { defaultRoutes: ['CARRIER_API', 'DOUYIN_INTERCEPT_SERVICE', 'KUAIDI100', 'OFFLINE'], routes: {} },
      },
    });
    const a = f.apply(1);
    await f.settle();
    let c = (await f.coordinator.service.get(a.caseId))!;
    // No ZTO or Kuaidi100 account: the only usable route is the platform's service.
    expect(f.coordinator.routesFor(c, a.waybillNo).map((r) => [r.route.kind, r.channel])).toEqual([
      ['DOUYIN_INTERCEPT_SERVICE', 'PLATFORM_SERVICE'],
      ['OFFLINE', 'OFFLINE'],
    ]);
    expect(c.interceptions).toHaveLength(1);
    expect(c.interceptions[0]).toMatchObject({
      channel: 'PLATFORM_SERVICE',
      route: { kind: 'DOUYIN_INTERCEPT_SERVICE' },
      state: 'ACCEPTED',
      cost: { fen: 300, payer: 'MERCHANT' },
    });
    expect(f.sim.afterSales.get(a.afterSaleId)!.intercepted).toEqual([a.waybillNo]);
    expect(f.sim.stats.byOperation['logistics.trackNoRouteDetail']).toBeGreaterThan(0);
    // The parcel turns back; the platform refunds on its own (201 + 206 pushed).
    for (let i = 0; i < 4; i++) {
      f.clock.advance(3 * HOUR);
      await f.settle();
    }
    c = (await f.coordinator.service.get(a.caseId))!;
    expect(['SUCCEEDED', 'RETURNING', 'RETURNED']).toContain(c.interceptions[0]!.state);
    expect(c.status).toBe('REFUNDED');
    expect(c.refund).toBeUndefined();
    // lanjie sent no refund: no AGREE_REFUND in the outbox, no operate at the platform; one refund, the platform's.
    expect(await f.t.store.db.selectFrom('effects').select('id').where('type', '=', 'AGREE_REFUND').execute()).toEqual([]);
    expect(f.sim.ledger).toEqual([]);
    expect(f.sim.refunds.get(a.afterSaleId)).toBe(1);
    const reasons = (await f.t.store.db.selectFrom('audit_log').select('reason_code').where('case_id', '=', a.caseId).execute()).map(
      (r) => r.reason_code,
    );
    expect(reasons).toContain('REFUND_LEFT_TO_PLATFORM');
    expect(reasons).toContain('PLATFORM_REFUND_OBSERVED');
  });
});
