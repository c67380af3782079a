// Keeps each merchant's Douyin access token alive: refreshes it before it expires, one instance at a time, and stores the new pair.
import { type Logger, silentLogger } from '../../runtime/logger.ts';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.ts';
import type { MerchantConfig } from '../../merchants/merchant-config.ts';
import type { StoreMerchantDirectory } from '../../merchants/store-merchants.ts';
import { createCarrierHttp } from '../../carrier/http.ts';
import type { Store } from '../../store/connect.ts';
import { acquireLease, releaseLease } from '../../store/settings-lease.ts';
import { DouyinConfigSchema, type DouyinConfig } from '../../../carriers/douyin/index.ts';
import { createDouyinApi } from '../../../carriers/douyin/client.ts';
import { refreshDouyinToken } from '../../../carriers/douyin/token.ts';

/** Options of the refresher. */
export interface DouyinTokenRefresherOptions {
  /** Where failures are logged with merchant and after-sale ids. Default: silent. */
  logger?: Logger;
  store: Store;
  clock: Clock;
  /** The store-backed directory: the new tokens are written through it (compare and set) and applied at once here. */
  merchants: Pick<StoreMerchantDirectory, 'list' | 'fetch' | 'update'>;
  /** Refresh this long before the access token expires, ms. Default 24 h. */
  refreshBeforeMs?: number;
  /** How long one instance holds a merchant's refresh for itself, ms (longer than the call's timeout). Default 60 s. */
  leaseMs?: number;
  /** This instance's name in the lease. Default a random id. */
  owner?: string;
}

/** What happened to one merchant whose token was due (merchants not due are not listed). */
export interface TokenRefreshOutcome {
  merchantId: string;
  /**
   * REFRESHED: new pair stored. ALREADY_REFRESHED: another instance had stored a new pair since this one's
   * copy was read. HELD_ELSEWHERE: another instance is refreshing now. NO_REFRESH_TOKEN: the token has
   * expired and there is no refresh token (the shop must authorise the app again). FAILED: the call or the
   * write failed; tried again next round.
   */
  outcome: 'REFRESHED' | 'ALREADY_REFRESHED' | 'HELD_ELSEWHERE' | 'NO_REFRESH_TOKEN' | 'FAILED';
  /** The expiry of the token now stored (REFRESHED, ALREADY_REFRESHED). */
  accessTokenExpiresAt?: string;
  /** Why it failed (FAILED). */
  error?: string;
}

/** The `settings` key of a merchant's refresh lease. */
export function tokenLeaseKey(merchantId: string): string {
  return `douyin:token-refresh:${merchantId}`;
}

/** The Douyin account of a merchant, when it has a valid one. */
function douyinConfigOf(merchant: MerchantConfig): DouyinConfig | undefined {
  if (merchant.accounts.douyin === undefined) return undefined;
  const parsed = DouyinConfigSchema.safeParse(merchant.accounts.douyin);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Run `runOnce()` on a timer (the gateway does, every `LANJIE_DOUYIN_TOKEN_CHECK_SECONDS`). An account is
 * refreshed when it has `refreshToken` and `accessTokenExpiresAt` and expires within `refreshBeforeMs`.
 * The refresh token is single-use, so two instances must never send the same one: each refresh runs under
 * a lease in the store and starts from the row as stored, not from this instance's copy.
 */
export class DouyinTokenRefresher {
  private readonly refreshBeforeMs: number;
  private readonly leaseMs: number;
  private readonly owner: string;

  constructor(private readonly options: DouyinTokenRefresherOptions) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? 24 * 3_600_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.owner = options.owner ?? randomUUID();
  }

  /** Whether an account's token is due for a refresh at `nowMs`. */
  isDue(config: DouyinConfig, nowMs: number): boolean {
    return config.accessTokenExpiresAt !== undefined && Date.parse(config.accessTokenExpiresAt) - nowMs <= this.refreshBeforeMs;
  }

  /** Refreshes every due token, one merchant after another. */
  async runOnce(): Promise<TokenRefreshOutcome[]> {
    const outcomes: TokenRefreshOutcome[] = [];
    for (const merchant of this.options.merchants.list()) {
      const config = douyinConfigOf(merchant);
      if (!config || !this.isDue(config, this.options.clock.nowMs())) continue;
      outcomes.push(await this.refreshMerchant(merchant.id));
    }
    return outcomes;
  }

  /** Refreshes one merchant's token under its lease, from the row as stored. */
  async refreshMerchant(merchantId: string): Promise<TokenRefreshOutcome> {
    const { store, clock, merchants } = this.options;
    const lease = await acquireLease(store.db, tokenLeaseKey(merchantId), this.owner, clock.nowMs(), this.leaseMs);
    if (!lease) return { merchantId, outcome: 'HELD_ELSEWHERE' };
    try {
      const stored = await merchants.fetch(merchantId);
      const config = stored && douyinConfigOf(stored);
      if (!config) return { merchantId, outcome: 'FAILED', error: 'the merchant or its Douyin account is gone or invalid' };
      if (!this.isDue(config, clock.nowMs()))
        return {
          merchantId,
          outcome: 'ALREADY_REFRESHED',
          ...(config.accessTokenExpiresAt ? { accessTokenExpiresAt: config.accessTokenExpiresAt } : {}),
        };
      if (!config.refreshToken) {
        return Date.parse(config.accessTokenExpiresAt!) <= clock.nowMs()
          ? { merchantId, outcome: 'NO_REFRESH_TOKEN' }
          : { merchantId, outcome: 'FAILED', error: 'the access token expires soon and the account has no refreshToken' };
      }
      const http = createCarrierHttp('douyin', { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs });
      const api = createDouyinApi({ appKey: config.appKey, appSecret: config.appSecret }, { http, clock });
      const grant = await refreshDouyinToken(api, config.refreshToken, clock.nowMs());
      const written = await merchants.update(merchantId, (current) => {
        const account = current.accounts.douyin;
        if (!account || typeof account !== 'object') return undefined;
        const douyin = {
          ...(account as Record<string, unknown>),
          accessToken: grant.accessToken,
          refreshToken: grant.refreshToken,
          accessTokenExpiresAt: grant.accessTokenExpiresAt,
        };
        return { ...current, accounts: { ...current.accounts, douyin } };
      });
      if (!written)
        return {
          merchantId,
          outcome: 'FAILED',
          error: 'the Douyin account was removed while its token was refreshed; the new token was not stored',
        };
      return { merchantId, outcome: 'REFRESHED', accessTokenExpiresAt: grant.accessTokenExpiresAt };
    } catch (error) {
      (this.options.logger ?? silentLogger).warn(
        { err: error, merchantId },
        'refreshing the Douyin access token failed; tried again next check',
      );
      return { merchantId, outcome: 'FAILED', error: error instanceof Error ? error.message : String(error) };
    } finally {
      await releaseLease(store.db, lease);
    }
  }
}
