// The router: every carrier is interceptable through Kuaidi100 when it has no native route; the channel is fixed by the route; detection is confirmed by the hub.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { MerchantAccounts, StaticMerchantDirectory, detectForMerchant } from '../../src/merchants/index.ts';
import { InterceptRouter, SEED_CARRIER_IDS, channelOfRoute } from '../../src/cases/index.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';

const clock = new TestClock('2026-06-01T02:00:00.000Z');

function routerFor(merchant: {
  id: string;
  accounts: Record<string, unknown>;
  routing?: {
    defaultRoutes?: ('CARRIER_API' | 'DOUYIN_INTERCEPT_SERVICE' | 'KUAIDI100' | 'OFFLINE')[];
    routes?: Record<string, ('CARRIER_API' | 'DOUYIN_INTERCEPT_SERVICE' | 'KUAIDI100' | 'OFFLINE')[]>;
  };
}) {
  const merchants = new StaticMerchantDirectory([merchant]);
  const accounts = new MerchantAccounts({ registry: carrierRegistry, merchants, clock });
  return { accounts, router: new InterceptRouter(carrierRegistry, accounts, (id) => merchants.get(id)!.routing) };
}

describe('InterceptRouter', () => {
  it('every one of the 13 carriers can be intercepted through Kuaidi100 when the merchant has only a hub account', () => {
    const { router } = routerFor({ id: 'm', accounts: { kuaidi100: simulatorKits.kuaidi100!.pluginConfig('https://k100.test') } });
    expect(SEED_CARRIER_IDS).toHaveLength(13);
    for (const carrierId of SEED_CARRIER_IDS) {
      const routes = router.routesFor('m', carrierId, 'generic');
      expect(
        routes.map((r) => r.route.kind),
        carrierId,
      ).toEqual(['KUAIDI100', 'OFFLINE']);
      expect(routes[0]!.channel).toBe('HUB');
    }
  });

  it('prefers the native API where the carrier has one and the merchant an account; skips routes with no account', () => {
    const { router } = routerFor({
      id: 'm',
      accounts: {
        zto: simulatorKits.zto!.pluginConfig('https://zto.test'),
        yunda: simulatorKits.yunda!.pluginConfig('https://yd.test'),
        kuaidi100: simulatorKits.kuaidi100!.pluginConfig('https://k100.test'),
      },
    });
    expect(router.routesFor('m', 'zto', 'generic').map((r) => [r.route.kind, r.channel])).toEqual([
      ['CARRIER_API', 'CARRIER_API'],
      ['KUAIDI100', 'HUB'],
      ['OFFLINE', 'OFFLINE'],
    ]);
    // Yunda has a tracking API but no intercept API: its account is no interception route.
    expect(router.routesFor('m', 'yunda', 'generic').map((r) => r.route.kind)).toEqual(['KUAIDI100', 'OFFLINE']);
    // SF: no account, so no native route.
    expect(router.routesFor('m', 'sf', 'generic').map((r) => r.route.kind)).toEqual(['KUAIDI100', 'OFFLINE']);
  });

  it("follows a merchant's per-carrier order, and the Douyin service only for Douyin orders with a platform account", () => {
    const { router } = routerFor({
      id: 'm',
      accounts: {
        zto: simulatorKits.zto!.pluginConfig('https://zto.test'),
        kuaidi100: simulatorKits.kuaidi100!.pluginConfig('https://k100.test'),
      },
      routing: { routes: { zto: ['KUAIDI100', 'CARRIER_API'] } },
    });
    expect(router.routesFor('m', 'zto', 'generic').map((r) => r.route.kind)).toEqual(['KUAIDI100', 'CARRIER_API']);
    expect(router.routesFor('m', 'sto', 'douyin').map((r) => r.route.kind)).toEqual(['KUAIDI100', 'OFFLINE']);
  });

  it('fixes the channel by the route', () => {
    expect(channelOfRoute({ kind: 'CARRIER_API', carrierId: 'zto' })).toBe('CARRIER_API');
    expect(channelOfRoute({ kind: 'DOUYIN_INTERCEPT_SERVICE' })).toBe('PLATFORM_SERVICE');
    expect(channelOfRoute({ kind: 'KUAIDI100' })).toBe('HUB');
    expect(channelOfRoute({ kind: 'OFFLINE' })).toBe('OFFLINE');
  });
});

describe('detectForMerchant', () => {
  it('ranks by declared formats alone without a hub account', async () => {
    const { accounts } = routerFor({ id: 'm', accounts: {} });
    const found = await detectForMerchant(carrierRegistry, accounts, 'm', '73100196611386');
    expect(found.candidates.map((c) => c.carrierId)).toEqual(['zto']);
    expect(found.hubs).toEqual([]);
  });

  it("the hub's auto-detection confirms a candidate and moves it first", async () => {
    const kit = simulatorKits.kuaidi100!;
    const sim = kit.create({ clock });
    mountOnNock(sim, 'https://k100.test');
    const config = kit.pluginConfig('https://k100.test') as Record<string, unknown>;
    const { accounts } = routerFor({ id: 'm', accounts: { kuaidi100: config } });
    // A 13-digit number starting with 9 fits two China Post products by format; the hub names EMS and one of them.
    const number = '9123456789012';
    expect(
      carrierRegistry
        .detect(number)
        .map((c) => c.carrierId)
        .sort(),
    ).toEqual(['chinapost-domestic', 'chinapost-express']);
    const found = await detectForMerchant(carrierRegistry, accounts, 'm', number);
    expect(found.hubs).toEqual([{ hubId: 'kuaidi100', ok: true }]);
    expect(found.candidates.map((c) => [c.carrierId, c.confirmedBy])).toEqual([
      ['chinapost-domestic', 'kuaidi100'],
      ['chinapost-express', undefined],
    ]);
    expect(found.hubOnly).toEqual([{ carrierId: 'ems', hubId: 'kuaidi100' }]);
  });
});
