// The whole generic-mode happy path through the coordinator: track, auto-intercept on the carrier API, return scan, refund by webhook, exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { StaticMerchantDirectory } from '../../src/merchants/index.ts';
import { Coordinator } from '../../src/coordinator/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { sqliteStore, type TestStore } from '../store/targets.ts';
import { WEBHOOK_SECRET } from './generic-fixture.ts';

const HOUR = 3_600_000;

describe('coordinator, generic mode', () => {
  let t: TestStore | undefined;
  let merchant: MerchantSimulator | undefined;
  afterEach(async () => {
    await merchant?.stop();
    await t?.dispose();
  });

  it('intercepts a moving ZTO parcel, sees it turn back, refunds once by webhook', async () => {
    t = await sqliteStore();
    const clock = new TestClock('2026-06-01T02:00:00.000Z');
    const kit = simulatorKits.zto!;
    const sim = kit.create({ clock });
    mountOnNock(sim, 'https://zto.e2e.test');
    const waybillNo = kit.waybill(7);
    sim.world.add({ waybillNo, fate: 'deliver', phoneLast4: '1234', collectedAt: clock.nowMs() - 6 * HOUR });
    merchant = new MerchantSimulator({ secret: WEBHOOK_SECRET });
    const url = await merchant.start();
    const merchants = new StaticMerchantDirectory([
      {
        id: 'm-1',
        accounts: { zto: kit.pluginConfig('https://zto.e2e.test') },
        writeEnabled: true,
        webhook: { url, secret: WEBHOOK_SECRET, dryRun: false },
      },
    ]);
    const coordinator = new Coordinator({
      store: t.store,
      clock,
      rules: DEFAULT_RULES,
      registry: carrierRegistry,
      merchants,
      backoffMs: 1,
    });
    await coordinator.openCase({
      caseId: 'c-1',
      platform: 'shop',
      mode: 'generic',
      merchantId: 'm-1',
      merchantType: 'DOMESTIC',
      afterSaleId: 'as-1',
      orderId: 'o-1',
      appliedAt: clock.now().toISOString(),
      refundAmountFen: 12_900,
      reason: 'NOT_RECEIVED',
      categoryId: 'cat',
      skuOrders: [{ skuOrderId: 's-1', amountFen: 12_900, refunded: true }],
      shipments: [{ waybillNo, carrierId: 'zto', skuOrderIds: ['s-1'] }],
      phones: { [waybillNo]: '1234' },
    });
    await coordinator.tick();
    await coordinator.tick();
    let c = (await coordinator.service.get('c-1'))!;
    expect(c.interceptions).toHaveLength(1);
    expect(c.interceptions[0]).toMatchObject({ channel: 'CARRIER_API', state: 'ACCEPTED' });
    expect(sim.world.get(waybillNo)!.interception?.state).toBe('ACCEPTED');
    for (let i = 0; i < 6; i++) {
      clock.advance(3 * HOUR);
      await coordinator.tick();
      await coordinator.tick();
    }
    c = (await coordinator.service.get('c-1'))!;
    expect(c.interceptions[0]!.state).not.toBe('ACCEPTED');
    expect(['SUCCEEDED', 'RETURNING', 'RETURNED']).toContain(c.interceptions[0]!.state);
    expect(c.status).toBe('REFUNDED');
    const refunds = merchant.performed.filter((p) => p.action === 'refund');
    expect(refunds).toEqual([{ idempotencyKey: 'c-1:refund:as-1', action: 'refund', afterSaleId: 'as-1', amountFen: 12_900 }]);
    expect([...merchant.countsByKey().values()].every((n) => n === 1)).toBe(true);
    // Once REFUNDED, only the goods' way back is followed: the number is polled every 12 h, not every 2 h.
    clock.advance(12 * HOUR);
    await coordinator.tick();
    const [row] = await t.store.read<{ next_poll_at: string; last_polled_at: string }>(
      'select next_poll_at, last_polled_at from shipments where waybill_no = ?',
      [waybillNo],
    );
    expect(row!.last_polled_at).toBe(clock.now().toISOString());
    expect(Date.parse(row!.next_poll_at) - Date.parse(row!.last_polled_at)).toBe(12 * HOUR);
    const before = sim.stats.requests;
    clock.advance(6 * HOUR);
    await coordinator.tick();
    expect(sim.stats.requests).toBe(before);
    clock.advance(6 * HOUR);
    await coordinator.tick();
    expect(sim.stats.requests).toBe(before + 1);
    await coordinator.stop();
  });
});
