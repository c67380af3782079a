// Shared by the douyin crash worker and the lost-answer test: the merchant config, the runner with the Douyin handlers, and seeding cases up to a refund.
import { StaticMerchantDirectory } from '../../src/merchants/index.ts';
import type { Clock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, EffectRunner } from '../../src/coordinator/index.ts';
import { DouyinAccounts, DouyinIntake, createDouyinHandlers } from '../../src/platform/douyin/index.ts';
import type { Store } from '../../src/store/index.ts';
import { douyinSandboxConfig, type DouyinSimulator } from '../../mocks/douyin/index.ts';

/** The write-enabled merchant whose Douyin account points at the simulator at `url`. */
export function moneyMerchants(url: string, timeoutMs = 2_000): StaticMerchantDirectory {
  return new StaticMerchantDirectory([
    {
      id: 'm-1',
      douyinShopIds: ['880001'],
      accounts: { douyin: { ...douyinSandboxConfig(url), timeoutMs } },
      writeEnabled: true,
      autoIntercept: false,
    },
  ]);
}

/** A runner whose money calls go to the platform simulator at `url`. */
export function douyinRunner(
  store: Store,
  url: string,
  clock: Clock,
  options: { leaseMs?: number; backoffMs?: number; timeoutMs?: number } = {},
) {
  const merchants = moneyMerchants(url, options.timeoutMs);
  const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
  const runner = new EffectRunner({
    store,
    clock,
    service,
    handlers: createDouyinHandlers({ store, clock, merchants }),
    leaseMs: options.leaseMs ?? 30_000,
    backoffMs: options.backoffMs ?? 1_000,
  });
  return { service, runner, merchants };
}

/** Opens `count` cases from the simulator's pushes and records each return: one AGREE_REFUND via PLATFORM_API per case. */
export async function seedRefunds(store: Store, sim: DouyinSimulator, url: string, clock: Clock, count: number): Promise<string[]> {
  const { service, merchants } = douyinRunner(store, url, clock);
  const intake = new DouyinIntake({
    store,
    clock,
    merchants,
    cases: { openCase: (r) => service.open(r), apply: (id, e, o) => service.apply(id, e, o) },
    accounts: new DouyinAccounts(merchants, clock),
  });
  sim.pushes.target = async (push) => {
    const r = await intake.handle({ headers: push.headers, query: {}, body: push.body });
    return { status: r.reply.status, body: r.reply.body };
  };
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) {
    const waybillNo = `7540${String(n).padStart(10, '0')}`;
    const afterSaleId = `71000000000000${String(n).padStart(4, '0')}`;
    sim.world.add({ waybillNo, fate: 'deliver', collectedAt: clock.nowMs() - 10 * 3_600_000 });
    sim.addAfterSale({ id: afterSaleId, parcels: [{ trackingNo: waybillNo, companyCode: 'zhongtong' }] });
    ids.push(afterSaleId);
  }
  await sim.pushes.deliver();
  for (const afterSaleId of ids) {
    const caseId = `dy-m-1-${afterSaleId}`;
    const c = (await service.get(caseId))!;
    const waybillNo = c.shipments[0]!.id;
    const at = clock.now().toISOString();
    await service.apply(caseId, {
      type: 'TRACKING_UPDATE',
      waybillNo,
      carrierId: 'zto',
      found: true,
      events: [{ kind: 'COLLECTED', at, description: '揽收', rawCode: '1' }],
    });
    await service.apply(caseId, { type: 'RECORD_RETURN', shipmentId: waybillNo, at, outcome: 'RECEIVED' });
  }
  return ids;
}
