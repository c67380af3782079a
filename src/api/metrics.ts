// Prometheus metrics (prom-client): carrier calls, errors by code, latency, limiter queues, store writer load and write plans, interception success ratio, cases by state, money calls by outcome.
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AccountAttemptEvent, MerchantAccounts } from '../merchants/accounts.ts';
import { CarrierError } from '../carrier/errors.ts';
import type { Case } from '../cases/state.ts';
import type { Store } from '../store/connect.ts';
import { MetricsReadRepository } from '../store/repos/metrics-reads.ts';
import type { AccountReading } from './stats-history.ts';

/** Interceptions in these states succeeded; in these, failed. Others are still open and not counted. */
const SUCCEEDED = new Set(['SUCCEEDED', 'RETURNING', 'RETURNED']);
const FAILED = new Set(['FAILED', 'REJECTED', 'CANCELLED']);

/** Interception outcomes of one carrier and route. */
export interface InterceptionTally {
  carrier: string;
  route: string;
  /** Interceptions in SUCCEEDED, RETURNING or RETURNED. */
  ok: number;
  /** Interceptions in FAILED, REJECTED or CANCELLED. */
  failed: number;
  /** Interceptions not settled yet. */
  open: number;
}

/** Counts the interceptions of these case states (JSON) by carrier and route. */
export function tallyInterceptions(states: readonly string[]): InterceptionTally[] {
  const tally = new Map<string, InterceptionTally>();
  for (const state of states) {
    for (const i of (JSON.parse(state) as Case).interceptions) {
      const key = `${i.carrierId}|${i.route.kind}`;
      const t = tally.get(key) ?? { carrier: i.carrierId, route: i.route.kind, ok: 0, failed: 0, open: 0 };
      if (SUCCEEDED.has(i.state)) t.ok++;
      else if (FAILED.has(i.state)) t.failed++;
      else t.open++;
      tally.set(key, t);
    }
  }
  return [...tally.values()];
}

/** Options of the metrics. */
export interface ApiMetricsOptions {
  /** Most recently updated cases read for the interception success ratio. Default 5 000. */
  ratioWindow?: number;
}

/** The metrics of one gateway process. Create it before the Coordinator and pass `onAttempt` to it. */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'lanjie_carrier_calls_total',
    help: 'Carrier and hub call attempts',
    labelNames: ['carrier', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'lanjie_carrier_errors_total',
    help: 'Failed carrier call attempts by error code',
    labelNames: ['carrier', 'operation', 'code'] as const,
    registers: [this.registry],
  });
  private readonly credentials = new Counter({
    name: 'lanjie_carrier_credentials_rejected_total',
    help: "Carrier calls refused because the carrier rejected the merchant's credentials",
    labelNames: ['carrier'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'lanjie_carrier_call_duration_seconds',
    help: 'Carrier call attempt latency, limiter wait included',
    labelNames: ['carrier', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  /** Call attempts and failures per merchant and carrier since the process started (the dashboard's history reads them). */
  private readonly attempts = new Map<string, { merchantId: string; carrierId: string; calls: number; errors: number }>();
  private store: Store | undefined;
  private reads: MetricsReadRepository | undefined;
  private accounts: MerchantAccounts | undefined;

  /** Most recently updated cases read for the interception success ratio. */
  get ratioWindow(): number {
    return this.options.ratioWindow ?? 5000;
  }

  constructor(private readonly options: ApiMetricsOptions = {}) {
    const self = this;
    new Gauge({
      name: 'lanjie_limiter_queue_depth',
      help: 'Calls waiting in each carrier account limiter',
      labelNames: ['carrier'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const byCarrier = new Map<string, number>();
        for (const { carrierId, client } of self.accounts?.built() ?? [])
          byCarrier.set(carrierId, (byCarrier.get(carrierId) ?? 0) + client.limiter.queued);
        for (const [carrier, n] of byCarrier) this.set({ carrier }, n);
      },
    });
    let writerSince: EventLoopUtilization | undefined;
    new Gauge({
      name: 'lanjie_store_writer_busy_ratio',
      help: 'Share of the time since the previous scrape the SQLite writer thread was busy (writing and waiting for the disk); near 1 means writes queue',
      registers: [this.registry],
      collect() {
        const utilization = self.store?.writerUtilization;
        if (!utilization) return;
        const since = writerSince;
        writerSince = utilization();
        this.set(since ? utilization(since).utilization : writerSince.utilization);
      },
    });
    new Counter({
      name: 'lanjie_store_write_plans_total',
      help: 'Write plans (one transaction each: on SQLite one durable commit) run by the store, committed or rolled back by a guard',
      registers: [this.registry],
      collect() {
        if (!self.store) return;
        this.reset();
        this.inc(self.store.writePlans());
      },
    });
    new Gauge({
      name: 'lanjie_cases',
      help: 'Cases by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!self.reads) return;
        for (const row of await self.reads.caseCountsByStatus()) this.set({ status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'lanjie_money_calls',
      help: 'Money effects (refund, agree refuse-sign, reject) by outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!self.reads) return;
        for (const row of await self.reads.moneyEffectCounts()) this.set({ type: row.type, outcome: row.status }, row.n);
      },
    });
    const outcomes = new Gauge({
      name: 'lanjie_interceptions',
      help: 'Interceptions of recently updated cases by carrier, route and outcome',
      labelNames: ['carrier', 'route', 'outcome'] as const,
      registers: [this.registry],
    });
    new Gauge({
      name: 'lanjie_interception_success_ratio',
      help: 'Succeeded / (succeeded + failed) interceptions of recently updated cases, per carrier and route',
      labelNames: ['carrier', 'route'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        outcomes.reset();
        if (!self.reads) return;
        const states = await self.reads.recentCaseStates(self.ratioWindow);
        for (const t of tallyInterceptions(states)) {
          outcomes.set({ carrier: t.carrier, route: t.route, outcome: 'succeeded' }, t.ok);
          outcomes.set({ carrier: t.carrier, route: t.route, outcome: 'failed' }, t.failed);
          outcomes.set({ carrier: t.carrier, route: t.route, outcome: 'open' }, t.open);
          if (t.ok + t.failed > 0) this.set({ carrier: t.carrier, route: t.route }, t.ok / (t.ok + t.failed));
        }
      },
    });
  }

  /** Where the gauges read from (the store and the account directory). */
  attach(store: Store, accounts: MerchantAccounts): void {
    this.store = store;
    this.reads = new MetricsReadRepository(store);
    this.accounts = accounts;
  }

  /** The Coordinator's `onAttempt`: counts and times each carrier call attempt. */
  readonly onAttempt = (event: AccountAttemptEvent): void => {
    const labels = { carrier: event.carrierId, operation: event.operation };
    this.calls.inc({ ...labels, outcome: event.ok ? 'ok' : 'error' });
    this.latency.observe(labels, Math.max(0, event.durationMs) / 1000);
    if (!event.ok) this.errors.inc({ ...labels, code: event.error instanceof CarrierError ? event.error.code : 'UNKNOWN' });
    const key = `${event.merchantId}\u0000${event.carrierId}`;
    const account = this.attempts.get(key) ?? { merchantId: event.merchantId, carrierId: event.carrierId, calls: 0, errors: 0 };
    account.calls += 1;
    if (!event.ok) account.errors += 1;
    this.attempts.set(key, account);
  };

  /**
   * Every account's cumulative calls and errors (those with an attempt, and those built without one yet), with its
   * limiter queue now and its declared quota: what the dashboard's StatsHistory samples.
   */
  accountReadings(): AccountReading[] {
    const readings = new Map<string, AccountReading>();
    for (const a of this.attempts.values()) readings.set(`${a.merchantId}\u0000${a.carrierId}`, { ...a, queued: 0, quotaPerSecond: null });
    for (const { merchantId, carrierId, client } of this.accounts?.built() ?? []) {
      const key = `${merchantId}\u0000${carrierId}`;
      const reading = readings.get(key) ?? { merchantId, carrierId, calls: 0, errors: 0, queued: 0, quotaPerSecond: null };
      reading.queued = client.limiter.queued;
      reading.quotaPerSecond = client.limiter.quotaPerSecond ?? null;
      readings.set(key, reading);
    }
    return [...readings.values()];
  }

  /** The exposition text. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Counts one rejection of a merchant's credentials by `carrierId`. */
  credentialsRejected(carrierId: string): void {
    this.credentials.inc({ carrier: carrierId });
  }
}
