// The Douyin account of each merchant for the platform adapter: the hub plugin's config and the shared signed API.
import { createCarrierHttp } from '../../carrier/http.ts';
import { ConfigError, formatZodIssues } from '../../carrier/config-error.ts';
import type { Clock } from '../../clock/clock.ts';
import type { MerchantConfig, MerchantDirectory } from '../../merchants/merchant-config.ts';
import { DouyinConfigSchema, type DouyinConfig } from '../../../carriers/douyin/index.ts';
import { createDouyinApi, type DouyinApi } from '../../../carriers/douyin/client.ts';

/** One merchant's Douyin account as the adapter uses it. */
export interface DouyinAccount {
  merchant: MerchantConfig;
  config: DouyinConfig;
  api: DouyinApi;
}

/** Builds and caches each merchant's account from `accounts.douyin` in its configuration. */
export class DouyinAccounts {
  private readonly cache = new Map<string, DouyinAccount>();

  constructor(
    private readonly merchants: MerchantDirectory,
    private readonly clock: Clock,
  ) {}

  /** The merchant's account; undefined when it has none. A bad configuration throws ConfigError naming the field. */
  get(merchantId: string): DouyinAccount | undefined {
    const merchant = this.merchants.get(merchantId);
    if (!merchant || merchant.accounts.douyin === undefined) return undefined;
    const key = `${merchantId}\u0000${JSON.stringify(merchant.accounts.douyin)}`;
    const cached = this.cache.get(key);
    if (cached) return { ...cached, merchant };
    const parsed = DouyinConfigSchema.safeParse(merchant.accounts.douyin);
    if (!parsed.success) {
      const issues = formatZodIssues(parsed.error);
      throw new ConfigError(
        `invalid douyin account of merchant ${merchantId}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      );
    }
    const http = createCarrierHttp('douyin', { baseUrl: parsed.data.baseUrl, timeoutMs: parsed.data.timeoutMs });
    const account = { merchant, config: parsed.data, api: createDouyinApi(parsed.data, { http, clock: this.clock }) };
    this.cache.set(key, account);
    return account;
  }

  /** Every merchant with a Douyin account. */
  all(): DouyinAccount[] {
    return this.merchants
      .list()
      .map((m) => this.get(m.id))
      .filter((a): a is DouyinAccount => a !== undefined);
  }

  /** The distinct apps (key and secret) configured, for checking push signatures. */
  apps(): { appKey: string; appSecret: string }[] {
    const seen = new Map<string, { appKey: string; appSecret: string }>();
    for (const a of this.all())
      seen.set(`${a.config.appKey}\u0000${a.config.appSecret}`, { appKey: a.config.appKey, appSecret: a.config.appSecret });
    return [...seen.values()];
  }
}
