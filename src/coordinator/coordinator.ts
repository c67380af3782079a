// The coordinator: wires the case service, effect runner, router, tracker and accounts, and runs them on a tick.
import { ConflictError, RecordNotFoundError } from '../runtime/errors.ts';
import type { Clock } from '../clock/clock.ts';
import type { CarrierRegistry } from '../carrier/registry.ts';
import type { HttpThread } from '../carrier/http-thread.ts';
import type { LimitsFile } from '../carrier/limits-config.ts';
import type { InterceptKind } from '../carrier/model.ts';
import { createEffectHandlers } from './handlers.ts';
import { EffectRunner, type EffectHandlers, type RunnerRound } from './runner.ts';
import { InterceptRouter, type ResolvedRoute } from '../cases/router.ts';
import { CaseService, type OpenCaseRequest } from './service.ts';
import { EffectHandoff } from './effect-handoff.ts';
import type { Rules } from '../cases/rules-config.ts';
import type { Case, LogisticsState } from '../cases/state.ts';
import type { CaseEventInput } from '../cases/events.ts';
import { Tracker, type CredentialsRejection, type TrackerRound } from './tracker.ts';
import { WebhookConfigSchema, WebhookPort } from '../merchants/webhook-port.ts';
import type { Store } from '../store/connect.ts';
import { CasesRepository } from '../store/repos/cases.ts';
import { type Logger, silentLogger } from '../runtime/logger.ts';
import { MerchantAccounts, type MerchantAccountsOptions } from '../merchants/accounts.ts';
import type { MerchantDirectory } from '../merchants/merchant-config.ts';

/** Options of the coordinator. */
export interface CoordinatorOptions {
  store: Store;
  /** Business time (a test clock in the sandbox). */
  clock: Clock;
  /** Real time for rate limiters. */
  rateClock?: Clock;
  rules: Rules;
  registry: CarrierRegistry;
  merchants: MerchantDirectory;
  limits?: LimitsFile;
  /** Time between tracking polls of one number, ms. Default 2 h. */
  pollIntervalMs?: number;
  /** Time between tracking polls of a number whose case is REFUNDED (only the way back is followed), ms. Default 12 h. */
  settledPollIntervalMs?: number;
  /** Extra or replacement effect handlers (the Douyin adapter adds its own). */
  handlers?: EffectHandlers;
  /** Effect runner backoff base, ms. Default 1 000. */
  backoffMs?: number;
  /** Attempts of one effect before it becomes a dead letter. Default 8. */
  maxEffectAttempts?: number;
  /**
   * Wraps the effect handlers once built (defaults plus `handlers`): instrumentation, or fault injection in
   * tests. Default: none.
   */
  decorateHandlers?: (handlers: EffectHandlers) => EffectHandlers;
  /** Called after every carrier call attempt (metrics). */
  onAttempt?: MerchantAccountsOptions['onAttempt'];
  /** Share every account's limiter through this Redis (several instances, one quota per account). Default: local limiters. */
  limiterRedisUrl?: string;
  /**
   * Send carrier and webhook requests from this HTTP thread (the caller starts and closes it): the
   * event loop keeps deciding while sockets and HTTP parsing work there. Default: from the event loop.
   */
  httpThread?: HttpThread;
  /** The process's logger (pino): tick failures, tracking failures and credential rejections, with ids. Default: silent. */
  logger?: Logger;
  /** Called once per rejection of a merchant's credentials by a carrier (the gateway counts it in its metrics). */
  onCredentialsRejected?: (carrierId: string) => void;
  /** Lease length of the effects this process's runner holds, ms. Default 30 000. */
  effectLeaseMs?: number;
  /** Lease owner of this process's runner. Default `<pid>:<8 hex>`. */
  runnerOwner?: string;
}

/** Effect rounds of one tick at most (a round runs up to a batch of effects). */
const MAX_DRAIN_ROUNDS = 10_000;

/** Where a parcel still short of the buyer is intercepted automatically (DESIGN §2.2: every shipped, undelivered parcel). */
const AUTO_INTERCEPT_STATES: ReadonlySet<LogisticsState> = new Set<LogisticsState>(['IN_TRANSIT', 'AT_PICKUP_POINT', 'EXCEPTION']);

/** Options of an interception request. */
export interface InterceptionRequestOptions {
  kind?: InterceptKind;
  /** The route to use; default the best usable one. */
  routeKind?: ResolvedRoute['route']['kind'];
  /** Who asked (audit). */
  by?: string;
  /** Intercept even where the rules find it not worth the cost. */
  overrideNotWorth?: boolean;
}

/** Counts of one tick. */
export interface TickResult {
  timers: number;
  effects: RunnerRound;
  tracking: TrackerRound;
}

/** The running core of lanjie. */
export class Coordinator {
  readonly service: CaseService;
  readonly runner: EffectRunner;
  readonly tracker: Tracker;
  readonly router: InterceptRouter;
  readonly accounts: MerchantAccounts;
  /** Where the service hands the effects it issues to the runner, once committed. */
  readonly handoff: EffectHandoff;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<TickResult> | undefined;
  private readonly webhooks = new Map<string, WebhookPort>();

  /** The injected logger (silent by default). */
  private readonly log: Logger;

  constructor(private readonly options: CoordinatorOptions) {
    const { store, clock, rules, registry, merchants } = options;
    this.log = options.logger ?? silentLogger;
    this.handoff = new EffectHandoff({ clock, owner: options.runnerOwner, leaseMs: options.effectLeaseMs });
    this.service = new CaseService({
      store,
      clock,
      rules,
      handoff: this.handoff,
      onCommitted: (caseId, stored) => this.followUp(caseId, stored),
    });
    this.accounts = new MerchantAccounts({
      registry,
      merchants,
      clock,
      rateClock: options.rateClock,
      limits: options.limits,
      onAttempt: options.onAttempt,
      limiterRedisUrl: options.limiterRedisUrl,
      logger: this.log.child({ component: 'carrier' }),
      ...(options.httpThread ? { httpThread: options.httpThread } : {}),
    });
    this.router = new InterceptRouter(
      registry,
      this.accounts,
      (merchantId) => merchants.get(merchantId)?.routing ?? { defaultRoutes: ['OFFLINE'], routes: {} },
    );
    const cases = new CasesRepository(store);
    const merchantOf = async (caseId: string) => {
      const merchantId = await cases.merchantIdOf(caseId);
      if (!merchantId) throw new RecordNotFoundError(`case ${caseId}`);
      return merchantId;
    };
    const built = {
      ...createEffectHandlers({
        store,
        clock,
        router: this.router,
        merchantOf,
        webhook: (merchantId) => this.webhookFor(merchantId),
        returnAddressOf: (merchantId) => merchants.get(merchantId)?.returnAddress,
        phoneOf: (waybillNo) => cases.phoneLast4Of(waybillNo),
      }),
      ...options.handlers,
    } as EffectHandlers;
    const handlers = options.decorateHandlers ? options.decorateHandlers(built) : built;
    this.runner = new EffectRunner({
      store,
      clock,
      service: this.service,
      handlers,
      backoffMs: options.backoffMs,
      maxAttempts: options.maxEffectAttempts,
      handoff: this.handoff,
      logger: this.log.child({ component: 'runner' }),
    });
    this.tracker = new Tracker({
      store,
      clock,
      service: this.service,
      pollIntervalMs: options.pollIntervalMs,
      settledPollIntervalMs: options.settledPollIntervalMs,
      trackerFor: (m, c) => this.accounts.trackerFor(m, c),
      logger: this.log.child({ component: 'tracker' }),
      onCredentialsRejected: (rejection) => this.credentialsRejected(rejection),
    });
  }

  /** The merchant's webhook port; dry-run unless the merchant is write-enabled. */
  webhookFor(merchantId: string): WebhookPort | undefined {
    const merchant = this.options.merchants.get(merchantId);
    if (!merchant?.webhook) return undefined;
    // The secret is part of the key so that a changed configuration (PUT /v1/merchants/:id) takes effect; the map is in memory only.
    const key = `${merchantId}:${merchant.writeEnabled}:${merchant.webhook.url}:${merchant.webhook.secret}`;
    let port = this.webhooks.get(key);
    if (!port) {
      port = new WebhookPort(
        WebhookConfigSchema.parse({ ...merchant.webhook, dryRun: merchant.webhook.dryRun || !merchant.writeEnabled }),
        this.options.clock,
        this.options.httpThread,
      );
      this.webhooks.set(key, port);
    }
    return port;
  }

  /** Opens a case (idempotent per merchant, platform and after-sale). */
  openCase(request: OpenCaseRequest) {
    return this.service.open(request);
  }

  /** Applies an event to a case. */
  apply(caseId: string, event: CaseEventInput, options?: { fingerprint?: string }) {
    return this.service.apply(caseId, event, options);
  }

  /** Usable routes for a shipment of a case, best first. */
  routesFor(c: Case, shipmentId: string): ResolvedRoute[] {
    const shipment = c.shipments.find((s) => s.id === shipmentId);
    if (!shipment) return [];
    const platform = c.mode === 'douyin' ? 'douyin' : 'generic';
    return this.router.routesFor(c.merchantId, shipment.carrierId, platform);
  }

  /** Asks for an interception of one shipment on the best usable route (or the one named). */
  async requestInterception(caseId: string, shipmentId: string, options: InterceptionRequestOptions = {}) {
    const c = await this.service.get(caseId);
    if (!c) throw new RecordNotFoundError(`case ${caseId}`);
    return this.requestInterceptionOn(c, shipmentId, options);
  }

  /** Asks for an interception on `c` as just read. */
  private async requestInterceptionOn(c: Case, shipmentId: string, options: InterceptionRequestOptions) {
    const caseId = c.id;
    const routes = this.routesFor(c, shipmentId);
    const chosen = options.routeKind ? routes.find((r) => r.route.kind === options.routeKind) : routes[0];
    if (!chosen)
      throw new ConflictError(`no usable interception route${options.routeKind ? ` ${options.routeKind}` : ''} for shipment ${shipmentId}`);
    return this.service.apply(
      caseId,
      {
        type: 'REQUEST_INTERCEPTION',
        shipmentId,
        route: chosen.route,
        kind: options.kind ?? 'RETURN_TO_SENDER',
        overrideNotWorth: options.overrideNotWorth ?? false,
        ...(options.by ? { by: options.by } : {}),
      },
      { fingerprint: `request:${shipmentId}:${chosen.route.kind}:${c.interceptions.filter((i) => i.shipmentId === shipmentId).length}` },
    );
  }

  /**
   * The follow-up policy after each change: when a parcel carrying refunded goods is moving and has
   * no interception, ask for one on the best route (the merchant's part of DESIGN §1 step 2).
   * `stored` is the case as the change stored it: most changes need nothing, and that is seen without
   * a read; when something is due, the case is read again so the request is made on its latest state.
   */
  private async followUp(caseId: string, stored: Case): Promise<void> {
    if (this.interceptionsDue(stored).length === 0) return;
    const c = await this.service.get(caseId);
    if (!c) return;
    const due = this.interceptionsDue(c);
    for (const [i, { shipmentId, routeKind }] of due.entries()) {
      // The case as read serves the first request; after one is stored, read it again.
      const current = i === 0 ? c : await this.service.get(caseId);
      if (current) await this.requestInterceptionOn(current, shipmentId, { by: 'lanjie:auto', routeKind });
    }
  }

  /** The automatic interceptions the case calls for: shipment and the route to try. */
  private interceptionsDue(c: Case): { shipmentId: string; routeKind: ResolvedRoute['route']['kind'] }[] {
    if (!this.options.merchants.get(c.merchantId)?.autoIntercept) return [];
    if (c.status === 'CLOSED' || c.status === 'REJECTED' || c.status === 'REFUNDED' || c.status === 'REFUND_ISSUED') return [];
    const due: { shipmentId: string; routeKind: ResolvedRoute['route']['kind'] }[] = [];
    for (const s of c.shipments) {
      if (!s.carriesRefunded) continue;
      // Not yet with the buyer: moving, waiting at a pickup point, stuck in an exception, or tracked without a route
      // yet (the carrier then says whether it was collected at all).
      const candidate = AUTO_INTERCEPT_STATES.has(s.view.logistics) || (s.trackingKnown && s.view.logistics === 'UNKNOWN');
      if (!candidate || c.heldInterceptions.some((h) => h.shipmentId === s.id)) continue;
      const mine = c.interceptions.filter((i) => i.shipmentId === s.id);
      if (mine.some((i) => i.state !== 'REJECTED' && i.state !== 'FAILED' && i.state !== 'CANCELLED')) continue;
      // After the carrier's answer about the parcel (delivered, not collected, refused by rule ...) nothing is
      // tried again; after a route that could not take the request at all, the next route not yet tried is.
      if (mine.some((i) => i.state !== 'REJECTED' || i.reply?.refusal !== 'ROUTE_UNAVAILABLE')) continue;
      const tried = new Set(mine.map((i) => i.route.kind));
      const next = this.routesFor(c, s.id).find((r) => !tried.has(r.route.kind));
      if (next) due.push({ shipmentId: s.id, routeKind: next.route.kind });
    }
    return due;
  }

  /**
   * Runs effect rounds until none is due and `busy` (the tracking round running beside it) has
   * settled: effects that its decisions issue are executed in the same tick. While it runs, the
   * runner takes what those decisions issue as they commit (handed off, woken at once); the
   * store is asked for other due effects at the start and once the tracking round has settled.
   */
  private async drainEffects(busy: Promise<unknown>): Promise<RunnerRound> {
    const effects: RunnerRound = { claimed: 0, done: 0, retried: 0, dead: 0, lost: 0 };
    let settled = false;
    const done = busy
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        settled = true;
      });
    for (let i = 0; i < MAX_DRAIN_ROUNDS; i++) {
      const wasSettled = settled;
      const round = await this.runner.runOnce({ claim: i === 0 || wasSettled });
      for (const k of Object.keys(effects) as (keyof RunnerRound)[]) effects[k] += round[k];
      if (round.claimed > 0) continue;
      if (wasSettled) break;
      // Nothing due now: wait for the tracking round's decisions, handed off as they commit.
      const delivered = this.handoff.whenDelivered();
      await Promise.race([done, delivered.promise]);
      delivered.cancel();
    }
    return effects;
  }

  /** One round of everything due: timers, effects, tracking polls. */
  async tick(): Promise<TickResult> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      const timers = await this.service.fireDueTimers();
      // Effects and tracking polls run side by side: each mostly waits on carriers, merchants and the
      // store's writer, and a case's writes are guarded by its version, so the two never overwrite each other.
      const tracking = this.tracker.pollDue();
      const [effects, polled] = await Promise.all([this.drainEffects(tracking), tracking]);
      return { timers, effects, tracking: polled };
    })();
    try {
      return await this.ticking;
    } finally {
      this.ticking = undefined;
    }
  }

  /**
   * A carrier rejected a merchant's credentials: counted, and each affected case gets a support task (once while it
   * is open) and a timeline entry saying so, instead of staying silently UNKNOWN.
   */
  private async credentialsRejected(rejection: CredentialsRejection): Promise<void> {
    this.options.onCredentialsRejected?.(rejection.carrierId);
    const at = this.options.clock.now().toISOString();
    for (const caseId of rejection.caseIds) {
      try {
        await this.service.apply(caseId, {
          type: 'CARRIER_CREDENTIALS_REJECTED',
          at,
          carrierId: rejection.carrierId,
          accountId: rejection.accountId,
          detail: rejection.message.slice(0, 500),
        });
      } catch (error) {
        this.log.error(
          { err: error, caseId, merchantId: rejection.merchantId, carrierId: rejection.carrierId },
          'could not record the credential rejection on the case',
        );
      }
    }
  }

  /** Ticks every `intervalMs` until stop(). */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.log.error({ err: error }, 'coordinator tick failed; the next tick tries again'));
    }, intervalMs);
  }

  /** Stops ticking and waits for the tick in flight (drains in-flight effects). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // handled: a tick's own catch has logged its failure; stop only waits for it to end
    await this.ticking?.catch(() => undefined);
  }
}
