// The real system under the model-based tests: a coordinator on SQLite, the ZTO simulator on nock, a merchant webhook on loopback, crashable effect runners.
import nock from 'nock';
import { TestClock } from '../../src/clock/index.ts';
import { StaticMerchantDirectory } from '../../src/merchants/index.ts';
import { Coordinator } from '../../src/coordinator/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import type { EffectRunner, EffectHandler, EffectHandlers } from '../../src/coordinator/index.ts';
import { caseIsOpen } from '../../src/store/case-writes.ts';
import type { Case } from '../../src/cases/state.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { carrierRegistry } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import type { ParcelFate } from '../../mocks/kit/world.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import type { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { WEBHOOK_SECRET } from './generic-fixture.ts';

export const HOUR = 3_600_000;
/** Lease of every runner in the model, ms: a crashed runner's effects are claimable again after it. */
export const LEASE_MS = 60_000;
/** Money actions whose webhook calls must each be performed at most once per case. */
export const MONEY_ACTIONS = new Set(['refund', 'agree-refuse-sign', 'reject']);
const ZTO_URL = 'https://zto.model.test';
const kit = simulatorKits.zto!;

/**
 * Where a runner stops: before its handler calls out, or after the call returned but before the result
 * is recorded (then abandoned for ever, like a killed process); or `pause-after-call`: it stops there
 * for longer than its lease and then carries on (a process frozen by a long GC pause or a suspended VM).
 */
export type CrashPoint = 'before-call' | 'after-call' | 'pause-after-call';

/** One case of the model and the scripted fate of its parcel in the ZTO world. */
export interface ModelCase {
  caseId: string;
  afterSaleId: string;
  waybillNo: string;
  fate: ParcelFate;
}

/** The system: everything a command acts on. */
export interface ModelSystem {
  store: Store;
  clock: TestClock;
  /** Rebuilt by {@link restart}, like everything a process builds. */
  coordinator: Coordinator;
  /** The merchant directory every coordinator of the run reads. */
  merchants: StaticMerchantDirectory;
  merchant: MerchantSimulator;
  sim: ReturnType<typeof kit.create>;
  runner: EffectRunner;
  cases: ModelCase[];
  /** Runners abandoned mid-effect so far. */
  crashes: number;
  /** Armed crash: the next handler call of the current runner stops at this point and never returns. */
  armed?: { point: CrashPoint; hit: () => void; gate?: Promise<void> };
  runId: number;
  dispose(): Promise<void>;
}

/** Wraps every handler so an armed crash abandons the runner at the chosen point (the promise never settles, like a killed process). */
function crashable(handlers: EffectHandlers, sys: { armed?: ModelSystem['armed'] }): EffectHandlers {
  const out: Record<string, EffectHandler> = {};
  for (const [type, handler] of Object.entries(handlers) as [string, EffectHandler][]) {
    out[type] = {
      ...handler,
      run: async (effect, target) => {
        const armed = sys.armed;
        sys.armed = undefined;
        if (armed?.point === 'before-call') {
          armed.hit();
          return new Promise(() => undefined);
        }
        const result = await handler.run(effect, target);
        if (armed?.point === 'after-call') {
          armed.hit();
          return new Promise(() => undefined);
        }
        if (armed?.point === 'pause-after-call') {
          armed.hit();
          await armed.gate;
        }
        return result;
      },
    };
  }
  return out as EffectHandlers;
}

/**
 * What a restarted process builds: a new coordinator over the system's store, whose runner has a new lease
 * owner and crashable handlers. The system's coordinator and runner become the new ones.
 */
export function restart(sys: ModelSystem): void {
  // A quota far above what a run uses: the limiter must not slow the model down (it runs on real time).
  sys.coordinator = new Coordinator({
    store: sys.store,
    clock: sys.clock,
    rules: DEFAULT_RULES,
    registry: carrierRegistry,
    merchants: sys.merchants,
    limits: { carriers: { zto: { perSecond: 100_000, perMinute: 6_000_000 } } },
    runnerOwner: `model-runner-${sys.crashes}`,
    effectLeaseMs: LEASE_MS,
    backoffMs: 1_000,
    maxEffectAttempts: 50,
    decorateHandlers: (handlers) => crashable(handlers, sys),
  });
  sys.runner = sys.coordinator.runner;
}

/** Builds the system for one run. `merchant` is shared across runs (its ledger is cleared here). */
export async function makeSystem(merchant: MerchantSimulator, webhookUrl: string, runId: number): Promise<ModelSystem> {
  const store = await openStore({ url: 'sqlite::memory:' });
  const clock = new TestClock('2026-06-01T02:00:00.000Z');
  const sim = kit.create({ clock });
  nock.cleanAll();
  mountOnNock(sim, ZTO_URL);
  merchant.performed.length = 0;
  merchant.loseAnswers = 0;
  const merchants = new StaticMerchantDirectory([
    {
      id: 'm-1',
      accounts: { zto: kit.pluginConfig(ZTO_URL) },
      writeEnabled: true,
      webhook: { url: webhookUrl, secret: WEBHOOK_SECRET, dryRun: false, timeoutMs: 5_000 },
    },
  ]);
  const sys = {
    store,
    clock,
    merchants,
    merchant,
    sim,
    cases: [],
    crashes: 0,
    runId,
    coordinator: undefined as unknown as Coordinator,
    runner: undefined as unknown as EffectRunner,
    async dispose() {
      nock.cleanAll();
      await store.close();
    },
  } as ModelSystem;
  restart(sys);
  return sys;
}

/** Opens case `n` of the run with a ZTO parcel of the given fate, collected two hours ago. */
export async function openModelCase(sys: ModelSystem, fate: ParcelFate): Promise<ModelCase> {
  const n = sys.cases.length + 1;
  const waybillNo = kit.waybill(sys.runId * 1000 + n);
  const mc: ModelCase = { caseId: `r${sys.runId}-c${n}`, afterSaleId: `as-${sys.runId}-${n}`, waybillNo, fate };
  sys.sim.world.add({ waybillNo, fate, phoneLast4: '1234', collectedAt: sys.clock.nowMs() - 2 * HOUR });
  sys.cases.push(mc);
  await sys.coordinator.openCase({
    caseId: mc.caseId,
    platform: 'shop',
    mode: 'generic',
    merchantId: 'm-1',
    merchantType: 'DOMESTIC',
    afterSaleId: mc.afterSaleId,
    orderId: `o-${n}`,
    appliedAt: sys.clock.now().toISOString(),
    refundAmountFen: 10_000 + n,
    reason: 'NOT_RECEIVED',
    categoryId: 'cat',
    skuOrders: [{ skuOrderId: `s-${n}`, amountFen: 10_000 + n, refunded: true }],
    shipments: [{ waybillNo, carrierId: 'zto', skuOrderIds: [`s-${n}`] }],
    phones: { [waybillNo]: '1234' },
  });
  return mc;
}

/** Runs one round on the current runner; with a crash armed, abandons the runner at the crash point and starts a new one. */
export async function runRound(sys: ModelSystem, crash?: CrashPoint): Promise<'ran' | 'crashed'> {
  if (!crash) {
    await sys.runner.runOnce();
    return 'ran';
  }
  let hit!: () => void;
  const crashed = new Promise<'crashed'>((resolve) => {
    hit = () => resolve('crashed');
  });
  sys.armed = { point: crash, hit };
  const outcome = await Promise.race([sys.runner.runOnce().then(() => 'ran' as const), crashed]);
  sys.armed = undefined;
  if (outcome === 'crashed') {
    sys.crashes++;
    restart(sys);
  }
  return outcome;
}

/**
 * A runner freezes after its first call of a round, for longer than its lease; a new runner takes the
 * expired effects over and runs a round; then the frozen runner wakes up and finishes its round.
 */
export async function zombieRound(sys: ModelSystem): Promise<'ran' | 'zombie'> {
  let hit!: () => void;
  let release!: () => void;
  const paused = new Promise<'zombie'>((resolve) => {
    hit = () => resolve('zombie');
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  sys.armed = { point: 'pause-after-call', hit, gate };
  const frozen = sys.runner.runOnce();
  const outcome = await Promise.race([frozen.then(() => 'ran' as const), paused]);
  sys.armed = undefined;
  if (outcome === 'ran') return outcome;
  sys.clock.advance(LEASE_MS + 1_000);
  sys.crashes++;
  restart(sys);
  await sys.runner.runOnce();
  release();
  await frozen;
  return outcome;
}

/** Runs rounds until a round claims nothing. */
export async function drain(sys: ModelSystem): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await sys.runner.runOnce()).claimed === 0) return;
}

/** Every case's stored state. */
export async function storedCases(sys: ModelSystem): Promise<Case[]> {
  const rows = await sys.store.db.selectFrom('cases').select('state_json').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.state_json) as Case);
}

/**
 * The safety invariants, checked after every command: at most one performed money call per case and
 * action on the merchant's ledger (which does not deduplicate), never both a refund and a rejection
 * for one after-sale, and at most one open complaint per parcel.
 */
export async function checkSafety(sys: ModelSystem): Promise<void> {
  const perAction = new Map<string, number>();
  for (const call of sys.merchant.performed) {
    if (!MONEY_ACTIONS.has(call.action)) continue;
    const key = `${call.afterSaleId}|${call.action}`;
    perAction.set(key, (perAction.get(key) ?? 0) + 1);
    if (perAction.get(key)! > 1)
      throw new Error(`money call performed twice: ${call.action} for after-sale ${call.afterSaleId} (key ${call.idempotencyKey})`);
  }
  for (const mc of sys.cases) {
    if (perAction.has(`${mc.afterSaleId}|refund`) && perAction.has(`${mc.afterSaleId}|reject`))
      throw new Error(`after-sale ${mc.afterSaleId} was both refunded and rejected`);
  }
  for (const c of await storedCases(sys)) {
    const open = new Map<string, number>();
    for (const x of c.complaints) if (x.status === 'OPEN') open.set(x.shipmentId, (open.get(x.shipmentId) ?? 0) + 1);
    for (const [shipmentId, n] of open) if (n > 1) throw new Error(`case ${c.id}: ${n} complaints open on parcel ${shipmentId}`);
  }
}

/**
 * Final, precisely: `caseIsOpen(state)` is false (src/store/case-writes.ts: status CLOSED or REJECTED,
 * or status REFUNDED with no open complaint, no open support task and every shipment terminal), the
 * row's `open` column agrees, and the case's outbox holds nothing PENDING, RUNNING or DEAD.
 */
export async function notFinal(sys: ModelSystem): Promise<string[]> {
  const out: string[] = [];
  const waiting = await sys.store.db
    .selectFrom('effects')
    .select(['case_id', 'type', 'status', 'last_error'])
    .where('status', 'in', ['PENDING', 'RUNNING', 'DEAD'])
    .execute();
  const rows = await sys.store.db.selectFrom('cases').select(['id', 'open', 'state_json']).execute();
  for (const row of rows) {
    const c = JSON.parse(row.state_json) as Case;
    const effects = waiting.filter((e) => e.case_id === row.id);
    if (caseIsOpen(c) || row.open !== 0 || effects.length > 0) {
      const fate = sys.cases.find((m) => m.caseId === row.id)?.fate;
      out.push(
        `${row.id} (${fate}): status ${c.status}, open column ${row.open}, logistics ${c.shipments.map((s) => s.view.logistics).join(',')}, ` +
          `interceptions ${c.interceptions.map((i) => i.state).join(',') || '-'}, open tasks ${
            c.supportTasks
              .filter((t) => t.status === 'OPEN')
              .map((t) => t.kind)
              .join(',') || '-'
          }, ` +
          `open complaints ${c.complaints.filter((x) => x.status === 'OPEN').length}, outbox ${effects.map((e) => `${e.type}:${e.status}${e.last_error ? `(${e.last_error})` : ''}`).join(',') || '-'}`,
      );
    }
  }
  return out;
}

/**
 * What people do once the world has run its course: support completes open tasks (which resolves
 * complaint tasks); on a REJECT_AFTER_SIGNED task the merchant rejects the refund-only request; and
 * when lanjie never agreed (the case was not eligible) and the deadline passed, the merchant's own
 * system closes the after-sale (generic mode leaves that decision to it).
 */
export async function peopleAct(sys: ModelSystem): Promise<void> {
  const at = sys.clock.now().toISOString();
  for (const c of await storedCases(sys)) {
    if (!caseIsOpen(c)) continue;
    for (const task of c.supportTasks.filter((t) => t.status === 'OPEN')) {
      if (task.kind === 'REJECT_AFTER_SIGNED') await sys.coordinator.apply(c.id, { type: 'REJECT_AFTER_SIGNED', by: 'support' });
      await sys.coordinator.apply(c.id, { type: 'COMPLETE_SUPPORT_TASK', taskId: task.id, at, outcome: 'handled by support' });
    }
    const fresh = (await sys.coordinator.service.get(c.id))!;
    const settled =
      fresh.closed !== undefined || fresh.refund !== undefined || fresh.rejection !== undefined || fresh.refundedAt !== undefined;
    if (!settled && fresh.agreement.agreedAt === undefined && fresh.deadline.timedOutAt !== undefined) {
      await sys.coordinator.apply(c.id, { type: 'CLOSED', at, cause: 'OTHER' });
    }
  }
}

/** Lets the world run its course: time passes in 6 h steps, timers fire, effects run, parcels are polled, people act; stops when every case is final. */
export async function settle(sys: ModelSystem, maxSteps = 60): Promise<string[]> {
  for (let step = 0; step < maxSteps; step++) {
    sys.clock.advance(6 * HOUR);
    await sys.coordinator.service.fireDueTimers();
    await drain(sys);
    await sys.coordinator.tracker.pollDue();
    await drain(sys);
    await peopleAct(sys);
    await drain(sys);
    if ((await notFinal(sys)).length === 0) return [];
  }
  return notFinal(sys);
}
