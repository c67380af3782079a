// Scaffolding shared by the carrier suites: a plugin client on its simulator mounted on nock with a TestClock, seeded parcels, offline hooks.
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';
import type { CarrierClient, CarrierContext, CarrierPlugin } from '../../src/carrier/define.ts';
import { NotInterceptableError } from '../../src/carrier/errors.ts';
import { createCarrierHttp } from '../../src/carrier/http.ts';
import type { Address, PushRequest } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';
import type { CarrierSimulator, SimRequest, SimulatorKit, SimulatorOptions } from '../../mocks/kit/types.ts';
import type { ParcelFate } from '../../mocks/kit/world.ts';

/** One hour in milliseconds. */
export const HOUR = 3_600_000;

/** The instant every carrier suite's TestClock starts at (10:00 in Beijing). */
export const START = '2026-06-01T02:00:00.000Z';

/** The sender's (return warehouse's) address the suites intercept back to. */
export const SENDER_ADDRESS: Address = {
  name: '退货仓',
  phone: '13800000000',
  province: '广东省',
  city: '深圳市',
  district: '宝安区',
  detail: '福永街道 1 号',
};

/** Registers the hooks of an offline suite: nock refuses the network before all tests, and forgets its scopes after each. */
export function offlineNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
}

/** A source of distinct hosts (`make(1)`, `make(2)`, …): nock serves persisted scopes in order, so two simulators must not share one. */
export function hostSequence(make: (n: number) => string): () => string {
  let n = 0;
  return () => make(++n);
}

/** The context a plugin's `create` gets: its HTTP client on `config.baseUrl` (with `config.timeoutMs`), the clock, and `newId` (random UUIDs by default). */
export function carrierContext(
  carrierId: string,
  config: { baseUrl: string; timeoutMs?: number },
  clock: TestClock,
  newId: () => string = () => randomUUID(),
): CarrierContext {
  return { http: createCarrierHttp(carrierId, { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs }), clock, newId };
}

/** A plugin's client built from raw account settings: validated by the plugin's config schema, then `create` with `carrierContext`. */
export interface PluginBuild<TConfig, TClient> {
  client: TClient;
  config: TConfig;
  ctx: CarrierContext;
}

/** Validates `raw` with the plugin's config schema and builds its client on `clock` (the client type is the caller's). */
export function buildPluginClient<TConfig, TClient extends CarrierClient = CarrierClient>(
  plugin: CarrierPlugin<TConfig>,
  raw: unknown,
  clock: TestClock,
  newId?: () => string,
): PluginBuild<TConfig, TClient> {
  const config = plugin.configSchema!.parse(raw);
  const ctx = carrierContext(plugin.id, config as { baseUrl: string; timeoutMs?: number }, clock, newId);
  return { client: plugin.create!(config, ctx) as TClient, config, ctx };
}

/** Options of `simHarness`. */
export interface SimHarnessOptions<TSim extends CarrierSimulator> {
  /** Where the simulator is mounted and the plugin points. */
  baseUrl: string;
  /** Build the plugin with the kit's wrong credentials. Default false. */
  wrongCredentials?: boolean;
  /** Quota the simulator enforces; default unlimited. */
  quota?: QuotaSettings;
  /** Plugin timeout in ms, over the kit's; default the kit's. */
  timeoutMs?: number;
  /** Raw config fields laid over the kit's (and over `timeoutMs`). */
  config?: Record<string, unknown>;
  /** The clock of the world and the plugin; default a new TestClock at START. */
  clock?: TestClock;
  /** Builds the simulator; default `kit.create`. */
  simulator?: (options: SimulatorOptions) => TSim;
}

/** A plugin client talking to its simulator over nock, on one TestClock. */
export interface SimHarness<TSim extends CarrierSimulator, TClient, TConfig> extends PluginBuild<TConfig, TClient> {
  clock: TestClock;
  sim: TSim;
  baseUrl: string;
  /** Seeds the kit's waybill `n` with `fate`, collected `hoursAgo` (default 10) hours before now (see `seedParcel`); returns its number. */
  seed(n: number, fate: ParcelFate, hoursAgo?: number): string;
}

/**
 * Builds a simulator (on a TestClock at START unless given), mounts it on nock at `baseUrl`, and
 * builds the plugin from `kit.pluginConfig(baseUrl, { wrongCredentials })` with `timeoutMs` and
 * `config` laid over it. Callers narrow the simulator and client types.
 */
export function simHarness<TConfig, TSim extends CarrierSimulator = CarrierSimulator, TClient extends CarrierClient = CarrierClient>(
  plugin: CarrierPlugin<TConfig>,
  kit: SimulatorKit<unknown>,
  options: SimHarnessOptions<TSim>,
): SimHarness<TSim, TClient, TConfig> {
  const clock = options.clock ?? new TestClock(START);
  const simOptions: SimulatorOptions = { clock, quota: options.quota };
  const sim = options.simulator ? options.simulator(simOptions) : (kit.create(simOptions) as TSim);
  mountOnNock(sim, options.baseUrl);
  const raw = {
    ...(kit.pluginConfig(options.baseUrl, { wrongCredentials: options.wrongCredentials }) as Record<string, unknown>),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.config ?? {}),
  };
  const harness: SimHarness<TSim, TClient, TConfig> = {
    clock,
    sim,
    baseUrl: options.baseUrl,
    ...buildPluginClient<TConfig, TClient>(plugin, raw, clock),
    seed: (n, fate, hoursAgo) => seedParcel(harness, kit.waybill(n), fate, hoursAgo),
  };
  return harness;
}

/** Adds a parcel to the simulator's world with phone digits 1234, collected `hoursAgo` hours before the clock's now; returns its number. */
export function seedParcel(h: { clock: TestClock; sim: CarrierSimulator }, waybillNo: string, fate: ParcelFate, hoursAgo = 10): string {
  h.sim.world.add({ waybillNo, fate, phoneLast4: '1234', collectedAt: h.clock.nowMs() - hoursAgo * HOUR });
  return waybillNo;
}

/**
 * A plugin client on `baseUrl` (raw config `{ baseUrl, ...account }`, TestClock at START) where nock
 * answers every POST with `body` as JSON until nock.cleanAll(): for payloads a simulator never sends.
 */
export function answeringClient<TConfig, TClient extends CarrierClient = CarrierClient>(
  plugin: CarrierPlugin<TConfig>,
  baseUrl: string,
  account: Record<string, unknown>,
  body: unknown,
): TClient {
  nock(baseUrl).persist().post(/.*/).reply(200, JSON.stringify(body), { 'content-type': 'application/json' });
  return buildPluginClient<TConfig, TClient>(plugin, { baseUrl, ...account }, new TestClock(START)).client;
}

/** Records every request the simulator receives, in order, before it answers it. */
export function recordRequests(sim: CarrierSimulator): SimRequest[] {
  const seen: SimRequest[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = async (request) => {
    seen.push(request);
    return handle(request);
  };
  return seen;
}

/** What a promise rejected with, or undefined when it resolved. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** Expects the promise to reject with NotInterceptableError, and returns that error. */
export async function refusalOf(promise: Promise<unknown>): Promise<NotInterceptableError> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(NotInterceptableError);
  return error as NotInterceptableError;
}

/** A form body as nock hands it to a matcher (text, or an object it decoded), back as text. */
export function formText(body: unknown): string {
  return typeof body === 'string' ? body : new URLSearchParams(Object.entries(body as Record<string, string>)).toString();
}

/** A form-encoded push request with these fields. */
export function formPush(fields: Record<string, string>): PushRequest {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body: new URLSearchParams(fields).toString() };
}
