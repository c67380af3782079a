// The simulators as their own process: every carrier simulator, the Douyin platform and the merchant system on their own ports, one quota per account, counters and money ledgers.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { carrierRegistry } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import type { PushTarget } from '../../mocks/douyin/push.ts';
import { DOUYIN_SIM_CREDENTIALS, DouyinSimulator } from '../../mocks/douyin/simulator.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { serveSimulator, type SimulatorServer } from '../../mocks/kit/transport.ts';
import type { CarrierSimulator } from '../../mocks/kit/types.ts';
import { ParcelWorld, type ParcelFate } from '../../mocks/kit/world.ts';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { ConfigError, formatZodIssues } from '../carrier/config-error.ts';
import { systemClock, type Clock } from '../clock/clock.ts';
import { MerchantConfigSchema, type MerchantConfig } from '../merchants/merchant-config.ts';
import type { Logger } from '../runtime/logger.ts';
import type { DouyinAfterSaleInput } from './control.ts';
import { openDouyinAfterSale } from './douyin-after-sale.ts';
import { PlatformWorld } from './simulators.ts';

/** The parcel fates a host world scripts (mocks/kit/world.ts). */
export const HOST_PARCEL_FATES = [
  'deliver',
  'intercept-then-delivered',
  'not-collected',
  'buyer-refuses',
  'return-new-number',
  'return-lost',
  'carrier-rejects',
  'delivered',
  'at-pickup-point',
  'exception',
] as const satisfies readonly ParcelFate[];

/** One carrier account's quota in the quota file: fixed windows as the carrier counts them. */
const QuotaSchema = z
  .object({
    /** Calls per one-second window. */
    perSecond: z.number().int().positive().optional(),
    /** Calls per one-minute window. */
    perMinute: z.number().int().positive().optional(),
    /** Offset of the windows from the epoch, ms (0 … 59 999). Default 0. */
    phaseMs: z.number().int().min(0).max(59_999).optional(),
  })
  .strict();

/** The quota file: `{ "carriers": { "zto": { "perSecond": 10, "perMinute": 300 } } }`; `{}` for a carrier = no quota. */
export const HostQuotaFileSchema = z
  .object({ carriers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), QuotaSchema) })
  .strict()
  .superRefine((file, ctx) => {
    for (const id of Object.keys(file.carriers))
      if (!simulatorKits[id]) ctx.addIssue({ code: 'custom', path: ['carriers', id], message: `no simulator for carrier ${id}` });
  });
export type HostQuotaFile = z.output<typeof HostQuotaFileSchema>;

/** Reads and validates a quota file; errors name the file and each bad field. */
export function loadHostQuotaFile(path: string): HostQuotaFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read quota file ${path}: ${error instanceof Error ? error.message : String(error)}`, []);
  }
  const parsed = HostQuotaFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = formatZodIssues(parsed.error);
    throw new ConfigError(`invalid quota file ${path}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Options of the simulators host. */
export interface SimulatorHostOptions {
  /**
   * First port: the admin API listens on it, the merchant system on `port + 1`, then each carrier simulator in
   * `simulatorKits` order on the next ports (Douyin among them). 0 (default) = any free port for each.
   */
  port?: number;
  /** Address every server listens on (and the URLs name). Default 127.0.0.1. */
  host?: string;
  /** How long one scripted hour of the parcel fates lasts, ms. Default 1000 (a `deliver` parcel is delivered 30 s after collection). */
  hourMs?: number;
  /** Quota per carrier account; carriers left out get their plugin's declared limits (per second and per minute). */
  quotas?: HostQuotaFile;
  /** The id of the merchant in `/config`. Default `sims`. */
  merchantId?: string;
  /** The merchant webhook's HMAC secret (at least 16 characters). Default: random. */
  webhookSecret?: string;
  /**
   * Where the Douyin platform pushes its messages (gateways' `/v1/platform/douyin/messages`), taken in turn push by push;
   * a push that is not answered (gateway down, 5 s timeout) stays pending and goes to the next URL next round.
   * Empty (default): no pushes (gateways reconcile).
   */
  douyinPushUrls?: readonly string[];
  /** How often the Douyin platform moves on (auto-agreements, deadlines) and delivers pushes, ms. Default 1000. */
  douyinTickMs?: number;
  /** Time of every simulator and quota window. Default the system clock (gateways in live mode use it too). */
  clock?: Clock;
  logger: Logger;
}

/** One carrier simulator the host runs. */
export interface HostedCarrier {
  carrierId: string;
  simulator: CarrierSimulator;
  server: SimulatorServer;
  /** The quota its one account has; undefined = none. */
  quota: QuotaSettings | undefined;
}

/** Input of `addParcels` (the admin API's `POST /parcels`). */
export const AddParcelsSchema = z
  .object({
    /** A carrier with a simulator, e.g. `zto`. */
    carrier: z.string().min(1),
    fate: z.enum(HOST_PARCEL_FATES).default('deliver'),
    /** Parcels to add (1 … 10 000). Default 1. */
    count: z.number().int().min(1).max(10_000).default(1),
    /** The number of the parcel (only with count 1); default: a new valid number of the carrier. */
    waybill: z.string().min(1).max(40).optional(),
    /** Last four digits of the consignee's phone. Default 1234. */
    phoneLast4: z
      .string()
      .regex(/^\d{4}$/, 'four digits')
      .default('1234'),
    /** How long ago (in scripted hours, see hourMs) the parcels were collected. Default 10 (in transit). */
    collectedHoursAgo: z.number().min(0).max(1000).default(10),
  })
  .strict()
  .refine((v) => v.waybill === undefined || v.count === 1, { path: ['waybill'], message: 'a waybill is given only with count 1' });
export type AddParcelsInput = z.input<typeof AddParcelsSchema>;

/** Input of `POST /douyin/after-sales`: a buyer's refund-only after-sale of parcels held by the carrier simulators. */
export const DouyinAfterSaleSchema = z
  .object({
    /** Default: a fresh 19-digit id. */
    afterSaleId: z
      .string()
      .regex(/^\d{1,19}$/, 'digits (a Douyin after-sale id)')
      .optional(),
    /** Parcels of the order (1 … 10), each a number added with POST /parcels. */
    parcels: z
      .array(z.object({ carrier: z.string().min(1), waybill: z.string().min(1).max(40) }).strict())
      .min(1)
      .max(10),
    /** Fen; default 12 900 split over one SKU order per parcel. */
    refundAmountFen: z.number().int().positive().max(1e10).optional(),
    /** The buyer's reason as the platform writes it; default 未收到货. */
    reason: z.string().min(1).max(64).optional(),
  })
  .strict();

/** One money call the merchant system or the Douyin platform received, in arrival order. */
export interface HostLedgerEntry {
  /** Position in its ledger (0-based); `GET /ledger?from=` pages on it. */
  seq: number;
  source: 'merchant' | 'douyin';
  /** refund, agree, reject … (merchant webhook actions) or refund, reject, agree-refuse-sign (Douyin operate types). */
  action: string;
  afterSaleId: string;
  /** Merchant: the instruction's idempotency key; Douyin: `douyin:<after-sale>:<action>`. */
  key: string;
  amountFen?: number;
  /** Douyin: the platform's outcome (PERFORMED, VERSION_CONFLICT …); merchant: PERFORMED. */
  outcome: string;
  /** Douyin only: when it arrived (ISO). */
  at?: string;
}

const DOUYIN_ACTIONS: Record<number, string> = { 201: 'refund', 202: 'reject', 203: 'agree-refuse-sign' };

/** Performed calls per action, and how many keys of each action were performed more than once (money moved twice). */
function ledgerCounts(entries: readonly HostLedgerEntry[]) {
  const performed: Record<string, number> = {};
  const perKey = new Map<string, { action: string; n: number }>();
  for (const e of entries) {
    if (e.outcome !== 'PERFORMED') continue;
    performed[e.action] = (performed[e.action] ?? 0) + 1;
    const seen = perKey.get(e.key) ?? { action: e.action, n: 0 };
    seen.n++;
    perKey.set(e.key, seen);
  }
  const duplicates: Record<string, number> = {};
  let duplicateCalls = 0;
  for (const { action, n } of perKey.values()) {
    if (n < 2) continue;
    duplicates[action] = (duplicates[action] ?? 0) + 1;
    duplicateCalls += n - 1;
  }
  return { calls: entries.length, performed, duplicates, duplicateCalls };
}

/** A push target that POSTs each push to the next URL in turn; an unanswered push is a 503 (it stays pending), not an error. */
function pushInTurn(urls: readonly string[], log: Logger): PushTarget {
  let next = 0;
  return async (push) => {
    const url = urls[next++ % urls.length]!;
    try {
      const response = await fetch(url, { method: 'POST', headers: push.headers, body: push.body, signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      log.warn({ err: error, url }, 'Douyin push not answered; it stays pending for the next round');
      return { status: 503, body: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** The running host: simulators, merchant system, Douyin platform. The admin API (simulator-admin.ts) serves it. */
export class SimulatorHost {
  private parcelCounter = 100_000;
  private afterSaleCounter = 0;
  private readonly timer: NodeJS.Timeout;
  private ticking: Promise<unknown> | undefined;

  private constructor(
    readonly options: Required<Pick<SimulatorHostOptions, 'host' | 'hourMs' | 'merchantId' | 'webhookSecret'>> & { clock: Clock },
    readonly carriers: HostedCarrier[],
    readonly douyin: DouyinSimulator,
    readonly merchant: MerchantSimulator,
    readonly webhookUrl: string,
    private readonly log: Logger,
    tickMs: number,
  ) {
    this.timer = setInterval(() => this.tickPlatform(), tickMs);
    this.timer.unref();
  }

  /** Starts the merchant system and every simulator (see SimulatorHostOptions.port for the ports). */
  static async start(options: SimulatorHostOptions): Promise<SimulatorHost> {
    const host = options.host ?? '127.0.0.1';
    const clock = options.clock ?? systemClock;
    const hourMs = options.hourMs ?? 1000;
    const kits = Object.values(simulatorKits);
    // The admin API, the merchant system, then one port per kit.
    if (options.port && options.port + 1 + kits.length > 65_535)
      throw new ConfigError(`--port ${options.port}: the simulators need ports up to ${options.port + 1 + kits.length}, above 65535`, [
        { path: 'port', message: `at most ${65_535 - 1 - kits.length}` },
      ]);
    const portAt = (offset: number) => (options.port ? options.port + offset : 0);
    const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('hex');
    const merchant = new MerchantSimulator({ secret: webhookSecret });
    const webhookUrl = await merchant.start(portAt(1), host);
    const carriers: HostedCarrier[] = [];
    const quotaOf = (id: string): QuotaSettings | undefined => {
      const given = options.quotas?.carriers[id];
      if (given) return Object.keys(given).length > 0 ? given : undefined;
      const declared = carrierRegistry.get(id)?.limits;
      if (!declared || (declared.perSecond === undefined && declared.perMinute === undefined)) return undefined;
      return {
        ...(declared.perSecond ? { perSecond: declared.perSecond } : {}),
        ...(declared.perMinute ? { perMinute: declared.perMinute } : {}),
      };
    };
    const douyin = new DouyinSimulator({
      clock,
      quota: quotaOf('douyin'),
      world: new PlatformWorld(clock, () => carriers.map((c) => c.simulator.world), { hourMs }),
      ...(options.douyinPushUrls?.length ? { pushTarget: pushInTurn(options.douyinPushUrls, options.logger) } : {}),
    });
    try {
      for (const [i, kit] of kits.entries()) {
        const quota = quotaOf(kit.carrierId);
        const simulator =
          kit.carrierId === 'douyin' ? douyin : kit.create({ clock, world: new ParcelWorld(clock, undefined, { hourMs }), quota });
        const server = await serveSimulator(simulator, { port: portAt(2 + i), host });
        carriers.push({ carrierId: kit.carrierId, simulator, server, quota });
      }
    } catch (error) {
      await Promise.all(carriers.map((c) => c.server.close()));
      await merchant.stop();
      throw error;
    }
    return new SimulatorHost(
      { host, hourMs, clock, merchantId: options.merchantId ?? 'sims', webhookSecret },
      carriers,
      douyin,
      merchant,
      webhookUrl,
      options.logger,
      options.douyinTickMs ?? 1000,
    );
  }

  /** Moves the Douyin platform to now and delivers its pushes (one round at a time). */
  private tickPlatform(): void {
    this.ticking ??= (async () => {
      if (this.douyin.pushes.target) await this.douyin.tick();
      else this.douyin.advance();
    })()
      .catch((error: unknown) => this.log.warn({ err: error }, 'Douyin platform round failed; pending pushes are retried next round'))
      .finally(() => {
        this.ticking = undefined;
      });
  }

  /** The hosted simulator of a carrier, or undefined. */
  carrier(carrierId: string): HostedCarrier | undefined {
    return this.carriers.find((c) => c.carrierId === carrierId);
  }

  /** Adds parcels to a carrier's world (validated input, see AddParcelsSchema); undefined when the carrier has no simulator. */
  addParcels(input: z.output<typeof AddParcelsSchema>) {
    const hosted = this.carrier(input.carrier);
    const kit = simulatorKits[input.carrier];
    if (!hosted || !kit) return undefined;
    const collectedAt = this.options.clock.nowMs() - Math.round(input.collectedHoursAgo * this.options.hourMs);
    const parcels: { waybillNo: string; collectedAt: string }[] = [];
    for (let i = 0; i < input.count; i++) {
      let waybillNo = input.waybill;
      if (waybillNo === undefined) {
        do waybillNo = kit.waybill(++this.parcelCounter);
        while (hosted.simulator.world.get(waybillNo));
      }
      hosted.simulator.world.add({ waybillNo, fate: input.fate, phoneLast4: input.phoneLast4, collectedAt });
      parcels.push({ waybillNo, collectedAt: new Date(collectedAt).toISOString() });
    }
    return { carrier: input.carrier, fate: input.fate, phoneLast4: input.phoneLast4, parcels };
  }

  /** Opens a buyer's refund-only after-sale on the Douyin platform (its tag-200 push goes out on the next round); ApiError 400/409 as the sandbox's. */
  addDouyinAfterSale(input: DouyinAfterSaleInput) {
    const { afterSaleId, sale, parcels } = openDouyinAfterSale(this.douyin, this.options.clock, input, () => ++this.afterSaleCounter);
    return { afterSaleId, shopId: sale.shopId, status: sale.status, refundAmountFen: sale.refundAmount, parcels };
  }

  /** The merchant system's performed calls, then the Douyin platform's operate calls, each from position `from`. */
  ledger(source: 'merchant' | 'douyin', from = 0): HostLedgerEntry[] {
    if (source === 'merchant')
      return this.merchant.performed.slice(from).map((c, i) => ({
        seq: from + i,
        source,
        action: c.action,
        afterSaleId: c.afterSaleId,
        key: c.idempotencyKey,
        ...(c.amountFen !== undefined ? { amountFen: c.amountFen } : {}),
        outcome: 'PERFORMED',
      }));
    return this.douyin.ledger.slice(from).map((e, i) => {
      const action = DOUYIN_ACTIONS[e.type] ?? `type-${e.type}`;
      return {
        seq: from + i,
        source,
        action,
        afterSaleId: e.afterSaleId,
        key: `douyin:${e.afterSaleId}:${action}`,
        outcome: e.outcome,
        at: new Date(e.at).toISOString(),
      };
    });
  }

  /** Counters at the remote end: per carrier (one account each) requests, served, quota and auth errors; the money ledgers with duplicates. */
  stats() {
    const carriers = Object.fromEntries(
      this.carriers.map((c) => [
        c.carrierId,
        {
          url: c.server.url,
          requests: c.simulator.stats.requests,
          served: c.simulator.stats.served,
          quotaErrors: c.simulator.stats.quotaErrors,
          authErrors: c.simulator.stats.authErrors,
          byOperation: { ...c.simulator.stats.byOperation },
          quota: c.quota ?? null,
          parcels: c.simulator.world.all().length,
        },
      ]),
    );
    const totals = { requests: 0, served: 0, quotaErrors: 0, authErrors: 0 };
    for (const c of this.carriers) {
      totals.requests += c.simulator.stats.requests;
      totals.served += c.simulator.stats.served;
      totals.quotaErrors += c.simulator.stats.quotaErrors;
      totals.authErrors += c.simulator.stats.authErrors;
    }
    return {
      now: new Date(this.options.clock.nowMs()).toISOString(),
      hourMs: this.options.hourMs,
      totals,
      carriers,
      merchant: { url: this.webhookUrl, refusedSignatures: this.merchant.refused, ...ledgerCounts(this.ledger('merchant')) },
      douyin: { afterSales: this.douyin.afterSales.size, refundsMade: this.douyin.refunds.size, ...ledgerCounts(this.ledger('douyin')) },
    };
  }

  /** A merchant configuration (validated by the gateway's schema) whose accounts point at these simulators and whose webhook is the merchant system. */
  merchantConfig(): MerchantConfig {
    const accounts = Object.fromEntries(this.carriers.map((c) => [c.carrierId, simulatorKits[c.carrierId]!.pluginConfig(c.server.url)]));
    return MerchantConfigSchema.parse({
      id: this.options.merchantId,
      name: 'Simulated shop',
      type: 'DOMESTIC',
      accounts,
      douyinShopIds: [DOUYIN_SIM_CREDENTIALS.shopId],
      webhook: { url: this.webhookUrl, secret: this.options.webhookSecret, dryRun: false },
      writeEnabled: true,
      returnAddress: {
        name: '模拟退货仓',
        phone: '13800000000',
        province: '广东省',
        city: '深圳市',
        district: '宝安区',
        detail: '福永街道退货仓 1 号',
      },
    });
  }

  /** Stops the Douyin rounds, every simulator and the merchant system. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await Promise.all(this.carriers.map((c) => c.server.close()));
    await this.merchant.stop();
  }
}
