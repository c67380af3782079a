// Money and complaint actions the apply handlers and the rules share: reject, refund, open a complaint (each issued at most once).
import type { Ctx } from './decide-context.ts';
import { latestLeg } from './decide-context.ts';
import { idempotencyKey } from './effects.ts';
import type { Effect } from './effects.ts';
import type { ReasonCode } from './reasons.ts';
import type { Complaint, Interception, Shipment } from './state.ts';

/** Rejects refund-only, advising return-and-refund (REJECT_AFTER_SIGNED); at most once per case, recorded as `c.rejection`. */
export function issueReject(ctx: Ctx): void {
  const { c } = ctx;
  const key = idempotencyKey(c.id, 'reject', c.afterSaleId);
  const issued = ctx.issueMoney('reject', {
    type: 'REJECT_REFUND',
    action: 'reject',
    idempotencyKey: key,
    afterSaleId: c.afterSaleId,
    via: ctx.via,
    advice: 'RETURN_AND_REFUND',
    reason: 'REJECT_AFTER_SIGNED',
  });
  if (issued) {
    c.rejection = { action: 'reject', idempotencyKey: key, reason: 'REJECT_AFTER_SIGNED', issuedAt: ctx.now };
    ctx.reason('REJECT_AFTER_SIGNED', undefined, ctx.via);
  }
}

/** Agrees the refund for `reason`; at most once per case, recorded as `c.refund` (and no refund is pending any more). */
export function issueRefund(ctx: Ctx, reason: ReasonCode): void {
  const { c } = ctx;
  const key = idempotencyKey(c.id, 'refund', c.afterSaleId);
  const issued = ctx.issueMoney('refund', {
    type: 'AGREE_REFUND',
    action: 'refund',
    idempotencyKey: key,
    afterSaleId: c.afterSaleId,
    amountFen: c.refundAmountFen,
    via: ctx.via,
    reason,
  });
  if (issued) {
    c.refund = { action: 'refund', idempotencyKey: key, reason, issuedAt: ctx.now, amountFen: c.refundAmountFen };
    delete c.refundPending;
    ctx.reason(reason, undefined, ctx.via);
  }
}

/** The complaint to open about `s` (through the hub when the interception went through it, otherwise a support task). */
function newComplaint(ctx: Ctx, id: string, s: Shipment, reason: Complaint['reason'], ix: Interception | undefined): Complaint {
  const viaHub = ix?.channel === 'HUB';
  const complaint: Complaint = {
    id,
    shipmentId: s.id,
    reason,
    via: viaHub ? 'HUB_WORK_ORDER' : 'SUPPORT_TASK',
    claimCompensation: reason === 'INTERCEPT_BREACHED',
    status: 'OPEN',
    openedAt: ctx.now,
  };
  if (viaHub) complaint.hubId = ctx.rules.hubId;
  if (ix?.channel === 'PLATFORM_SERVICE' && ix.serviceOrderLink !== undefined) complaint.serviceOrderLink = ix.serviceOrderLink;
  if (ix !== undefined) complaint.interceptionId = ix.id;
  return complaint;
}

/**
 * Opens a complaint about a parcel whose goods did not come back (once per parcel and reason; never a second open one
 * per parcel: COMPLAINT_ALREADY_OPEN), with an OPEN_COMPLAINT effect and, when support handles it, a support task.
 */
export function openComplaint(ctx: Ctx, s: Shipment, reason: Complaint['reason'], ix: Interception | undefined, note?: string): void {
  const { c } = ctx;
  const id = `${c.id}:complaint:${s.id}:${reason}`;
  if (c.complaints.some((x) => x.id === id)) return;
  if (c.complaints.some((x) => x.shipmentId === s.id && x.status === 'OPEN')) {
    if (ctx.once(`complaint-blocked:${id}`)) ctx.reason('COMPLAINT_ALREADY_OPEN', s.id, reason);
    return;
  }
  const complaint = newComplaint(ctx, id, s, reason, ix);
  if (note !== undefined) complaint.note = note;
  const leg = latestLeg(s);
  const effect: Effect = {
    type: 'OPEN_COMPLAINT',
    complaintId: id,
    shipmentId: s.id,
    waybillNo: leg.waybillNo,
    via: complaint.via,
    claimCompensation: complaint.claimCompensation,
    reason,
  };
  if (complaint.hubId !== undefined) effect.hubId = complaint.hubId;
  if (complaint.serviceOrderLink !== undefined) effect.serviceOrderLink = complaint.serviceOrderLink;
  if (!ctx.issue(id, effect)) return;
  c.complaints.push(complaint);
  if (complaint.via === 'SUPPORT_TASK') c.supportTasks.push({ id, kind: reason, target: s.id, status: 'OPEN', openedAt: ctx.now });
  ctx.reason(reason, s.id, complaint.via);
}
