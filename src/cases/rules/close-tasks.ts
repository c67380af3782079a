// Rule: close the open support tasks whose cause is gone, saying why.
import type { Ctx } from '../decide-context.ts';
import { moneyOpen } from '../decide-context.ts';
import type { ReasonCode } from '../reasons.ts';
import type { Case, SupportTask } from '../state.ts';
import { toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/** Task kinds that only ask support to decide something about the money or the interception: moot once the case is final. */
const DECISION_TASKS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'DEADLINE_AT_RISK',
  'REJECT_AFTER_SIGNED',
  'DELIVERED_BEFORE_INTERCEPT',
  'INTERCEPT_NEEDS_CONFIRMATION',
]);

/** Why an open task no longer needs anyone, or undefined while it still does. */
function causeGone(c: Case, task: SupportTask): string | undefined {
  const complaint = c.complaints.find((x) => x.id === task.id);
  if (complaint !== undefined) return complaint.status === 'OPEN' ? undefined : `complaint ${complaint.status}`;
  if (task.kind === 'INTERCEPT_NEEDS_CONFIRMATION') {
    const s = c.shipments.find((x) => x.id === task.target);
    if (s?.view.deliveredAt !== undefined) return `parcel ${s.id} delivered`;
    if (s?.view.returnedAt !== undefined || s?.view.logistics === 'RETURNING') return `parcel ${s.id} on its way back`;
  }
  if (task.kind === 'DEADLINE_AT_RISK' && !moneyOpen(c)) return `money settled (${c.status})`;
  if (task.kind === 'CARRIER_CREDENTIALS_REJECTED') {
    const answered = c.shipments.some(
      (s) => s.carrierId === task.target && s.lastTrackedAt !== undefined && toMs(s.lastTrackedAt) > toMs(task.openedAt),
    );
    if (answered) return `${task.target} answered again`;
  }
  if (DECISION_TASKS.has(task.kind) && (c.status === 'REFUNDED' || c.status === 'CLOSED' || c.status === 'REJECTED'))
    return `case ${c.status}`;
  return undefined;
}

/**
 * Close tasks whose cause is gone (DESIGN §2): a complaint's task when the complaint is settled, a confirmation
 * when the parcel was delivered or is coming back, an at-risk task once the money is settled, a credentials task
 * once the carrier answers again, any decision task once the case is final (reads the status the status rule set).
 * Each task is closed as DONE by lanjie, its reason in the outcome. Emits `SUPPORT_TASK_CLOSED_CAUSE_GONE`.
 *
 * Example: an open `DEADLINE_AT_RISK` task, then the refund is issued → the task is DONE with outcome
 * "closed by lanjie: money settled (REFUND_ISSUED)" and `SUPPORT_TASK_CLOSED_CAUSE_GONE`.
 */
export function closeTasksWhoseCauseIsGone(ctx: Ctx, _state: EvalState): void {
  for (const task of ctx.c.supportTasks) {
    if (task.status !== 'OPEN') continue;
    const why = causeGone(ctx.c, task);
    if (why === undefined) continue;
    task.status = 'DONE';
    task.completedAt = ctx.now;
    task.outcome = `closed by lanjie: ${why}`;
    task.closedBy = 'lanjie';
    ctx.reason('SUPPORT_TASK_CLOSED_CAUSE_GONE', task.id, why);
  }
}
