// A decision as database writes: case row, the event with its audit entries, shipments to follow, outbox effects, timers and locks, as plan steps for one transaction.
import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { StoreDialect } from './dialect.ts';
import type { EffectsTable } from './schema.ts';
import { toPostgresSql, type WriteStep } from './plan.ts';
import type { Tx } from './transaction.ts';
import type { Effect } from '../cases/effects.ts';
import type { Reason } from '../cases/reasons.ts';
import type { Case } from '../cases/state.ts';

/** Statuses after which nothing more is followed. */
const FINAL_STATUSES = new Set<Case['status']>(['CLOSED', 'REJECTED']);

/** Whether a case still needs tracking, timers or people. */
export function caseIsOpen(c: Case): boolean {
  if (FINAL_STATUSES.has(c.status)) return false;
  if (c.complaints.some((x) => x.status === 'OPEN')) return true;
  if (c.supportTasks.some((t) => t.status === 'OPEN')) return true;
  if (c.status !== 'REFUNDED') return true;
  return c.shipments.some((s) => !shipmentIsTerminal(c, s));
}

/** A shipment is followed until it is back, delivered (the delivery itself is the last fact), or its case ended. */
export function shipmentIsTerminal(c: Case, s: Case['shipments'][number]): boolean {
  if (FINAL_STATUSES.has(c.status)) return true;
  if (s.returnRecord) return true;
  // A parcel the carrier never collected is settled once the refund went out (the merchant was asked to
  // cancel the handover): there is nothing more to follow.
  if (s.view.logistics === 'NOT_COLLECTED' && c.status === 'REFUNDED') return true;
  // Goods that never came back: once support has closed the complaint about them, nothing is left to follow.
  if (c.complaints.some((x) => x.shipmentId === s.id && x.status !== 'OPEN')) return true;
  return s.view.logistics === 'RETURNED' || s.view.logistics === 'DELIVERED';
}

/** The outbox id (and idempotency key) of an effect that goes to the outbox; undefined for effects done in the transaction. */
export function outboxKey(c: Case, effect: Effect, now: string): string | undefined {
  switch (effect.type) {
    case 'AGREE_REFUND':
    case 'AGREE_REFUSE_SIGN':
    case 'REJECT_REFUND':
    case 'INTERCEPT':
    case 'NOTIFY_WEBHOOK':
      return effect.idempotencyKey;
    case 'CANCEL_INTERCEPTION':
      return `${effect.interceptIdempotencyKey}:cancel`;
    case 'OPEN_COMPLAINT':
      return effect.via === 'HUB_WORK_ORDER' ? `${effect.complaintId}:work-order` : undefined;
    case 'FETCH_AFTER_SALE':
      return `${c.id}:fetch:${effect.reason}:${now}`;
    case 'OPEN_SUPPORT_TASK':
    case 'SET_TIMER':
    case 'CANCEL_TIMER':
    case 'TRACK_SHIPMENT':
      return undefined;
  }
}

/** A stable fingerprint of an event: the same fact delivered twice is applied once. */
export function eventFingerprint(event: unknown): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The searchable columns of the case row (the ones the API and console filter on), derived from the state. */
export function searchableColumns(c: Case): StoredCaseColumns {
  return {
    status: c.status,
    refuse_sign_agreed: c.agreement.agreedAt ? 1 : 0,
    due_at: c.deadline.due ?? null,
    at_risk: c.supportTasks.some((t) => t.kind === 'DEADLINE_AT_RISK' && t.status === 'OPEN') ? 1 : 0,
    open: caseIsOpen(c) ? 1 : 0,
  };
}

/** Columns of the case row derived from the state. */
export function caseColumns(c: Case, platform: string) {
  return {
    merchant_id: c.merchantId,
    platform,
    after_sale_id: c.afterSaleId,
    mode: c.mode,
    state_json: JSON.stringify(c),
    ...searchableColumns(c),
  };
}

// The statements of a decision, written once for SQLite and PostgreSQL (`?` placeholders, numbered for PostgreSQL).
const INSERT_CASE =
  'insert into cases (id, merchant_id, platform, after_sale_id, mode, status, refuse_sign_agreed, state_json, due_at, at_risk, open, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing';
const INSERT_EVENT =
  'insert into case_events (case_id, fingerprint, type, occurred_at, payload_json, recorded_at, audit_json) values (?, ?, ?, ?, ?, ?, ?) on conflict (case_id, fingerprint) do nothing';
// A new leg takes the phone digits given for it, else those stored for its own number or its shipment's first
// number (looked up by the writer in the same transaction); an existing row keeps its own.
const UPSERT_SHIPMENT = `insert into shipments (case_id, waybill_no, shipment_id, carrier_id, phone_last4, terminal, next_poll_at, last_polled_at)
  values (?, ?, ?, ?, coalesce(?, (select s.phone_last4 from shipments s where s.case_id = ? and s.waybill_no = ?), (select s.phone_last4 from shipments s where s.case_id = ? and s.waybill_no = ?)), ?, ?, null)
  on conflict (case_id, waybill_no) do update set terminal = excluded.terminal`;
const UPSERT_TIMER =
  "insert into timers (id, case_id, timer_id, kind, due_at, status, payload_json) values (?, ?, ?, ?, ?, 'PENDING', ?) on conflict (id) do update set due_at = excluded.due_at, status = 'PENDING', payload_json = excluded.payload_json where timers.status <> 'PENDING' or timers.due_at <> excluded.due_at or timers.payload_json <> excluded.payload_json";
const CANCEL_TIMER = "update timers set status = 'CANCELLED' where id = ? and status = 'PENDING'";
const POLL_NOW = 'update shipments set next_poll_at = ? where case_id = ? and waybill_no = ?';
const INSERT_LOCK =
  'insert into intercept_locks (waybill_no, case_id, interception_id, route, locked_at) values (?, ?, ?, ?, ?) on conflict (waybill_no) do nothing';
const RELEASE_LOCK = 'delete from intercept_locks where waybill_no = ? and interception_id = ?';
const INSERT_EFFECT_LEASED =
  "insert into effects (id, case_id, type, idempotency_key, payload_json, status, attempts, next_attempt_at, lease_owner, lease_until, sent_at, last_error, result_json, created_at, updated_at) values (?, ?, ?, ?, ?, 'RUNNING', 1, ?, ?, ?, null, null, null, ?, ?) on conflict (idempotency_key) do nothing";
const INSERT_EFFECT =
  "insert into effects (id, case_id, type, idempotency_key, payload_json, status, attempts, next_attempt_at, lease_owner, lease_until, sent_at, last_error, result_json, created_at, updated_at) values (?, ?, ?, ?, ?, 'PENDING', 0, ?, null, null, null, null, null, ?, ?) on conflict (idempotency_key) do nothing";

/** Guard names of a decision's plan. */
export const GUARD = {
  /** The event's fingerprint was already stored: the fact was applied before. */
  duplicate: 'duplicate',
  /** The case changed since it was read (optimistic version): read again and decide again. */
  version: 'version',
  /** A case for the same merchant, platform and after-sale already exists. */
  exists: 'exists',
} as const;

/** The new case row (fails the `exists` guard when the after-sale is already a case). */
export function insertCaseStep(c: Case, platform: string, now: string): WriteStep {
  const k = caseColumns(c, platform);
  return {
    sql: INSERT_CASE,
    expectChanges: 1,
    guard: GUARD.exists,
    params: [
      c.id,
      k.merchant_id,
      k.platform,
      k.after_sale_id,
      k.mode,
      k.status,
      k.refuse_sign_agreed,
      k.state_json,
      k.due_at,
      k.at_risk,
      k.open,
      1,
      now,
      now,
    ],
  };
}

/** The searchable columns of a case row, as a decision read them (the ones a decision may change). */
export interface StoredCaseColumns {
  status: string;
  refuse_sign_agreed: number;
  due_at: string | null;
  at_risk: number;
  open: number;
}

/** The columns of `StoredCaseColumns`, in the order an update sets them. */
const SEARCHABLE_COLUMNS = ['status', 'refuse_sign_agreed', 'due_at', 'at_risk', 'open'] as const;

/**
 * Stores a case's new state if its version is still `version` (guard `version`: another writer changed
 * it first). Of the searchable columns only those that differ from `stored` (the row as read) are set:
 * SQLite rewrites an index entry whenever its column is in the SET list, even to the same value, and
 * each rewritten index page is one more page the commit writes and syncs.
 */
export function updateCaseStep(c: Case, version: number, now: string, stored: StoredCaseColumns): WriteStep {
  const k = caseColumns(c, '');
  const sets = ['state_json = ?', 'version = ?', 'updated_at = ?'];
  const params: unknown[] = [k.state_json, version + 1, now];
  for (const column of SEARCHABLE_COLUMNS) {
    if ((stored[column] ?? null) === (k[column] ?? null)) continue;
    sets.push(`${column} = ?`);
    params.push(k[column]);
  }
  return {
    sql: `update cases set ${sets.join(', ')} where id = ? and version = ?`,
    expectChanges: 1,
    guard: GUARD.version,
    params: [...params, c.id, version],
  };
}

/** One audit entry of a decision: a reason, or an effect it issued (with the effect). */
export interface AuditEntry {
  code: string;
  message: string;
  effect?: Effect;
}

/** The audit entries of a decision: its reasons, then the effects it issued (timers and tracking polls are in their own tables). */
export function auditEntries(reasons: readonly Reason[], effects: readonly Effect[]): AuditEntry[] {
  const entries: AuditEntry[] = reasons.map((r) => ({ code: r.code, message: [r.target, r.detail].filter(Boolean).join(' ') }));
  for (const effect of effects) {
    if (effect.type === 'SET_TIMER' || effect.type === 'CANCEL_TIMER' || effect.type === 'TRACK_SHIPMENT') continue;
    entries.push({ code: `EFFECT_${effect.type}`, message: 'effect issued', effect });
  }
  return entries;
}

/**
 * The applied event with the decision's audit entries (the audit log is this row: one write per decision),
 * once per fingerprint (else the `duplicate` guard fails).
 */
export function insertEventStep(
  caseId: string,
  fingerprint: string,
  type: string,
  occurredAt: string,
  payload: unknown,
  now: string,
  audit: readonly AuditEntry[],
): WriteStep {
  return {
    sql: INSERT_EVENT,
    expectChanges: 1,
    guard: GUARD.duplicate,
    params: [caseId, fingerprint, type, occurredAt, JSON.stringify(payload), now, JSON.stringify(audit)],
  };
}

/**
 * Outbox effects stored already claimed by the runner of the process that decided them (as a claim
 * would leave them: RUNNING, attempt 1, leased to `owner` until `leaseUntil`), so that it runs them
 * without a separate claiming transaction. A crash leaves them to any runner once the lease lapses,
 * which then counts a second attempt (a money call is reconciled before it is sent again).
 */
export interface EffectLease {
  owner: string;
  /** ISO UTC. */
  leaseUntil: string;
  /** Filled with the effect row each insert step stores, if it stores one (the step changed one row). */
  issued: Map<WriteStep, EffectsTable>;
}

/**
 * Everything a decision produced except the case row and its event (with the audit entries): shipments
 * to follow, timers, outbox effects, locks. `phones`: last four phone digits given with the decision's
 * input (opening a case), by waybill or shipment; for numbers not in it the stored digits are used.
 * With `lease`, outbox effects are stored already leased (see {@link EffectLease}).
 */
export function decisionSteps(
  c: Case,
  effects: readonly Effect[],
  now: string,
  phones: Record<string, string>,
  lease?: EffectLease,
): WriteStep[] {
  const steps: WriteStep[] = [];
  // One row per waybill (legs may name a number twice: the last wins).
  const shipmentRows = new Map<string, unknown[]>();
  for (const shipment of c.shipments) {
    const terminal = shipmentIsTerminal(c, shipment) ? 1 : 0;
    for (const leg of shipment.legs) {
      const phone = phones[leg.waybillNo] ?? phones[shipment.id] ?? null;
      shipmentRows.set(leg.waybillNo, [
        c.id,
        leg.waybillNo,
        shipment.id,
        leg.carrierId,
        phone,
        c.id,
        leg.waybillNo,
        c.id,
        shipment.id,
        terminal,
        now,
      ]);
    }
  }
  for (const params of shipmentRows.values()) steps.push({ sql: UPSERT_SHIPMENT, params });
  for (const effect of effects) {
    if (effect.type === 'SET_TIMER') {
      steps.push({
        sql: UPSERT_TIMER,
        params: [`${c.id}:${effect.timer.id}`, c.id, effect.timer.id, effect.timer.kind, effect.timer.at, JSON.stringify(effect.timer)],
      });
      continue;
    }
    if (effect.type === 'CANCEL_TIMER') {
      steps.push({ sql: CANCEL_TIMER, params: [`${c.id}:${effect.timerId}`] });
      continue;
    }
    if (effect.type === 'TRACK_SHIPMENT') {
      steps.push({ sql: POLL_NOW, params: [now, c.id, effect.waybillNo] });
      continue;
    }
    if (effect.type === 'INTERCEPT' && effect.route.kind !== 'OFFLINE') {
      // One interception in flight per waybill across routes and cases, taken with the decision.
      steps.push({ sql: INSERT_LOCK, params: [effect.waybillNo, c.id, effect.interceptionId, effect.route.kind, now] });
    }
    const key = outboxKey(c, effect, now);
    if (key === undefined) continue;
    const payload = JSON.stringify(effect);
    if (!lease) {
      steps.push({ sql: INSERT_EFFECT, params: [key, c.id, effect.type, key, payload, now, now, now] });
      continue;
    }
    const step: WriteStep = {
      sql: INSERT_EFFECT_LEASED,
      params: [key, c.id, effect.type, key, payload, now, lease.owner, lease.leaseUntil, now, now],
    };
    steps.push(step);
    lease.issued.set(step, {
      id: key,
      case_id: c.id,
      type: effect.type,
      idempotency_key: key,
      payload_json: payload,
      status: 'RUNNING',
      attempts: 1,
      next_attempt_at: now,
      lease_owner: lease.owner,
      lease_until: lease.leaseUntil,
      sent_at: null,
      last_error: null,
      result_json: null,
      created_at: now,
      updated_at: now,
    });
  }
  // An interception that ended without stopping the parcel frees the waybill for another attempt.
  for (const ix of c.interceptions) {
    if (ix.state === 'REJECTED' || ix.state === 'FAILED' || ix.state === 'CANCELLED')
      steps.push({ sql: RELEASE_LOCK, params: [ix.waybillNo, ix.id] });
  }
  return steps;
}

/**
 * Runs plan steps inside an open interactive transaction. Stops at the first failed guard and names it
 * (the caller decides whether to roll back); steps before it have run.
 */
export async function runStepsIn(tx: Tx, dialect: StoreDialect, steps: readonly WriteStep[]): Promise<{ guard?: string }> {
  for (const step of steps) {
    const result = await tx.executeQuery(CompiledQuery.raw(dialect === 'postgres' ? toPostgresSql(step.sql) : step.sql, [...step.params]));
    const changes = result.rows.length > 0 ? result.rows.length : Number(result.numAffectedRows ?? 0n);
    if (step.expectChanges !== undefined && changes !== step.expectChanges) return { guard: step.guard ?? 'guard' };
  }
  return {};
}
