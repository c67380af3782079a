// The accounts of every merchant: resilient carrier and hub clients built lazily from merchant configuration, one per (merchant, id).
import type { Clock } from '../clock/clock.ts';
import { createCarrierAccount } from '../carrier/account.ts';
import type { CarrierPlugin } from '../carrier/define.ts';
import type { HttpThread } from '../carrier/http-thread.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { LimitsFile } from '../carrier/limits-config.ts';
import type { ResilientCarrierClient } from '../carrier/resilience.ts';
import type { AccountDirectory } from '../cases/router.ts';
import type { MerchantDirectory } from './merchant-config.ts';
import { type Logger, silentLogger } from '../runtime/logger.ts';

/** One carrier call attempt, as reported to the `onAttempt` option: the resilience layer's event plus whose account made it. */
export type AccountAttemptEvent = Parameters<NonNullable<Parameters<typeof createCarrierAccount>[2]['onAttempt']>>[0] & {
  /** Registry id of the carrier or hub called. */
  carrierId: string;
  merchantId: string;
};

/** Options of the account directory. */
export interface MerchantAccountsOptions {
  registry: CarrierRegistry;
  merchants: MerchantDirectory;
  clock: Clock;
  rateClock?: Clock;
  limits?: LimitsFile;
  /** Called after every carrier call attempt of every account (metrics). */
  onAttempt?: (event: AccountAttemptEvent) => void;
  /**
   * Share every account's limiter through this Redis (redis:// or rediss:// for TLS, [user:password@]host[:port][/db]), so that several gateway
   * instances keep to one quota per account: limiter id `lanjie:limiter:<merchant>:<carrier or hub>`.
   * Default: each instance limits on its own.
   */
  limiterRedisUrl?: string;
  /** Send every account's requests from this HTTP thread. Default: from the calling thread. */
  httpThread?: HttpThread;
  /** Where the accounts' retries, give-ups and limiter failures are logged. Default: silent. */
  logger?: Logger;
}

/** The id of an account's limiter shared through Redis: the same in every instance. */
export function sharedLimiterId(merchantId: string, id: string): string {
  return `lanjie:limiter:${merchantId}:${id}`;
}

/** Lazily built clients; a bad account configuration throws ConfigError naming the field. */
export class MerchantAccounts implements AccountDirectory {
  private readonly cache = new Map<string, ResilientCarrierClient>();

  private readonly log: Logger;

  constructor(private readonly options: MerchantAccountsOptions) {
    this.log = options.logger ?? silentLogger;
  }

  account(merchantId: string, id: string): ResilientCarrierClient | undefined {
    const key = `${merchantId}\u0000${id}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const merchant = this.options.merchants.get(merchantId);
    const raw = merchant?.accounts[id];
    const plugin = this.options.registry.get(id);
    if (raw === undefined || !plugin?.create) return undefined;
    const onAttempt = this.options.onAttempt;
    const client = createCarrierAccount(plugin, raw, {
      clock: this.options.clock,
      rateClock: this.options.rateClock,
      limits: this.options.limits?.carriers[id],
      onAttempt: onAttempt ? (event) => onAttempt({ ...event, carrierId: id, merchantId }) : undefined,
      logger: this.log.child({ merchantId }),
      ...(this.options.httpThread ? { httpThread: this.options.httpThread } : {}),
      ...(this.options.limiterRedisUrl ? { cluster: { redisUrl: this.options.limiterRedisUrl, id: sharedLimiterId(merchantId, id) } } : {}),
    });
    this.cache.set(key, client);
    return client;
  }

  hasDouyinService(merchantId: string): boolean {
    return Boolean(this.account(merchantId, 'douyin')?.intercept);
  }

  /** The clients built so far (metrics read their limiter queues). */
  built(): { merchantId: string; carrierId: string; client: ResilientCarrierClient }[] {
    return [...this.cache].map(([key, client]) => {
      const [merchantId = '', carrierId = ''] = key.split('\u0000');
      return { merchantId, carrierId, client };
    });
  }

  /**
   * Drops cached clients of a merchant (after its configuration changed). Their limiters stop once the
   * calls already queued in them have gone out (their timers and Redis connections end with them).
   */
  forget(merchantId: string): void {
    for (const [key, client] of [...this.cache]) {
      if (!key.startsWith(`${merchantId}\u0000`)) continue;
      this.cache.delete(key);
      void client.limiter
        .stop({ drain: true })
        .catch((error: unknown) =>
          this.log.warn({ err: error, merchantId, carrierId: client.carrierId }, 'stopping a replaced account limiter failed'),
        );
    }
  }

  /** Stops every limiter (queued calls are dropped) and closes their Redis connections: at shutdown, after the coordinator stopped. */
  async close(): Promise<void> {
    const clients = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(
      clients.map((client) =>
        client.limiter
          .stop()
          .catch((error: unknown) =>
            this.log.warn({ err: error, carrierId: client.carrierId }, 'stopping an account limiter at shutdown failed'),
          ),
      ),
    );
  }

  /** Who tracks `carrierId` for this merchant: its own account, else a hub that serves the carrier. */
  trackerFor(merchantId: string, carrierId: string) {
    const batchSize = (plugin: CarrierPlugin | undefined) =>
      plugin && plugin.capabilities.track !== false ? plugin.capabilities.track.batchSize : 1;
    const own = this.account(merchantId, carrierId);
    const ownPlugin = this.options.registry.get(carrierId);
    if (own?.track)
      return {
        client: own,
        accountId: `${merchantId}:${carrierId}`,
        perNumber: ownPlugin?.limits.perNumber,
        batchSize: batchSize(ownPlugin),
      };
    for (const hub of this.options.registry.list().filter((p) => p.kind === 'hub' && p.servesCarriers?.includes(carrierId))) {
      const client = this.account(merchantId, hub.id);
      if (client?.track)
        return { client, accountId: `${merchantId}:${hub.id}`, perNumber: hub.limits.perNumber, batchSize: batchSize(hub) };
    }
    return undefined;
  }
}
