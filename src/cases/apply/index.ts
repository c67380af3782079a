// The apply step of a decision: one handler per event type (the table), and the dispatch through it.
import type { Ctx } from '../decide-context.ts';
import type { CaseEvent } from '../events.ts';
import type { Handler, Handlers } from './handler.ts';
import { interceptCallback, interceptCancelReply, interceptReply, recordOfflineResult } from './interception.ts';
import {
  arbitration,
  buyerModified,
  closed,
  platformDeadlineChanged,
  platformManualRequired,
  refunded,
  refuseSignAgreed,
  refuseSignDeclined,
} from './platform.ts';
import { confirmMixedParcel, requestInterceptionEvent } from './request-interception.ts';
import { recordReturn, shipmentsAdded, trackingUpdate } from './shipments.ts';
import {
  carrierCredentialsRejected,
  complaintRequested,
  complaintUpdated,
  completeSupportTask,
  rejectAfterSigned,
  timerFired,
} from './support.ts';

/** How each event type changes the facts of a case (the rules then decide what follows). */
export const HANDLERS: Handlers = {
  REFUSE_SIGN_AGREED: refuseSignAgreed,
  REFUSE_SIGN_DECLINED: refuseSignDeclined,
  BUYER_MODIFIED: buyerModified,
  PLATFORM_DEADLINE_CHANGED: platformDeadlineChanged,
  REFUNDED: refunded,
  CLOSED: closed,
  ARBITRATION: arbitration,
  TRACKING_UPDATE: trackingUpdate,
  INTERCEPT_REPLY: interceptReply,
  INTERCEPT_CALLBACK: interceptCallback,
  INTERCEPT_CANCEL_REPLY: interceptCancelReply,
  REQUEST_INTERCEPTION: requestInterceptionEvent,
  RECORD_OFFLINE_RESULT: recordOfflineResult,
  CONFIRM_MIXED_PARCEL: confirmMixedParcel,
  REJECT_AFTER_SIGNED: rejectAfterSigned,
  COMPLETE_SUPPORT_TASK: completeSupportTask,
  SHIPMENTS_ADDED: shipmentsAdded,
  RECORD_RETURN: recordReturn,
  COMPLAINT_REQUESTED: complaintRequested,
  COMPLAINT_UPDATED: complaintUpdated,
  CARRIER_CREDENTIALS_REJECTED: carrierCredentialsRejected,
  PLATFORM_MANUAL_REQUIRED: platformManualRequired,
  TIMER_FIRED: timerFired,
};

/** Records the facts `ev` brings into the case, through the handler of its type. */
export function apply(ctx: Ctx, ev: CaseEvent): void {
  // The table gives each type its own handler; TypeScript cannot tie `HANDLERS[ev.type]` to `ev`, hence the widening.
  const handler = HANDLERS[ev.type] as Handler<CaseEvent['type']>;
  handler(ctx, ev);
}
