// Shapes shared by every carrier simulator: requests, responses, the simulator interface and its kit for tests.
import type { Clock } from '../../src/clock/clock.ts';
import type { PushRequest } from '../../src/carrier/model.ts';
import type { ParcelWorld } from './world.ts';
import type { FaultQueue } from './faults.ts';
import type { QuotaWindows, QuotaSettings } from './quota.ts';

/** An HTTP request as a simulator sees it. */
export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/std/service`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
  remoteIp?: string;
}

/** A simulator's answer. `delayMs` makes the transport wait before answering (timeouts). */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  delayMs?: number;
}

/** Counters a simulator keeps, read by tests and benchmarks from the carrier's side. */
export interface SimStats {
  /** Requests received, including refused ones. */
  requests: number;
  /** Requests answered with the carrier's quota error. */
  quotaErrors: number;
  /** Requests that passed the quota and were served. */
  served: number;
  /** Requests refused for a bad signature or credentials. */
  authErrors: number;
  /** Requests per operation name (carrier's service code or API name). */
  byOperation: Record<string, number>;
}

/** Options every simulator accepts. */
export interface SimulatorOptions {
  /** Business time of the parcel world. */
  clock: Clock;
  /** Time used for quota windows; defaults to `clock`. */
  quotaClock?: Clock;
  /** Quota the simulator enforces; undefined = unlimited. */
  quota?: QuotaSettings;
  /** A shared parcel world (the sandbox shares one per carrier); a new one is made otherwise. */
  world?: ParcelWorld;
}

/** A simulator of one carrier's wire protocol. */
export interface CarrierSimulator {
  readonly carrierId: string;
  readonly world: ParcelWorld;
  readonly faults: FaultQueue;
  readonly quota: QuotaWindows | undefined;
  readonly stats: SimStats;
  handle(request: SimRequest): Promise<SimResponse>;
}

/** What the contract suite needs from each carrier's mock folder (mocks/<id>/index.ts exports `kit`). */
export interface SimulatorKit<TConfig = unknown> {
  carrierId: string;
  /** Builds a simulator. */
  create(options: SimulatorOptions): CarrierSimulator;
  /** The plugin configuration that talks to a simulator at `baseUrl` (sandbox credentials), or with wrong credentials. */
  pluginConfig(baseUrl: string, options?: { wrongCredentials?: boolean }): TConfig;
  /** For hubs: the carrier id the contract passes as `carrierId` with each waybill (hubs need it). */
  hubCarrierId?: string;
  /** A valid waybill number of this carrier, distinct for each `n`. */
  waybill(n: number): string;
  /** Builds a push the carrier would send for these waybills' visible events; `forged` breaks its signature or token. */
  push?(simulator: CarrierSimulator, waybillNos: readonly string[], options: { forged?: boolean; config: TConfig }): PushRequest;
  /** Why a scenario does not apply to this carrier (the reference gives no such code), keyed by scenario. */
  notApplicable?: Partial<Record<'quota' | 'auth' | 'notFound' | 'push', string>>;
}
