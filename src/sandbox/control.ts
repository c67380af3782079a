// What the sandbox routes can do to a running sandbox: its clock, its simulators' worlds and faults, the Douyin platform simulator, and the ledgers of the merchant system and the platform.
import type { PerformedCall } from '../../mocks/merchant/simulator.ts';
import type { Fault } from '../../mocks/kit/faults.ts';
import type { PushTarget } from '../../mocks/douyin/push.ts';
import type { SandboxParcelFate } from './fates.ts';

/** A parcel to add to a simulator world. */
export interface AddParcelInput {
  carrier: string;
  fate: SandboxParcelFate;
  waybill?: string;
  phoneLast4: string;
  /** Hours before the sandbox clock's now. */
  collectedHoursAgo: number;
}

/** A buyer's refund-only after-sale on the simulated Douyin shop (the platform pushes tag 200 at once). */
export interface DouyinAfterSaleInput {
  /** Default: a fresh 19-digit id. */
  afterSaleId?: string;
  /** Parcels of the order, each a number in a carrier simulator (any carrier the platform has a company code for). */
  parcels: { carrier: string; waybill: string }[];
  /** Fen; default 12 900 split over one SKU order per parcel. */
  refundAmountFen?: number;
  /** The buyer's reason as the platform writes it; default 未收到货 (not received). */
  reason?: string;
}

/** What the simulated buyer or platform does to an after-sale. */
export type DouyinAct = 'buyer-cancel' | 'platform-refund';

/** One operate call the Douyin platform simulator received (every call counts, performed or refused). */
export interface PlatformCall {
  /** 201 refund, 202 reject, 203 agree refund-after-rejection. */
  type: number;
  action: 'refund' | 'reject' | 'agree-refuse-sign' | 'unknown';
  afterSaleId: string;
  outcome: string;
  at: string;
}

/** The sandbox as the API sees it. */
export interface SandboxControl {
  /** The sandbox merchant: with support, the only caller of the sandbox routes. */
  readonly merchantId: string;
  /** Moves the test clock forward by `ms`, ticking the coordinator until idle at each step (at most 1 h, and at each due timer). */
  advance(ms: number): Promise<{ now: string; steps: number; ticks: number }>;
  /** Adds a parcel; 400 (ApiError) for a carrier without a simulator. */
  addParcel(input: AddParcelInput): {
    carrier: string;
    waybillNo: string;
    fate: SandboxParcelFate;
    phoneLast4: string;
    collectedAt: string;
  };
  /** The merchant simulator's performed calls. */
  ledger(): PerformedCall[];
  /** The account configuration of every carrier simulator (sandbox credentials, not secrets): give them to another sandbox merchant. */
  simulatorAccounts(): Record<string, unknown>;
  info(): unknown;
  /** Opens an after-sale on the Douyin platform simulator; its tag-200 push is delivered and processed before this returns. */
  addDouyinAfterSale(input: DouyinAfterSaleInput): Promise<{
    afterSaleId: string;
    shopId: string;
    caseId: string | null;
    parcels: { carrier: string; waybill: string; companyCode: string }[];
  }>;
  /** The buyer cancels (tag 207) or the platform refunds on its own (tags 201 + 206); pushes delivered and processed before this returns. */
  douyinAct(afterSaleId: string, act: DouyinAct): Promise<{ afterSaleId: string; status: number; refundStatus: number; tags: string[] }>;
  /** Operate calls the Douyin platform simulator received. */
  platformLedger(): PlatformCall[];
  /** Queues `fault` for the next `times` requests to a carrier's simulator (a carrier that is down answers 503). */
  injectFault(carrier: string, fault: Fault, times: number): { carrier: string; pending: number };
  /** Clears the faults queued on a carrier's simulator. */
  clearFaults(carrier: string): { carrier: string; pending: number };
  /** Where the Douyin platform simulator delivers its pushes (the gateway's own message intake). */
  setPlatformPushTarget(target: PushTarget): void;
}

/** What the sandbox needs of the API key store (src/api/auth.ts `ApiKeys` is one): make its keys valid, retire generated ones. */
export interface SandboxKeyStore {
  /** Makes `key` valid with this role and label (idempotent). */
  ensure(key: string, input: { role: 'merchant' | 'support'; merchantId?: string; label: string }): Promise<unknown>;
  /** Revokes every key with this label; returns how many. */
  revokeLabel(label: string): Promise<number>;
  /** Creates a new key and returns it (the only time it is shown). */
  create(input: { role: 'merchant' | 'support'; merchantId?: string; label: string }): Promise<{ key: string }>;
}
