// Reconciliation: polls the after-sale list by update time and reads each changed after-sale, recording what a lost push did not say (same fingerprints as the intake).
import { type Logger, silentLogger } from '../../runtime/logger.ts';
import type { Clock } from '../../clock/clock.ts';
import type { MerchantDirectory } from '../../merchants/merchant-config.ts';
import type { Store } from '../../store/connect.ts';
import { DouyinSalesRepository, watermarkKey } from '../../store/repos/douyin-sales.ts';
import { DOUYIN_PATHS } from '../../../carriers/douyin/client.ts';
import { DouyinAccounts, type DouyinAccount } from './accounts.ts';
import { observe } from './facts.ts';
import type { CaseSink } from './intake.ts';
import { DouyinIntake } from './intake.ts';
import { fetchDetail } from './operate.ts';
import { AfterSaleListSchema } from './schemas.ts';

/** Options of the reconciler. */
export interface DouyinReconcilerOptions {
  /** Where failures are logged with merchant and after-sale ids. Default: silent. */
  logger?: Logger;
  store: Store;
  clock: Clock;
  merchants: MerchantDirectory;
  cases: CaseSink;
  accounts?: DouyinAccounts;
  /** How far back the first poll looks, ms. Default 48 h (the refund-only deadline). */
  lookbackMs?: number;
  /** Each poll starts this much before the previous one ended (clock skew, late writes), ms. Default 5 min. */
  overlapMs?: number;
  /** Page size of the list, ≤ 100. Default 50. */
  pageSize?: number;
}

/** Counts of one poll. */
export interface ReconcileRound {
  listed: number;
  read: number;
  opened: number;
  applied: number;
  failed: number;
}

/** After-sale type 1: 已发货仅退款 (shipped, refund only), the flow lanjie follows. */
const REFUND_ONLY_SHIPPED = 1;

export { watermarkKey };

/**
 * The poller. Run `poll()` on a timer; it is also what the money handlers' `reconcile` relies on for
 * state. Each merchant's watermark is kept in the store (`settings`), so a restarted gateway, or another
 * instance, goes on from where the last complete poll ended instead of listing the whole look-back again.
 */
export class DouyinReconciler {
  private readonly accounts: DouyinAccounts;
  private readonly intake: DouyinIntake;
  private readonly sales: DouyinSalesRepository;

  constructor(private readonly options: DouyinReconcilerOptions) {
    this.sales = new DouyinSalesRepository(options.store);
    this.accounts = options.accounts ?? new DouyinAccounts(options.merchants, options.clock);
    this.intake = new DouyinIntake({
      store: options.store,
      clock: options.clock,
      merchants: options.merchants,
      cases: options.cases,
      accounts: this.accounts,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** Polls every merchant with a Douyin account. */
  async poll(): Promise<ReconcileRound> {
    const round: ReconcileRound = { listed: 0, read: 0, opened: 0, applied: 0, failed: 0 };
    for (const account of this.accounts.all()) await this.pollAccount(account, round);
    return round;
  }

  private async pollAccount(account: DouyinAccount, round: ReconcileRound): Promise<void> {
    const nowSec = Math.floor(this.options.clock.nowMs() / 1000);
    const overlap = Math.floor((this.options.overlapMs ?? 300_000) / 1000);
    const lookbackStart = nowSec - Math.floor((this.options.lookbackMs ?? 48 * 3_600_000) / 1000);
    // Never further back than the look-back: after a long stop, what is older is past the refund-only deadline.
    const from = Math.max(0, Math.max(lookbackStart, (await this.readWatermark(account.merchant.id)) ?? lookbackStart) - overlap);
    const size = Math.min(100, this.options.pageSize ?? 50);
    let failed = false;
    for (let page = 0; ; page++) {
      const data = await account.api.call(
        DOUYIN_PATHS.afterSaleList,
        { update_start_time: from, order_by: ['update_time asc'], page, size },
        AfterSaleListSchema,
        'afterSale.List',
      );
      round.listed += data.items.length;
      for (const item of data.items) {
        const info = item.aftersale_info;
        try {
          await this.reconcileOne(account, info.aftersale_id, info.aftersale_type, round);
        } catch (error) {
          round.failed++;
          failed = true;
          (this.options.logger ?? silentLogger).warn(
            { err: error, merchantId: account.merchant.id, afterSaleId: info.aftersale_id },
            'reconciling a Douyin after-sale failed; the window is read again next round',
          );
        }
      }
      if (!data.has_more || data.items.length === 0) break;
    }
    // The window moves on only when every after-sale in it was read.
    if (!failed) await this.writeWatermark(account.merchant.id, nowSec);
  }

  private async readWatermark(merchantId: string): Promise<number | undefined> {
    const stored = await this.sales.watermark(merchantId);
    const value = stored !== undefined ? Number(stored) : NaN;
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }

  private async writeWatermark(merchantId: string, seconds: number): Promise<void> {
    await this.sales.setWatermark(merchantId, String(seconds));
  }

  /** Reads one after-sale and records what it says; opens its case when the buyer's application was never seen. */
  async reconcileOne(
    account: DouyinAccount,
    afterSaleId: string,
    afterSaleType: number,
    round: ReconcileRound = { listed: 0, read: 0, opened: 0, applied: 0, failed: 0 },
  ): Promise<void> {
    const existing = await this.sales.caseIdOf(account.merchant.id, afterSaleId);
    if (existing === undefined) {
      if (afterSaleType !== REFUND_ONLY_SHIPPED) return;
      await this.intake.openFromDetail(account, afterSaleId);
      round.opened++;
      round.read++;
      return;
    }
    const detail = await fetchDetail(account, afterSaleId);
    round.read++;
    for (const fact of observe(detail, account.config.companyCodes)) {
      const result = await this.options.cases.apply(existing, fact.event, { fingerprint: fact.fingerprint });
      if (!result.duplicate) round.applied++;
    }
  }
}
