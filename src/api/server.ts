// The HTTP API: buildServer(deps) assembles Fastify with zod validation, the OpenAPI document, auth and tenants, every route, and redacted logging. It does not listen.
import type { Logger } from '../runtime/logger.ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Coordinator } from '../coordinator/coordinator.ts';
import type { StoreMerchantDirectory } from '../merchants/store-merchants.ts';
import type { Clock } from '../clock/clock.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { Rules } from '../cases/rules-config.ts';
import type { Store } from '../store/connect.ts';
import type { SandboxControl } from '../sandbox/control.ts';
import { ApiKeys, installAuth } from './auth.ts';
import { CaseApi } from './case-api.ts';
import { installErrorHandlers } from './errors.ts';
import { InterceptApi } from './intercepts.ts';
import { ApiMetrics } from './metrics.ts';
import { PushInbox } from './push-inbox.ts';
import { REDACT_PATHS, serializeRequest } from '../merchants/redact.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerCaseRoutes } from './routes/cases.ts';
import { registerInterceptRoutes, registerTrackingRoutes } from './routes/intercepts.ts';
import { registerPushRoutes } from './routes/push.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerStatsRoutes } from './routes/stats.ts';
import { StatsApi } from './stats.ts';
import { StatsHistory } from './stats-history.ts';
import { consolePlugin } from '../console/plugin.ts';
import { packageVersion } from '../runtime/package-version.ts';
import { TrackingApi } from './tracking.ts';
import { installZodCompilers, zodToOpenApi } from './zod-routes.ts';

/** A Douyin message intake mounted at `POST /v1/platform/douyin/messages` when the adapter provides one. */
export type DouyinIntakeMount = (app: FastifyInstance) => void | Promise<void>;

/** What the server needs. The coordinator must use `merchants` as its directory. */
export interface ApiDeps {
  store: Store;
  /** Business time (the sandbox's test clock). */
  clock: Clock;
  coordinator: Coordinator;
  merchants: StoreMerchantDirectory;
  registry: CarrierRegistry;
  rules: Rules;
  /** Created here when absent; pass the one whose `onAttempt` the coordinator reports to. */
  metrics?: ApiMetrics;
  /** Logger: level and destination (tests capture the stream). Default: info to stdout. `false` disables logging. */
  logger?: { level?: string; stream?: NodeJS.WritableStream } | false;
  /** The process's one pino logger (the gateway's): used as Fastify's logger instead of `logger`. */
  loggerInstance?: Logger;
  /** Least time between live tracking queries of one number, ms. Default 300 000. */
  trackingRefreshIntervalMs?: number;
  /** Largest JSON body, bytes. Default 262 144 (256 KiB); pushes 1 MiB. */
  bodyLimit?: number;
  /** Present only in sandbox mode: the sandbox routes exist only then. */
  sandbox?: SandboxControl;
  /** The Douyin adapter's message intake, when there is one. */
  douyinIntake?: DouyinIntakeMount;
  /** The version the OpenAPI document and /healthz report. Default: package.json's `version`. */
  version?: string;
  /** Time between two samples of the dashboard's history (calls, errors, quota per account), ms. Default 10 000. */
  statsSampleIntervalMs?: number;
  /** Samples of the dashboard's history kept. Default 360. */
  statsCapacity?: number;
}

/** The services behind the routes, exposed for the gateway (tick loop) and tests. */
export interface ApiServices {
  keys: ApiKeys;
  cases: CaseApi;
  intercepts: InterceptApi;
  tracking: TrackingApi;
  inbox: PushInbox;
  metrics: ApiMetrics;
  stats: StatsApi;
  /** The dashboard's sampled history (started here, stopped when the server closes). */
  statsHistory: StatsHistory;
}

declare module 'fastify' {
  interface FastifyInstance {
    lanjie: ApiServices;
  }
}

/** Builds the Fastify instance with every route (not listening). */
export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const logger =
    deps.logger === false
      ? false
      : {
          level: deps.logger?.level ?? 'info',
          ...(deps.logger?.stream ? { stream: deps.logger.stream } : {}),
          redact: { paths: REDACT_PATHS, censor: '***' },
          serializers: { req: serializeRequest },
        };
  const app = deps.loggerInstance
    ? Fastify({ loggerInstance: deps.loggerInstance as FastifyBaseLogger, bodyLimit: deps.bodyLimit ?? 262_144, trustProxy: false })
    : Fastify({ logger, bodyLimit: deps.bodyLimit ?? 262_144, trustProxy: false });
  installZodCompilers(app);
  installErrorHandlers(app);
  // JSON only (pushes have their own raw-body context).
  app.removeContentTypeParser('text/plain');

  const metrics = deps.metrics ?? new ApiMetrics();
  metrics.attach(deps.store, deps.coordinator.accounts);
  const keys = new ApiKeys(deps.store, deps.clock);
  const statsHistory = new StatsHistory({
    readings: () => metrics.accountReadings(),
    logger: app.log,
    ...(deps.statsSampleIntervalMs !== undefined ? { intervalMs: deps.statsSampleIntervalMs } : {}),
    ...(deps.statsCapacity !== undefined ? { capacity: deps.statsCapacity } : {}),
  });
  const services: ApiServices = {
    keys,
    metrics,
    statsHistory,
    stats: new StatsApi({ store: deps.store, history: statsHistory, ratioWindow: metrics.ratioWindow }),
    cases: new CaseApi({
      store: deps.store,
      clock: deps.clock,
      coordinator: deps.coordinator,
      merchants: deps.merchants,
      registry: deps.registry,
      rules: deps.rules,
    }),
    intercepts: new InterceptApi({
      store: deps.store,
      clock: deps.clock,
      registry: deps.registry,
      accounts: deps.coordinator.accounts,
      logger: app.log,
    }),
    tracking: new TrackingApi({
      store: deps.store,
      clock: deps.clock,
      registry: deps.registry,
      accounts: deps.coordinator.accounts,
      coordinator: deps.coordinator,
      refreshIntervalMs: deps.trackingRefreshIntervalMs,
      sandboxClock: deps.sandbox !== undefined,
      logger: app.log,
    }),
    inbox: new PushInbox({ store: deps.store, clock: deps.clock, accounts: deps.coordinator.accounts, coordinator: deps.coordinator }),
  };
  app.decorate('lanjie', services);
  deps.merchants.onChange((merchantId) => deps.coordinator.accounts.forget(merchantId));
  installAuth(app, keys, deps.sandbox ? { sandboxMerchantId: deps.sandbox.merchantId } : {});

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'lanjie API',
        description:
          'Courier-interception gateway for e-commerce after-sales (拦截). Errors: `{ error: { code, message, issues?: [{ path, message }] } }`.',
        version: deps.version ?? packageVersion(),
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer lj_...' } },
      },
    },
    transform: zodToOpenApi,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerSystemRoutes(app, deps.store, metrics, { mode: deps.sandbox ? 'sandbox' : 'live', version: deps.version ?? packageVersion() });
  registerCaseRoutes(app, services.cases);
  registerTaskRoutes(app, { store: deps.store, clock: deps.clock });
  registerStatsRoutes(app, services.stats);
  await app.register(consolePlugin);
  registerInterceptRoutes(app, services.intercepts);
  registerTrackingRoutes(app, services.tracking, deps.registry, deps.coordinator.accounts);
  registerAdminRoutes(app, {
    keys,
    merchants: deps.merchants,
    accounts: deps.coordinator.accounts,
    registry: deps.registry,
    clock: deps.clock,
  });
  await registerPushRoutes(app, {
    registry: deps.registry,
    merchants: deps.merchants,
    accounts: deps.coordinator.accounts,
    inbox: services.inbox,
    onApplyError: (error) => app.log.error({ err: error }, 'applying a push failed; it stays in the inbox'),
  });
  if (deps.sandbox) registerSandboxRoutes(app, deps.sandbox);
  if (deps.douyinIntake) await deps.douyinIntake(app);
  statsHistory.start();
  app.addHook('onClose', async () => statsHistory.stop());
  return app;
}
