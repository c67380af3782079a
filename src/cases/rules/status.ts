// Rule: derive the case status from its money facts (closed, refunded, rejected, refund issued, agreed, open).
import type { Ctx } from '../decide-context.ts';
import type { Case, CaseStatus } from '../state.ts';
import type { EvalState } from './evaluation.ts';

/** The status a case's facts give, the most final first. */
export function statusOf(c: Case): CaseStatus {
  if (c.closed !== undefined) return c.closed.cause === 'REFUNDED' ? 'REFUNDED' : 'CLOSED';
  if (c.refundedAt !== undefined) return 'REFUNDED';
  if (c.rejection !== undefined) return 'REJECTED';
  if (c.refund !== undefined) return 'REFUND_ISSUED';
  if (c.agreement.agreedAt !== undefined) return 'REFUSE_SIGN_AGREED';
  return 'OPEN';
}

/**
 * Status (DESIGN §2: derived parts are recomputed on every decision): `c.status` from the facts the earlier rules
 * left. Emits no reason code.
 *
 * Example: a case agreed at 11:00 whose refund the refund rule just issued → `REFUND_ISSUED`; once the platform's
 * refund is observed (`refundedAt`) → `REFUNDED`.
 */
export function statusRule(ctx: Ctx, _state: EvalState): void {
  ctx.c.status = statusOf(ctx.c);
}
