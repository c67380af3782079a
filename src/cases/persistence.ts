// Writes one decision in the caller's transaction: case row, shipments to follow, the event, outbox effects, timers and audit rows.
import { createHash } from 'node:crypto';
import type { Tx } from '../store/transaction.ts';
import type { Effect } from './effects.ts';
import type { Reason } from './reasons.ts';
import type { Case } from './state.ts';

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
    case 'AGREE_REFUND': case 'AGREE_REFUSE_SIGN': case 'REJECT_REFUND': case 'INTERCEPT': case 'NOTIFY_WEBHOOK':
      return effect.idempotencyKey;
    case 'CANCEL_INTERCEPTION':
      return `${effect.interceptIdempotencyKey}:cancel`;
    case 'OPEN_COMPLAINT':
      return effect.via === 'HUB_WORK_ORDER' ? `${effect.complaintId}:work-order` : undefined;
    case 'FETCH_AFTER_SALE':
      return `${c.id}:fetch:${effect.reason}:${now}`;
    case 'OPEN_SUPPORT_TASK': case 'SET_TIMER': case 'CANCEL_TIMER': case 'TRACK_SHIPMENT':
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
    return `{${Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Columns of the case row derived from the state. */
export function caseColumns(c: Case, platform: string) {
  return {
    merchant_id: c.merchantId,
    platform,
    after_sale_id: c.afterSaleId,
    mode: c.mode,
    status: c.status,
    refuse_sign_agreed: c.agreement.agreedAt ? 1 : 0,
    state_json: JSON.stringify(c),
    due_at: c.deadline.due,
    at_risk: c.supportTasks.some((t) => t.kind === 'DEADLINE_AT_RISK' && t.status === 'OPEN') ? 1 : 0,
    open: caseIsOpen(c) ? 1 : 0,
  };
}

/** Writes everything a decision produced except the case row itself. */
export async function writeDecisionEffects(tx: Tx, c: Case, effects: readonly Effect[], reasons: readonly Reason[], now: string, source: unknown, phones: Record<string, string>): Promise<void> {
  // Shipments and legs to follow: one multi-row upsert (a decision's writes are few statements).
  const shipmentRows = c.shipments.flatMap((shipment) => {
    const terminal = shipmentIsTerminal(c, shipment) ? 1 : 0;
    return shipment.legs.map((leg) => ({
      case_id: c.id, waybill_no: leg.waybillNo, shipment_id: shipment.id, carrier_id: leg.carrierId,
      phone_last4: phones[leg.waybillNo] ?? phones[shipment.id] ?? null, terminal, next_poll_at: now, last_polled_at: null,
    }));
  });
  // One row per waybill (PostgreSQL refuses to update the same row twice in one statement).
  const uniqueShipmentRows = [...new Map(shipmentRows.map((r) => [r.waybill_no, r])).values()];
  if (uniqueShipmentRows.length > 0) {
    await tx.insertInto('shipments').values(uniqueShipmentRows)
      .onConflict((oc) => oc.columns(['case_id', 'waybill_no']).doUpdateSet((eb) => ({ terminal: eb.ref('excluded.terminal') }))).execute();
  }
  const outboxRows = [];
  const auditRows = [];
  const sourceJson = JSON.stringify(source ?? null);
  for (const reason of reasons) {
    auditRows.push({ case_id: c.id, at: now, reason_code: reason.code, message: [reason.target, reason.detail].filter(Boolean).join(' '), payload_json: sourceJson });
  }
  for (const effect of effects) {
    if (effect.type === 'SET_TIMER') {
      const id = `${c.id}:${effect.timer.id}`;
      await tx.insertInto('timers').values({ id, case_id: c.id, timer_id: effect.timer.id, kind: effect.timer.kind, due_at: effect.timer.at, status: 'PENDING', payload_json: JSON.stringify(effect.timer) })
        .onConflict((oc) => oc.column('id').doUpdateSet({ due_at: effect.timer.at, status: 'PENDING', payload_json: JSON.stringify(effect.timer) })).execute();
      continue;
    }
    if (effect.type === 'CANCEL_TIMER') {
      await tx.updateTable('timers').set({ status: 'CANCELLED' }).where('id', '=', `${c.id}:${effect.timerId}`).where('status', '=', 'PENDING').execute();
      continue;
    }
    if (effect.type === 'TRACK_SHIPMENT') {
      await tx.updateTable('shipments').set({ next_poll_at: now }).where('case_id', '=', c.id).where('waybill_no', '=', effect.waybillNo).execute();
      continue;
    }
    const effectJson = JSON.stringify(effect);
    auditRows.push({ case_id: c.id, at: now, reason_code: `EFFECT_${effect.type}`, message: 'effect issued', payload_json: effectJson });
    if (effect.type === 'INTERCEPT' && effect.route.kind !== 'OFFLINE') {
      // One interception in flight per waybill across routes and cases, taken with the decision.
      await tx.insertInto('intercept_locks').values({ waybill_no: effect.waybillNo, case_id: c.id, interception_id: effect.interceptionId, route: effect.route.kind, locked_at: now })
        .onConflict((oc) => oc.column('waybill_no').doNothing()).execute();
    }
    const key = outboxKey(c, effect, now);
    if (key === undefined) continue;
    outboxRows.push({
      id: key, case_id: c.id, type: effect.type, idempotency_key: key, payload_json: effectJson, status: 'PENDING',
      attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null, sent_at: null, last_error: null, result_json: null, created_at: now, updated_at: now,
    });
  }
  if (outboxRows.length > 0) await tx.insertInto('effects').values(outboxRows).onConflict((oc) => oc.column('idempotency_key').doNothing()).execute();
  // An interception that ended without stopping the parcel frees the waybill for another attempt.
  for (const ix of c.interceptions) {
    if (ix.state === 'REJECTED' || ix.state === 'FAILED' || ix.state === 'CANCELLED') {
      await tx.deleteFrom('intercept_locks').where('waybill_no', '=', ix.waybillNo).where('interception_id', '=', ix.id).execute();
    }
  }
  if (auditRows.length > 0) await tx.insertInto('audit_log').values(auditRows).execute();
}
