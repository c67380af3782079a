// The reads behind the Prometheus gauges and the dashboard's stats: cases by status (all or open only, optionally one merchant's), money effects by outcome, and the states of the most recently updated cases.
import type { Store } from '../connect.ts';

/** The money effects counted by {@link MetricsReadRepository.moneyEffectCounts}. */
export const MONEY_EFFECT_TYPES = ['AGREE_REFUND', 'AGREE_REFUSE_SIGN', 'REJECT_REFUND'] as const;

/** Aggregate reads for the metrics. */
export class MetricsReadRepository {
  constructor(private readonly store: Store) {}

  /** How many cases are in each status. */
  async caseCountsByStatus(): Promise<{ status: string; n: number }[]> {
    const rows = await this.store.db
      .selectFrom('cases')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('status')
      .execute();
    return rows.map((row) => ({ status: row.status, n: Number(row.n) }));
  }

  /** How many money effects ({@link MONEY_EFFECT_TYPES}) there are of each type and outbox status. */
  async moneyEffectCounts(): Promise<{ type: string; status: string; n: number }[]> {
    const rows = await this.store.db
      .selectFrom('effects')
      .select(['type', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('type', 'in', [...MONEY_EFFECT_TYPES])
      .groupBy(['type', 'status'])
      .execute();
    return rows.map((row) => ({ type: row.type, status: row.status, n: Number(row.n) }));
  }

  /** How many open cases (still tracked, timers or people pending) are in each status; only `merchantId`'s when given. */
  async openCaseCountsByStatus(merchantId?: string): Promise<{ status: string; n: number }[]> {
    let q = this.store.db
      .selectFrom('cases')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('open', '=', 1);
    if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
    const rows = await q.groupBy('status').execute();
    return rows.map((row) => ({ status: row.status, n: Number(row.n) }));
  }

  /** The full states (JSON) of the `limit` most recently updated cases, most recent first; only `merchantId`'s when given. */
  async recentCaseStates(limit: number, merchantId?: string): Promise<string[]> {
    let q = this.store.db.selectFrom('cases').select('state_json');
    if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => row.state_json);
  }
}
