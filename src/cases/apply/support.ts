// Apply handlers for support and merchant actions: reject after signing, support tasks, complaints, refused credentials, timers.
import { issueReject, openComplaint } from '../decide-actions.ts';
import type { Ctx } from '../decide-context.ts';
import { moneyOpen, openTask, relevantShipments, successfulInterception } from '../decide-context.ts';
import { toIso, toMs } from '../time.ts';
import type { EventOf } from './handler.ts';

/** The merchant asks to reject refund-only: allowed while the money is open and some parcel with refunded goods was signed. */
export function rejectAfterSigned(ctx: Ctx): void {
  const { c } = ctx;
  if (!moneyOpen(c)) {
    ctx.reason('REJECT_NOT_ALLOWED', undefined, 'the after-sale is already settled');
    return;
  }
  const signed = relevantShipments(c).filter((s) => s.view.deliveredAt !== undefined);
  if (signed.length === 0) {
    ctx.reason(
      'REJECT_NOT_ALLOWED',
      undefined,
      relevantShipments(c)
        .map((s) => `${s.id}:${s.view.logistics}`)
        .join(','),
    );
    return;
  }
  issueReject(ctx);
}

/** A support task was completed; a complaint it stands for is resolved with it. */
export function completeSupportTask(ctx: Ctx, ev: EventOf<'COMPLETE_SUPPORT_TASK'>): void {
  const { c } = ctx;
  const task = c.supportTasks.find((t) => t.id === ev.taskId);
  if (task === undefined) {
    ctx.reason('EVENT_IGNORED', ev.taskId, 'unknown support task');
    return;
  }
  if (task.status === 'OPEN') {
    task.status = 'DONE';
    task.completedAt = toIso(toMs(ev.at));
    if (ev.outcome !== undefined) task.outcome = ev.outcome;
  }
  const complaint = c.complaints.find((x) => x.id === ev.taskId);
  if (complaint !== undefined && complaint.status === 'OPEN') {
    complaint.status = 'RESOLVED';
    complaint.closedAt = toIso(toMs(ev.at));
    if (ev.compensationFen !== undefined) complaint.compensationFen = ev.compensationFen;
    ctx.reason('COMPLAINT_UPDATED', complaint.id, 'RESOLVED');
  }
  ctx.reason('SUPPORT_TASK_COMPLETED', task.id, ev.outcome);
}

/** Support opens a complaint about a parcel, against its successful (or else its latest) interception. */
export function complaintRequested(ctx: Ctx, ev: EventOf<'COMPLAINT_REQUESTED'>): void {
  const { c } = ctx;
  const s = c.shipments.find((x) => x.id === ev.shipmentId);
  if (s === undefined) {
    ctx.reason('EVENT_IGNORED', ev.shipmentId, 'unknown shipment');
    return;
  }
  openComplaint(ctx, s, ev.reason, successfulInterception(c, s) ?? c.interceptions.filter((ix) => ix.shipmentId === s.id).at(-1), ev.note);
}

/** A complaint's status changed (hub work order, support outcome). */
export function complaintUpdated(ctx: Ctx, ev: EventOf<'COMPLAINT_UPDATED'>): void {
  const complaint = ctx.c.complaints.find((x) => x.id === ev.complaintId);
  if (complaint === undefined) {
    ctx.reason('EVENT_IGNORED', ev.complaintId, 'unknown complaint');
    return;
  }
  complaint.status = ev.status;
  if (ev.status !== 'OPEN') complaint.closedAt = toIso(toMs(ev.at));
  if (ev.compensationFen !== undefined) complaint.compensationFen = ev.compensationFen;
  if (ev.hubRef !== undefined) complaint.hubRef = ev.hubRef;
  ctx.reason('COMPLAINT_UPDATED', complaint.id, ev.status);
}

/** A carrier refused the merchant's credentials: a support task per carrier, said when it is new. */
export function carrierCredentialsRejected(ctx: Ctx, ev: EventOf<'CARRIER_CREDENTIALS_REJECTED'>): void {
  const { c } = ctx;
  const before = c.supportTasks.length;
  openTask(ctx, 'CARRIER_CREDENTIALS_REJECTED', ev.carrierId, `${ev.accountId}: ${ev.detail ?? 'credentials rejected'}`);
  if (c.supportTasks.length > before) ctx.reason('CARRIER_CREDENTIALS_REJECTED', ev.carrierId, ev.detail);
}

/** A wake-up: the rules look at `now`. The fired timer is dropped by the timer reconciliation. */
export function timerFired(): void {}
