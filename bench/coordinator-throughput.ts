// Coordinator throughput: cases per second through the whole generic happy path, ZTO and merchant simulators over loopback HTTP, SQLite (WAL, synchronous=FULL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { carrierRegistry } from '../carriers/index.ts';
import { simulatorKits } from '../mocks/index.ts';
import { serveSimulator } from '../mocks/kit/transport.ts';
import { MerchantSimulator, type PerformedCall } from '../mocks/merchant/simulator.ts';
import { SimulatorHost, type HostParcel, type HostStats } from './simulator-host.ts';
import { createPostgresDatabase } from './pg-database.ts';
import { StaticMerchantDirectory } from '../src/merchants/index.ts';
import { Coordinator } from '../src/coordinator/index.ts';
import { HttpThread } from '../src/carrier/http-thread.ts';
import { DEFAULT_RULES } from '../src/cases/index.ts';
import { TestClock } from '../src/clock/index.ts';
import { openStore } from '../src/store/index.ts';

const HOUR = 3_600_000;
const SECRET = 'bench-merchant-webhook-secret';

/** Options of the throughput run. */
export interface ThroughputOptions {
  /** Cases taken to REFUNDED in the measured window (after `warmup`). */
  cases: number;
  /** Cases completed before measuring starts. */
  warmup: number;
  /** Cases kept in flight: new cases are opened as others finish. */
  inflight: number;
  /** Business time added after each tick, ms (the parcels move on the simulator's clock). */
  stepMs: number;
  /** Merchants the cases are spread over, each with its own ZTO account (and limiter) and webhook. Default 1. */
  merchants?: number;
  /**
   * Where the ZTO and merchant simulators run: on their own thread (default; remote systems do not
   * share the gateway's event loop) or inline on the gateway's thread (as the first measurements did).
   */
  simulators?: 'thread' | 'inline';
  /**
   * A PostgreSQL server URL (e.g. `postgres://postgres@127.0.0.1:5432/postgres`): the run creates a
   * fresh database on it and drops it afterwards. Default: a SQLite file in a temporary folder.
   */
  postgres?: string;
  /** Send carrier and webhook requests from an HTTP thread (`Coordinator` option `httpThread`). Default false. */
  httpThread?: boolean;
}

/** The simulators as the bench drives them, wherever they run. */
interface Simulators {
  ztoUrl: string;
  webhookUrl: string;
  add(parcels: HostParcel[]): Promise<void>;
  advance(ms: number): Promise<void>;
  performed(from: number): Promise<PerformedCall[]>;
  stats(): Promise<HostStats>;
  /** Busy share of the simulators' own thread (undefined inline: they share the gateway's). */
  utilization?(since?: EventLoopUtilization): EventLoopUtilization;
  stop(): Promise<void>;
}

async function inlineSimulators(clock: TestClock): Promise<Simulators> {
  const sim = simulatorKits.zto!.create({ clock });
  const zto = await serveSimulator(sim);
  const merchant = new MerchantSimulator({ secret: SECRET });
  const webhookUrl = await merchant.start();
  return {
    ztoUrl: zto.url,
    webhookUrl,
    async add(parcels) {
      for (const p of parcels) sim.world.add(p);
    },
    // The simulator reads the gateway's clock.
    async advance() {},
    async performed(from) {
      return merchant.performed.slice(from);
    },
    async stats() {
      return {
        zto: { requests: sim.stats.requests, served: sim.stats.served, quotaErrors: sim.stats.quotaErrors },
        performed: merchant.performed.length,
        duplicates: [...merchant.countsByKey().values()].filter((n) => n > 1).length,
      };
    },
    async stop() {
      await merchant.stop();
      await zto.close();
    },
  };
}

async function threadSimulators(clock: TestClock): Promise<Simulators> {
  const { host, ztoUrl, webhookUrl } = await SimulatorHost.start(clock.now().toISOString(), SECRET);
  return {
    ztoUrl,
    webhookUrl,
    utilization: (since) => host.utilization(since),
    add: (p) => host.add(p),
    advance: (ms) => host.advance(ms),
    performed: (from) => host.performed(from),
    stats: () => host.stats(),
    stop: () => host.stop(),
  };
}

/** What the run measured. */
export interface ThroughputResult {
  casesPerSecond: number;
  measuredCases: number;
  seconds: number;
  /** Wall time from openCase to the case stored REFUNDED, ms. */
  latencyMs: { p50: number; p99: number; max: number };
  ticks: number;
  msPerTick: number;
  moneyCallsPerCase: number;
  duplicates: number;
  zto: { requests: number; served: number; quotaErrors: number };
  /** Share of the measured window the main thread was busy (event loop utilisation, 0–1). */
  mainBusy: number;
  /** Share of it the SQLite writer thread was busy, including waits for the disk (0–1). */
  writerBusy: number;
  /** Share of it the simulators' thread was busy (NaN when they run inline). */
  simulatorsBusy: number;
  /** Share of it the HTTP thread was busy (NaN without one). */
  httpBusy: number;
  /** Write plans (each all or nothing) per measured case, in the measured window. */
  writePlansPerCase: number;
  /** Durable commits of the SQLite writer thread per measured case (plans written together share one; NaN on PostgreSQL). */
  commitsPerCase: number;
  /** Writer thread busy time per write plan in the measured window, ms (its work and its wait for the disk). */
  writerMsPerPlan: number;
  /** ZTO requests per case opened (tracking polls and interceptions). */
  ztoCallsPerCase: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs the happy path of test/coordinator/happy-path.test.ts for many cases at once: open the case
 * (parcel collected 6 h ago) → tracking shows it moving → the auto-interception on the ZTO API is
 * accepted → the return scan → the refund instruction by webhook, performed by the merchant simulator.
 * A closed loop keeps `inflight` cases open; each loop is one coordinator tick plus `stepMs` of business time.
 */
export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-bench-'));
  const pgDatabase = options.postgres ? await createPostgresDatabase(options.postgres) : undefined;
  const store = await openStore({
    url: pgDatabase ? pgDatabase.url : `sqlite:${join(dir, 'lanjie.db')}`,
    ...(pgDatabase ? { poolSize: 16 } : {}),
  });
  const clock = new TestClock('2026-06-01T02:00:00.000Z');
  const kit = simulatorKits.zto!;
  const sims = options.simulators === 'inline' ? await inlineSimulators(clock) : await threadSimulators(clock);
  const { ztoUrl, webhookUrl } = sims;
  const merchantCount = options.merchants ?? 1;
  const merchants = new StaticMerchantDirectory(
    Array.from({ length: merchantCount }, (_, i) => ({
      id: `m-${i + 1}`,
      accounts: { zto: kit.pluginConfig(ztoUrl) },
      writeEnabled: true,
      webhook: { url: webhookUrl, secret: SECRET, dryRun: false },
    })),
  );
  // ZTO's declared quota (10/s, 300/min) would make the carrier the bottleneck: the bench raises it far above what it uses.
  const httpThread = options.httpThread ? HttpThread.start() : undefined;
  const coordinator = new Coordinator({
    store,
    clock,
    rules: DEFAULT_RULES,
    registry: carrierRegistry,
    merchants,
    backoffMs: 1,
    ...(httpThread ? { httpThread } : {}),
    limits: { carriers: { zto: { perSecond: 100_000, perMinute: 6_000_000, maxConcurrent: 64 } } },
  });

  const openedAt = new Map<string, number>();
  const latencies: number[] = [];
  let opened = 0;
  let completed = 0;
  let ticks = 0;
  let measureStart = 0;
  let measureTicks = 0;
  const total = options.warmup + options.cases;
  let ledgerSeen = 0;
  let refundsSeen = 0;
  let mainElu: EventLoopUtilization | undefined;
  let writerElu: EventLoopUtilization | undefined;
  let simElu: EventLoopUtilization | undefined;
  let httpElu: EventLoopUtilization | undefined;
  let plansAtStart = 0;
  let commitsAtStart = 0;
  while (completed < total) {
    // New after-sales arrive side by side (as API requests would), each opened in its own transaction.
    const opening: Promise<unknown>[] = [];
    const parcels: HostParcel[] = [];
    while (openedAt.size < options.inflight && opened < total) {
      const n = ++opened;
      const waybillNo = kit.waybill(n);
      parcels.push({ waybillNo, fate: 'deliver', phoneLast4: '1234', collectedAt: clock.nowMs() - 6 * HOUR });
      const caseId = `c-${n}`;
      openedAt.set(caseId, performance.now());
      opening.push(
        coordinator.openCase({
          caseId,
          platform: 'shop',
          mode: 'generic',
          merchantId: `m-${(n % merchantCount) + 1}`,
          merchantType: 'DOMESTIC',
          afterSaleId: `as-${n}`,
          orderId: `o-${n}`,
          appliedAt: clock.now().toISOString(),
          refundAmountFen: 12_900,
          reason: 'NOT_RECEIVED',
          categoryId: 'cat',
          skuOrders: [{ skuOrderId: `s-${n}`, amountFen: 12_900, refunded: true }],
          shipments: [{ waybillNo, carrierId: 'zto', skuOrderIds: [`s-${n}`] }],
          phones: { [waybillNo]: '1234' },
        }),
      );
    }
    await sims.add(parcels);
    await Promise.all(opening);
    await coordinator.tick();
    ticks++;
    // A refund performed by the merchant is recorded (REFUNDED) in the same tick, in the transaction that
    // completes its effect: the ledger tells which cases finished without querying the store.
    const performed = await sims.performed(ledgerSeen);
    ledgerSeen += performed.length;
    const refunded = performed.filter((p) => p.action === 'refund').map((p) => ({ id: p.idempotencyKey.split(':')[0]! }));
    refundsSeen += refunded.length;
    const now = performance.now();
    for (const { id } of refunded) {
      const start = openedAt.get(id);
      if (start === undefined) continue;
      openedAt.delete(id);
      completed++;
      if (completed === options.warmup) {
        measureStart = now;
        measureTicks = ticks;
        mainElu = performance.eventLoopUtilization();
        writerElu = store.writerUtilization?.();
        simElu = sims.utilization?.();
        httpElu = httpThread?.utilization();
        plansAtStart = store.writePlans();
        commitsAtStart = store.writeCommits?.() ?? NaN;
      }
      if (completed > options.warmup) latencies.push(now - start);
    }
    clock.advance(options.stepMs);
    await sims.advance(options.stepMs);
    if (ticks > 100_000) throw new Error('bench did not converge');
  }
  const seconds = (performance.now() - measureStart) / 1000;
  const mainBusy = performance.eventLoopUtilization(mainElu).utilization;
  const writerBusy = writerElu && store.writerUtilization ? store.writerUtilization(writerElu).utilization : NaN;
  const simulatorsBusy = simElu && sims.utilization ? sims.utilization(simElu).utilization : NaN;
  const httpBusy = httpElu && httpThread ? httpThread.utilization(httpElu).utilization : NaN;
  const plansMeasured = store.writePlans() - plansAtStart;
  const notRefunded = await store.db.selectFrom('cases').select('id').where('status', '!=', 'REFUNDED').execute();
  if (notRefunded.length > openedAt.size) throw new Error(`${notRefunded.length} cases are not REFUNDED, ${openedAt.size} still in flight`);
  const stats = await sims.stats();
  if (refundsSeen < total) throw new Error(`only ${refundsSeen} refunds performed for ${total} refunded cases`);
  const result: ThroughputResult = {
    casesPerSecond: options.cases / seconds,
    measuredCases: options.cases,
    seconds,
    latencyMs: (() => {
      const s = [...latencies].sort((a, b) => a - b);
      return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
    })(),
    ticks: ticks - measureTicks,
    msPerTick: (seconds * 1000) / Math.max(1, ticks - measureTicks),
    moneyCallsPerCase: stats.performed / opened,
    duplicates: stats.duplicates,
    zto: stats.zto,
    mainBusy,
    writerBusy,
    simulatorsBusy,
    httpBusy,
    ztoCallsPerCase: stats.zto.requests / opened,
    writePlansPerCase: plansMeasured / options.cases,
    commitsPerCase: ((store.writeCommits?.() ?? NaN) - commitsAtStart) / options.cases,
    writerMsPerPlan: (writerBusy * seconds * 1000) / Math.max(1, plansMeasured),
  };
  await coordinator.stop();
  await coordinator.accounts.close();
  await httpThread?.close();
  await sims.stop();
  await store.close();
  await pgDatabase?.drop();
  rmSync(dir, { recursive: true, force: true });
  return result;
}
