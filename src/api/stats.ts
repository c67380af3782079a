// The dashboard's numbers (GET /v1/stats): interception success rate per carrier from recent cases, open cases by status, and per-carrier calls, errors and quota use over time from the sampler's ring, all within one merchant or across every merchant.
import type { Store } from '../store/connect.ts';
import { MetricsReadRepository } from '../store/repos/metrics-reads.ts';
import { tallyInterceptions } from './metrics.ts';
import type { StatsHistory } from './stats-history.ts';

/** Interception outcomes of one carrier (all routes) among the cases read. */
export interface CarrierSuccess {
  carrier: string;
  succeeded: number;
  failed: number;
  /** Not settled yet (not counted in the rate). */
  open: number;
  /** succeeded / (succeeded + failed), 0..1; null when nothing has settled. */
  successRate: number | null;
}

/** One carrier's time series, aligned with {@link StatsSeries.times}. */
export interface CarrierSeries {
  carrier: string;
  /** Call attempts in each interval. */
  calls: number[];
  /** Failed call attempts in each interval. */
  errors: number[];
  /** Calls waiting in the carrier's limiters (summed over the accounts in scope) at the end of each interval. */
  queued: number[];
  /**
   * Calls in the interval over what the declared quotas allowed in it (calls / (seconds × summed calls-per-second of
   * the accounts that declare one)), 0..1 and above when over; null when no account in scope declares a quota.
   */
  quotaUse: (number | null)[];
}

/** The sampled history within the window, in columns (as charts take it). */
export interface StatsSeries {
  /** Configured time between samples, seconds. */
  intervalSeconds: number;
  /** Most samples the process keeps (older ones are gone). */
  capacity: number;
  /** End of each interval, epoch seconds (UTC, with milliseconds as the fraction). */
  times: number[];
  carriers: CarrierSeries[];
}

/** The answer of `GET /v1/stats`. */
export interface StatsAnswer {
  /** When the answer was computed (wall clock, UTC ISO). */
  generatedAt: string;
  /** The merchant the numbers are limited to; null: every merchant (support key without `merchantId`). */
  merchantId: string | null;
  /** The history window asked for, minutes. */
  windowMinutes: number;
  interceptions: {
    /** Most recently updated cases read (the same sample as the `lanjie_interception_success_ratio` gauge). */
    casesRead: number;
    carriers: CarrierSuccess[];
  };
  openCases: {
    total: number;
    byStatus: { status: string; count: number }[];
  };
  series: StatsSeries;
}

/** Code-unit order (the same on every store and locale). */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Computes the dashboard's stats. */
export class StatsApi {
  private readonly reads: MetricsReadRepository;

  constructor(
    private readonly deps: {
      store: Store;
      history: StatsHistory;
      /** Most recently updated cases read for the success rate. */
      ratioWindow: number;
      /** Wall clock, epoch ms. Default `Date.now`. */
      now?: () => number;
    },
  ) {
    this.reads = new MetricsReadRepository(deps.store);
  }

  /** The stats of `merchantId` (every merchant when undefined) with the last `windowMinutes` of history. */
  async stats(merchantId: string | undefined, windowMinutes: number): Promise<StatsAnswer> {
    const now = (this.deps.now ?? Date.now)();
    const [states, open] = await Promise.all([
      this.reads.recentCaseStates(this.deps.ratioWindow, merchantId),
      this.reads.openCaseCountsByStatus(merchantId),
    ]);
    const byCarrier = new Map<string, CarrierSuccess>();
    for (const t of tallyInterceptions(states)) {
      const c = byCarrier.get(t.carrier) ?? { carrier: t.carrier, succeeded: 0, failed: 0, open: 0, successRate: null };
      c.succeeded += t.ok;
      c.failed += t.failed;
      c.open += t.open;
      byCarrier.set(t.carrier, c);
    }
    const carriers = [...byCarrier.values()]
      .map((c) => ({ ...c, successRate: c.succeeded + c.failed > 0 ? c.succeeded / (c.succeeded + c.failed) : null }))
      .sort((a, b) => byCode(a.carrier, b.carrier));
    const byStatus = open.map((row) => ({ status: row.status, count: row.n })).sort((a, b) => byCode(a.status, b.status));
    return {
      generatedAt: new Date(now).toISOString(),
      merchantId: merchantId ?? null,
      windowMinutes,
      interceptions: { casesRead: states.length, carriers },
      openCases: { total: byStatus.reduce((sum, row) => sum + row.count, 0), byStatus },
      series: this.series(merchantId, now - windowMinutes * 60_000),
    };
  }

  private series(merchantId: string | undefined, sinceMs: number): StatsSeries {
    const history = this.deps.history;
    const points = history.points(sinceMs);
    const names = new Set<string>();
    for (const p of points) for (const a of p.accounts) if (merchantId === undefined || a.merchantId === merchantId) names.add(a.carrierId);
    const carriers: CarrierSeries[] = [...names]
      .sort(byCode)
      .map((carrier) => ({ carrier, calls: [], errors: [], queued: [], quotaUse: [] }));
    for (const p of points) {
      for (const s of carriers) {
        let calls = 0;
        let errors = 0;
        let queued = 0;
        let quota = 0;
        for (const a of p.accounts) {
          if (a.carrierId !== s.carrier || (merchantId !== undefined && a.merchantId !== merchantId)) continue;
          calls += a.calls;
          errors += a.errors;
          queued += a.queued;
          if (a.quotaPerSecond !== null) quota += a.quotaPerSecond;
        }
        s.calls.push(calls);
        s.errors.push(errors);
        s.queued.push(queued);
        const allowed = quota * (p.intervalMs / 1000);
        s.quotaUse.push(allowed > 0 ? calls / allowed : null);
      }
    }
    return {
      intervalSeconds: history.intervalMs / 1000,
      capacity: history.capacity,
      times: points.map((p) => p.at / 1000),
      carriers,
    };
  }
}
