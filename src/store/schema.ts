// The database schema as Kysely types: one schema for SQLite and PostgreSQL. Times are ISO-8601 UTC text; booleans are 0/1.
import type { Generated } from 'kysely';

/** A case: indexed columns for queries plus the full state as JSON (the source of truth). */
export interface CasesTable {
  id: string;
  merchant_id: string;
  platform: string;
  after_sale_id: string;
  mode: string;
  status: string;
  /** 1 when refund-after-rejection was agreed (by the platform or by us). */
  refuse_sign_agreed: number;
  state_json: string;
  /** Optimistic version, +1 per stored decision. */
  version: number;
  /** The earlier of the computed and platform due instants. */
  due_at: string | null;
  at_risk: number;
  /** 1 while the case is not final (tracked, timers live). */
  open: number;
  created_at: string;
  updated_at: string;
}

/** Every event applied to a case, deduplicated by fingerprint. */
export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  fingerprint: string;
  type: string;
  occurred_at: string;
  payload_json: string;
  recorded_at: string;
  /** The decision's audit entries (JSON array of {@link AuditEntry}): its reasons and the effects it issued. */
  audit_json: Generated<string>;
}

/** Shipments to follow: one row per waybill leg of an open case. */
export interface ShipmentsTable {
  case_id: string;
  waybill_no: string;
  shipment_id: string;
  carrier_id: string;
  phone_last4: string | null;
  terminal: number;
  next_poll_at: string | null;
  last_polled_at: string | null;
}

/** The outbox: effects to execute, with leases for claiming and an idempotency key per case and action. */
export interface EffectsTable {
  id: string;
  case_id: string;
  type: string;
  idempotency_key: string;
  payload_json: string;
  /** PENDING, RUNNING, DONE, DEAD. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  /** Set once a money call was sent: a retry must reconcile first. */
  sent_at: string | null;
  last_error: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
}

/** Durable timers that fire from the clock port. */
export interface TimersTable {
  id: string;
  case_id: string;
  timer_id: string;
  kind: string;
  due_at: string;
  /** PENDING, FIRED, CANCELLED. */
  status: string;
  payload_json: string;
}

/**
 * The audit log (a view since migration 003, read-only): every reason and issued effect of every decision,
 * with the raw payload behind it. Written as `case_events.audit_json`, one row per decision.
 */
export interface AuditLogTable {
  case_id: string | null;
  at: string;
  reason_code: string;
  message: string;
  /** The event's raw payload, or the issued effect. */
  payload_json: string;
  /** The decision's event row (null for rows written before migration 003). */
  event_id: number | null;
  /** Order within the decision (for old rows: their own id). */
  seq: number;
}

/** Per-number query log for carriers that lock numbers queried too often (Kuaidi100: 48 per 24 h). */
export interface NumberQueriesTable {
  id: Generated<number>;
  carrier_id: string;
  waybill_no: string;
  at: string;
}

/** Inbound pushes, stored before they are answered; deduplicated per source. */
export interface InboxTable {
  id: Generated<number>;
  source: string;
  dedupe_key: string;
  received_at: string;
  body: string;
  processed_at: string | null;
}

/** One interception in flight per waybill across every route and case. */
export interface InterceptLocksTable {
  waybill_no: string;
  case_id: string;
  interception_id: string;
  route: string;
  locked_at: string;
}

/** A merchant (tenant) configuration, set by the support role (MerchantConfigSchema as JSON). */
export interface MerchantsTable {
  id: string;
  config_json: string;
  created_at: string;
  updated_at: string;
}

/** API keys: only the sha256 of the key is stored. Role `merchant` keys are bound to one merchant; `support` keys to none. */
export interface ApiKeysTable {
  id: string;
  key_hash: string;
  /** merchant | support. */
  role: string;
  merchant_id: string | null;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

/** The body of the request that opened a case through the API (idempotency: the same body returns the same case). */
export interface CaseRequestsTable {
  case_id: string;
  merchant_id: string;
  after_sale_id: string;
  body_json: string;
  created_at: string;
}

/** Interceptions without a case (`POST /v1/intercepts`), one per merchant and idempotency key. */
export interface InterceptsTable {
  id: string;
  merchant_id: string;
  idempotency_key: string;
  /** sha256 of the canonical request: the same key with another body is refused. */
  request_hash: string;
  request_json: string;
  carrier_id: string;
  waybill_no: string;
  kind: string;
  /** CARRIER_API or KUAIDI100. */
  route: string;
  /** REQUESTED, ACCEPTED, REJECTED, SUCCEEDED, FAILED (no answer, see error_json). */
  state: string;
  result_json: string | null;
  error_json: string | null;
  created_at: string;
  updated_at: string;
}

/** The latest live tracking answer per merchant, carrier and number (`GET /v1/tracking/:waybill`). */
export interface TrackingCacheTable {
  merchant_id: string;
  carrier_id: string;
  waybill_no: string;
  result_json: string;
  refreshed_at: string;
}

/** Small key-value settings (the sandbox clock). */
export interface SettingsTable {
  key: string;
  value: string;
}

/** All tables. */
export interface Database {
  cases: CasesTable;
  case_events: CaseEventsTable;
  shipments: ShipmentsTable;
  effects: EffectsTable;
  timers: TimersTable;
  audit_log: AuditLogTable;
  number_queries: NumberQueriesTable;
  inbox: InboxTable;
  intercept_locks: InterceptLocksTable;
  merchants: MerchantsTable;
  api_keys: ApiKeysTable;
  case_requests: CaseRequestsTable;
  intercepts: InterceptsTable;
  tracking_cache: TrackingCacheTable;
  settings: SettingsTable;
}
