// A douyin-mode world for tests: store, test clock, platform simulator (nock or loopback), merchant, coordinator with the Douyin handlers, intake, reconciler.
import { StaticMerchantDirectory, type MerchantConfigInput } from '../../src/merchants/index.ts';
import { Coordinator } from '../../src/coordinator/index.ts';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES, parseRules, type Rules } from '../../src/cases/index.ts';
import { DouyinAccounts, DouyinIntake, DouyinReconciler, createDouyinHandlers } from '../../src/platform/douyin/index.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { DOUYIN_SIM_CREDENTIALS, DouyinSimulator, douyinSandboxConfig } from '../../mocks/douyin/index.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import { sqliteStore, type TestStore } from '../store/targets.ts';

export const START = '2026-06-01T02:00:00.000Z';
export const HOUR = 3_600_000;
export const BASE_URL = 'https://douyin.fixture.test';
export const SHOP = DOUYIN_SIM_CREDENTIALS.shopId;

/** A ZTO number for parcel n. */
export const zto = (n: number) => `7530${String(n).padStart(10, '0')}`;

/** Options of the fixture. */
export interface FixtureOptions {
  writeEnabled?: boolean;
  rules?: Partial<Rules>;
  merchant?: Partial<MerchantConfigInput>;
  autoAgreeAfterMs?: number;
}

/** Everything a douyin-mode test needs. */
export interface DouyinFixture {
  t: TestStore;
  clock: TestClock;
  sim: DouyinSimulator;
  merchants: StaticMerchantDirectory;
  coordinator: Coordinator;
  intake: DouyinIntake;
  reconciler: DouyinReconciler;
  /** A refund-only application on a moving ZTO parcel collected 10 h ago (pushes 200). */
  apply(n: number, options?: { refundAmount?: number; notOpen?: boolean }): { afterSaleId: string; waybillNo: string; caseId: string };
  /** Ticks the platform (deliveries to the intake) and the coordinator. */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

export async function douyinFixture(options: FixtureOptions = {}): Promise<DouyinFixture> {
  const t = await sqliteStore();
  const clock = new TestClock(START);
  const sim = new DouyinSimulator({ clock, autoAgreeAfterMs: options.autoAgreeAfterMs ?? 5_000 });
  mountOnNock(sim, BASE_URL);
  const merchants = new StaticMerchantDirectory([
    {
      id: 'm-1',
      douyinShopIds: [SHOP],
      accounts: { douyin: douyinSandboxConfig(BASE_URL) },
      writeEnabled: options.writeEnabled ?? true,
      routing: { defaultRoutes: ['DOUYIN_INTERCEPT_SERVICE', 'OFFLINE'], routes: {} },
      autoIntercept: false,
      ...options.merchant,
    },
  ]);
  const accounts = new DouyinAccounts(merchants, clock);
  const rules = options.rules ? parseRules({ ...DEFAULT_RULES, ...options.rules }) : DEFAULT_RULES;
  const coordinator = new Coordinator({
    store: t.store,
    clock,
    rules,
    registry: carrierRegistry,
    merchants,
    handlers: createDouyinHandlers({ store: t.store, clock, merchants, accounts }),
    backoffMs: 1,
  });
  const intake = new DouyinIntake({ store: t.store, clock, merchants, cases: coordinator, accounts });
  const reconciler = new DouyinReconciler({ store: t.store, clock, merchants, cases: coordinator, accounts });
  sim.pushes.target = async (push) => {
    const result = await intake.handle({ headers: push.headers, query: {}, body: push.body });
    return { status: result.reply.status, body: result.reply.body };
  };
  return {
    t,
    clock,
    sim,
    merchants,
    coordinator,
    intake,
    reconciler,
    apply(n, o = {}) {
      const waybillNo = zto(n);
      const afterSaleId = `70000000000000${String(n).padStart(4, '0')}`;
      sim.world.add({ waybillNo, fate: 'deliver', phoneLast4: '1234', collectedAt: clock.nowMs() - 10 * HOUR });
      sim.addAfterSale({
        id: afterSaleId,
        parcels: [{ trackingNo: waybillNo, companyCode: 'zhongtong' }],
        refundAmount: o.refundAmount ?? 12_900,
        notOpen: o.notOpen ?? false,
      });
      return { afterSaleId, waybillNo, caseId: `dy-m-1-${afterSaleId}` };
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await sim.tick();
        await coordinator.tick();
      }
    },
    async dispose() {
      await coordinator.stop();
      await t.dispose();
    },
  };
}
