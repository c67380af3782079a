// The gateway process: store, merchant directory, coordinator, HTTP API and (in sandbox mode) the simulators, started and stopped together.
import { createLogger } from './logger.ts';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { carrierRegistry } from '../../carriers/index.ts';
import { buildServer } from '../api/server.ts';
import { registerDouyinRoute } from '../api/routes/douyin.ts';
import { DouyinAccounts } from '../platform/douyin/accounts.ts';
import { createDouyinHandlers } from '../platform/douyin/handlers.ts';
import { DouyinIntake } from '../platform/douyin/intake.ts';
import { DouyinReconciler } from '../platform/douyin/reconciler.ts';
import { DouyinTokenRefresher, type TokenRefreshOutcome } from '../platform/douyin/token-refresher.ts';
import { ApiMetrics } from '../api/metrics.ts';
import { systemClock, type Clock } from '../clock/clock.ts';
import { DEFAULT_RULES } from '../cases/rules-config.ts';
import { SandboxRuntime, sandboxClock, type SandboxKeys } from '../sandbox/runtime.ts';
import { openStore, type Store } from '../store/connect.ts';
import { storeUrlFor, type ConfigFile, type GatewayEnv } from './config.ts';
import { Coordinator } from '../coordinator/coordinator.ts';
import { HttpThread } from '../carrier/http-thread.ts';
import { StoreMerchantDirectory } from '../merchants/store-merchants.ts';
import { keyringFor } from '../merchants/secret-box.ts';
import { withDeclaredCarriers } from './eligible-carriers.ts';
import { RedisMerchantChangeBus } from './merchant-change-bus.ts';

/** Where the sandbox keeps the secret key it generated when LANJIE_SECRET_KEY is not set. */
export function sandboxSecretKeyFile(env: GatewayEnv): string {
  return join(resolve(env.LANJIE_DATA_DIR), 'sandbox-secret.key');
}

/** Options of a gateway. */
export interface GatewayOptions {
  env: GatewayEnv;
  config: ConfigFile;
  /** Sandbox mode: SQLite in the data folder, simulators, test clock, sandbox merchant and routes. */
  sandbox: boolean;
  /** Logger destination (default stdout). */
  logStream?: NodeJS.WritableStream;
}

/** A running gateway. */
export interface Gateway {
  url: string;
  app: FastifyInstance;
  store: Store;
  clock: Clock;
  coordinator: Coordinator;
  merchants: StoreMerchantDirectory;
  sandbox?: SandboxRuntime;
  /** Sandbox keys (printed at start). */
  keys?: SandboxKeys;
  /** Drains requests, then in-flight effects, then closes everything. */
  stop(): Promise<void>;
}

/** Starts a gateway and listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { env, config } = options;
  // Before the store opens: live mode without LANJIE_SECRET_KEY refuses to start.
  const secrets = keyringFor({
    ...(env.LANJIE_SECRET_KEY ? { key: env.LANJIE_SECRET_KEY } : {}),
    ...(env.LANJIE_SECRET_KEY_PREVIOUS ? { previous: env.LANJIE_SECRET_KEY_PREVIOUS } : {}),
    sandbox: options.sandbox,
    sandboxKeyFile: sandboxSecretKeyFile(env),
  });
  const log = createLogger(env.LANJIE_LOG_LEVEL ?? (options.sandbox ? 'warn' : 'info'), options.logStream);
  const store = await openStore({
    url: storeUrlFor(env, options.sandbox),
    onIdleConnectionError: (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed; the pool opens a new one'),
    ...(env.LANJIE_SQLITE_CACHE_KIB ? { sqlitePageCacheKib: env.LANJIE_SQLITE_CACHE_KIB } : {}),
  });
  const testClock = options.sandbox ? await sandboxClock(store, systemClock) : undefined;
  const clock: Clock = testClock ?? systemClock;
  const merchants = await new StoreMerchantDirectory(store, clock, secrets).load();
  for (const merchant of config.merchants) if (!merchants.get(merchant.id)) await merchants.put(merchant);

  const sandbox = testClock ? await SandboxRuntime.start(store, testClock) : undefined;
  if (sandbox) await sandbox.configureMerchant(merchants);

  const rules = withDeclaredCarriers(
    config.rules ?? DEFAULT_RULES,
    config.eligibleCarrierIdsListed ?? config.rules !== undefined,
    carrierRegistry,
  );
  // The sandbox's simulators enforce no quota: unless the file sets limits, calls are spaced for speed, not for a carrier's quota.
  const limits =
    config.limits ??
    (options.sandbox
      ? { carriers: Object.fromEntries(carrierRegistry.list().map((p) => [p.id, { perSecond: 200, perMinute: 12_000 }])) }
      : undefined);
  const metrics = new ApiMetrics();
  // The process's one logger: Fastify's, and injected into the coordinator and its parts.
  // Douyin mode: the adapter's money handlers (after-sale operate) and its message intake.
  const douyinAccounts = new DouyinAccounts(merchants, clock);
  let webhookOf: Coordinator['webhookFor'] = () => undefined;
  const douyinHandlers = createDouyinHandlers({
    store,
    clock,
    merchants,
    accounts: douyinAccounts,
    webhook: (merchantId) => webhookOf(merchantId),
  });
  const httpThread = env.LANJIE_HTTP_THREAD === 'on' ? HttpThread.start() : undefined;
  const coordinator = new Coordinator({
    store,
    clock,
    rateClock: systemClock,
    rules,
    registry: carrierRegistry,
    merchants,
    limits,
    ...(env.LANJIE_REDIS_URL ? { limiterRedisUrl: env.LANJIE_REDIS_URL } : {}),
    ...(httpThread ? { httpThread } : {}),
    pollIntervalMs: (env.LANJIE_POLL_INTERVAL_SECONDS ?? (options.sandbox ? 3600 : 7200)) * 1000,
    settledPollIntervalMs: (env.LANJIE_SETTLED_POLL_INTERVAL_SECONDS ?? (options.sandbox ? 6 * 3600 : 12 * 3600)) * 1000,
    onAttempt: metrics.onAttempt,
    logger: log.child({ component: 'coordinator' }),
    onCredentialsRejected: (carrierId) => metrics.credentialsRejected(carrierId),
    handlers: douyinHandlers,
    ...(options.sandbox ? { backoffMs: 1000 } : {}),
  });
  webhookOf = (merchantId) => coordinator.webhookFor(merchantId);
  const douyinIntake = new DouyinIntake({
    store,
    clock,
    merchants,
    cases: coordinator,
    accounts: douyinAccounts,
    logger: log.child({ component: 'douyin-intake' }),
  });
  // Finds what a lost Douyin push did not say (after-sale list and detail), for every merchant with a Douyin account.
  const douyinReconciler = new DouyinReconciler({
    store,
    clock,
    merchants,
    cases: coordinator,
    accounts: douyinAccounts,
    logger: log.child({ component: 'douyin-reconciler' }),
  });
  // Renews each merchant's Douyin access token before it expires (accounts with refreshToken and accessTokenExpiresAt).
  const tokenRefresher = new DouyinTokenRefresher({
    logger: log.child({ component: 'douyin-token' }),
    store,
    clock,
    merchants,
    refreshBeforeMs: env.LANJIE_DOUYIN_TOKEN_REFRESH_BEFORE_HOURS * 3_600_000,
  });
  const app = await buildServer({
    store,
    clock,
    coordinator,
    merchants,
    registry: carrierRegistry,
    rules,
    metrics,
    loggerInstance: log,
    trackingRefreshIntervalMs: env.LANJIE_TRACKING_REFRESH_SECONDS * 1000,
    statsSampleIntervalMs: env.LANJIE_STATS_SAMPLE_SECONDS * 1000,
    ...(sandbox ? { sandbox } : {}),
    douyinIntake: (server) =>
      registerDouyinRoute(server, douyinIntake, (error) =>
        server.log.error({ err: error }, 'processing a Douyin message failed; it stays in the inbox'),
      ),
  });
  let keys: SandboxKeys | undefined;
  if (sandbox) {
    sandbox.attach(
      coordinator,
      async () =>
        (await app.lanjie.inbox.drain()) + (await douyinIntake.processPending()).filter((m) => !m.outcome.startsWith('FAILED')).length,
    );
    keys = await sandbox.ensureKeys(app.lanjie.keys, { merchant: env.LANJIE_SANDBOX_API_KEY, support: env.LANJIE_SANDBOX_SUPPORT_KEY });
  } else if (env.LANJIE_SUPPORT_API_KEY) {
    await app.lanjie.keys.ensure(env.LANJIE_SUPPORT_API_KEY, { role: 'support', label: 'bootstrap-support' });
  }

  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  coordinator.start(env.LANJIE_TICK_MS);
  const drainTimer = setInterval(() => {
    app.lanjie.inbox.drain().catch((error: unknown) => app.log.error({ err: error }, 'push inbox drain failed'));
    douyinIntake.processPending().catch((error: unknown) => app.log.error({ err: error }, 'Douyin message processing failed'));
  }, env.LANJIE_TICK_MS);
  let reconciling: Promise<unknown> | undefined;
  const reconcileTimer = setInterval(() => {
    reconciling ??= douyinReconciler
      .poll()
      .catch((error: unknown) => app.log.error({ err: error }, 'Douyin reconciliation failed'))
      .finally(() => {
        reconciling = undefined;
      });
  }, env.LANJIE_DOUYIN_RECONCILE_SECONDS * 1000);
  reconcileTimer.unref();
  let refreshingTokens: Promise<unknown> | undefined;
  const logTokenOutcome = (o: TokenRefreshOutcome) => {
    const line = {
      merchant: o.merchantId,
      outcome: o.outcome,
      ...(o.accessTokenExpiresAt ? { accessTokenExpiresAt: o.accessTokenExpiresAt } : {}),
    };
    if (o.outcome === 'FAILED')
      app.log.error(
        line,
        `refreshing the Douyin access token of merchant ${o.merchantId} failed (tried again in ${env.LANJIE_DOUYIN_TOKEN_CHECK_SECONDS} s): ${o.error}`,
      );
    else if (o.outcome === 'NO_REFRESH_TOKEN')
      app.log.error(
        line,
        `the Douyin access token of merchant ${o.merchantId} has expired and there is no refresh token: the shop must authorise the app again`,
      );
    else if (o.outcome === 'REFRESHED') app.log.info(line, `Douyin access token of merchant ${o.merchantId} refreshed`);
  };
  const checkTokens = () => {
    refreshingTokens ??= tokenRefresher
      .runOnce()
      .then((outcomes) => outcomes.forEach(logTokenOutcome))
      .catch((error: unknown) => app.log.error({ err: error }, 'checking the Douyin access tokens failed'))
      .finally(() => {
        refreshingTokens = undefined;
      });
  };
  // At start too: a token that expired while the gateway was down is renewed at once.
  checkTokens();
  const tokenTimer = setInterval(checkTokens, env.LANJIE_DOUYIN_TOKEN_CHECK_SECONDS * 1000);
  tokenTimer.unref();
  // Merchant configuration changed through another instance (PUT /v1/merchants/:id there) takes effect here at once
  // when the instances share Redis (the writer announces it), and within the interval in any case.
  let refreshing: Promise<unknown> | undefined;
  let refreshAgain = false;
  const refreshMerchants = (): void => {
    if (refreshing) {
      // A change announced during a read may not be in it: read once more after.
      refreshAgain = true;
      return;
    }
    refreshing = merchants
      .refresh()
      .then(({ changed, invalid }) => {
        if (changed.length > 0) app.log.info({ merchants: changed }, 'merchant configuration changed in the store; reloaded');
        for (const { id, message } of invalid)
          app.log.error({ merchant: id }, `stored configuration of merchant ${id} is invalid, the last good one stays in use: ${message}`);
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'reading the merchants failed'))
      .finally(() => {
        refreshing = undefined;
        if (refreshAgain) {
          refreshAgain = false;
          refreshMerchants();
        }
      });
  };
  const changeBus = env.LANJIE_REDIS_URL
    ? await RedisMerchantChangeBus.open({ redisUrl: env.LANJIE_REDIS_URL, logger: app.log })
    : undefined;
  if (changeBus) {
    merchants.onLocalWrite((merchantId) => void changeBus.publish(merchantId));
    changeBus.subscribe(() => refreshMerchants());
  }
  const merchantTimer = setInterval(refreshMerchants, env.LANJIE_MERCHANT_REFRESH_SECONDS * 1000);
  merchantTimer.unref();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(drainTimer);
      clearInterval(reconcileTimer);
      clearInterval(merchantTimer);
      clearInterval(tokenTimer);
      await changeBus?.close();
      refreshAgain = false;
      await reconciling;
      await refreshingTokens;
      await refreshing;
      await app.close();
      await coordinator.stop();
      await app.lanjie.inbox
        .drain()
        .catch((error: unknown) =>
          log.error({ err: error }, 'the last push-inbox drain at shutdown failed; the pushes stay stored for the next start'),
        );
      await coordinator.accounts.close();
      await httpThread?.close();
      await sandbox?.stop();
      await store.close();
    })();
    return stopping;
  };
  return { url, app, store, clock, coordinator, merchants, ...(sandbox ? { sandbox } : {}), ...(keys ? { keys } : {}), stop };
}
