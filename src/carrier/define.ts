// The plugin contract: what a carrier declares (data) and the client it creates (behaviour).
import type { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import type { ErrorTable } from './errors.ts';
import type { CarrierHttp } from './http.ts';
import type {
  CancelInterceptInput,
  CancelInterceptResult,
  ComplaintInput,
  ComplaintResult,
  InterceptKind,
  InterceptRequest,
  InterceptResult,
  PushParseResult,
  PushRequest,
  TrackInput,
  TrackResult,
} from './model.ts';

/** How sure the reference (reference/carriers.md) is of a fact: C-doc, C-src, S, I, or none found. */
export type Confidence = 'C-doc' | 'C-src' | 'S' | 'I' | 'none';

/** A waybill number format a carrier declares, for detection. */
export interface WaybillPattern {
  /** Anchored regular expression. */
  pattern: RegExp;
  /** True for formats with a letter prefix (ranked before all-digit ones). */
  prefixed: boolean;
  confidence: Confidence;
}

/** Declared rate limits of one account (the config file may override them). */
export interface RateLimits {
  /** Calls per second allowed by the carrier's quota. */
  perSecond?: number;
  /** Calls per minute allowed by the carrier's quota. */
  perMinute?: number;
  /** Calls in flight at once. Default 8. */
  maxConcurrent?: number;
  /**
   * A per-number query limit the carrier enforces by locking the number (Kuaidi100: more than 48
   * queries of one number in 24 h locks it). Enforced by the coordinator's store, across restarts.
   */
  perNumber?: { max: number; windowMs: number };
  /** Whether the numbers are published by the carrier or are our conservative guess. */
  source: 'published' | 'assumed';
}

/** Capabilities as declared data; a test checks them against the client's methods. */
export interface CarrierCapabilities {
  /** Tracking: the batch size of one query (1 when the API takes one number), or false. */
  track: { batchSize: number; needsPhoneLast4: 'never' | 'when-not-own-waybill' | 'always'; confidence: Confidence } | false;
  /** Interception through this plugin's own API. */
  intercept:
    | {
        kinds: readonly InterceptKind[];
        /** True when the carrier deduplicates on a key we send: only then is an interception retried. */
        idempotencyKey: boolean;
        /** Whether the carrier needs the after-sale context (the Douyin service). */
        needsAfterSale: boolean;
        confidence: Confidence;
      }
    | false;
  cancelIntercept: { confidence: Confidence } | false;
  push: { auth: 'signature' | 'url-token'; confidence: Confidence } | false;
  complaint: { confidence: Confidence } | false;
}

/** What the core hands a plugin's `create`. */
export interface CarrierContext {
  http: CarrierHttp;
  clock: Clock;
  /** A new unique id (UUID v4 by default). */
  newId(): string;
}

/** The behaviour a plugin implements. A missing capability is an absent method, never a stub. */
export interface CarrierClient {
  track?(inputs: readonly TrackInput[]): Promise<TrackResult[]>;
  intercept?(input: InterceptRequest): Promise<InterceptResult>;
  cancelIntercept?(input: CancelInterceptInput): Promise<CancelInterceptResult>;
  /** Verifies and parses a push; throws PushRejectedError when it does not verify. */
  parsePush?(request: PushRequest): PushParseResult;
  /** Files a complaint / work order (Kuaidi100 work orders). */
  fileComplaint?(input: ComplaintInput): Promise<ComplaintResult>;
  /** Reads a complaint's state, outcome and replies. */
  complaintStatus?(ref: string): Promise<ComplaintResult>;
  /** Asks a hub which carriers a number belongs to, best first (Kuaidi100 autonumber). */
  detectCarrier?(waybillNo: string): Promise<{ carrierId: string; hubCode: string }[]>;
  /**
   * One cheap call that proves the account's credentials (run when a merchant's account is written):
   * resolves when the carrier accepted them, throws AuthError when it refused them, any other error when
   * it could not be asked. Absent when the carrier has no harmless call (the write then says "not verified").
   */
  checkCredentials?(): Promise<void>;
}

/** A carrier or hub plugin: declarations plus an optional `create`. */
export interface CarrierPlugin<TConfig = unknown> {
  /** Registry id: the folder, registry key, mocks folder and log name. */
  id: string;
  kind: 'carrier' | 'hub';
  names: { zh: string; en: string };
  /** Kuaidi100 company code, where known. */
  kuaidi100Code?: { code: string; confidence: Confidence };
  /**
   * Douyin `company_code` (from `/order/logisticsCompanyList`), where the platform knows the carrier.
   * The Douyin hub serves exactly the carriers that declare one; an account may override it.
   */
  douyinCompanyCode?: { code: string; confidence: Confidence };
  /**
   * Whether refund-after-rejection applies to this carrier by default (DESIGN §2.2). Default true:
   * every registered carrier is eligible unless its declaration says otherwise.
   */
  eligibleByDefault?: boolean;
  waybillPatterns: readonly WaybillPattern[];
  capabilities: CarrierCapabilities;
  limits: RateLimits;
  /** Business code table: carrier codes in HTTP 200 bodies → typed errors. */
  errors: ErrorTable;
  /** Validates this plugin's account configuration (credentials, base URL). */
  configSchema?: z.ZodType<TConfig>;
  /** Builds the client; absent for declaration-only entries (no public API). */
  create?(config: TConfig, ctx: CarrierContext): CarrierClient;
  /** For hubs: the carrier ids it can track and intercept for. */
  servesCarriers?: readonly string[];
  /** Notes shown in the capability matrix (e.g. "taken over by J&T"). */
  notes?: string;
}

/**
 * A plugin of any account configuration: what registries, detection and the capability matrix hold side by side.
 * Each caller narrows it by carrier id through the plugin's own `configSchema`.
 */
// biome-ignore lint/suspicious/noExplicitAny: plugins with different account types in one collection; configSchema narrows each
export type AnyCarrierPlugin = CarrierPlugin<any>;

/** Identity helper that exists for type inference: `export default defineCarrier({...})`. */
export function defineCarrier<TConfig>(plugin: CarrierPlugin<TConfig>): CarrierPlugin<TConfig> {
  return plugin;
}
