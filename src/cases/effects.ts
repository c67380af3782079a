// Effects: plain data describing what must be done (never calls), executed later and idempotently by a durable runner.
import type { InterceptChannel, InterceptKind } from '../carrier/model.ts';
import type { InterceptRoute } from './events.ts';
import type { ReasonCode } from './reasons.ts';
import type { Timer } from './state.ts';

/**
 * How an after-sale operation reaches the platform: PLATFORM_API (Douyin after-sale operate, with the
 * `update_time` check) in douyin mode, WEBHOOK (a signed instruction to the merchant's system) in generic mode.
 */
export type AfterSaleVia = 'PLATFORM_API' | 'WEBHOOK';

/** Agree the refund (Douyin operate type 201, or a webhook instruction). A money effect. */
export interface AgreeRefundEffect {
  type: 'AGREE_REFUND';
  action: 'refund';
  /** Deterministic: `${caseId}:refund:${afterSaleId}`. */
  idempotencyKey: string;
  afterSaleId: string;
  amountFen: number;
  via: AfterSaleVia;
  reason: ReasonCode;
}

/** Agree refund-after-rejection (Douyin operate type 203, or a webhook instruction). A money effect. */
export interface AgreeRefuseSignEffect {
  type: 'AGREE_REFUSE_SIGN';
  action: 'agree-refuse-sign';
  idempotencyKey: string;
  afterSaleId: string;
  via: AfterSaleVia;
  reason: ReasonCode;
}

/** Reject the refund-only request and advise return-and-refund (Douyin operate type 202, or webhook). A money effect. */
export interface RejectRefundEffect {
  type: 'REJECT_REFUND';
  action: 'reject';
  idempotencyKey: string;
  afterSaleId: string;
  via: AfterSaleVia;
  advice: 'RETURN_AND_REFUND';
  reason: ReasonCode;
}

/** Call this route to intercept this waybill. */
export interface InterceptEffect {
  type: 'INTERCEPT';
  interceptionId: string;
  /** Deterministic: `${caseId}:intercept:${waybillNo}:${attempt}`; sent to carriers that accept one. */
  idempotencyKey: string;
  shipmentId: string;
  waybillNo: string;
  carrierId: string;
  route: InterceptRoute;
  channel: InterceptChannel;
  kind: InterceptKind;
  context: { platform: string; afterSaleId: string; skuOrderIds: string[] };
}

/** Cancel an interception where the carrier allows it. */
export interface CancelInterceptionEffect {
  type: 'CANCEL_INTERCEPTION';
  interceptionId: string;
  /** The idempotency key the interception was requested with. */
  interceptIdempotencyKey: string;
  waybillNo: string;
  carrierId: string;
  route: InterceptRoute;
  channel: InterceptChannel;
  reason: ReasonCode;
}

/** Open a task for support staff. */
export interface OpenSupportTaskEffect {
  type: 'OPEN_SUPPORT_TASK';
  taskId: string;
  kind: ReasonCode;
  target?: string;
  detail?: string;
}

/** Open a complaint about goods not returned: a support task, or a hub work order. */
export interface OpenComplaintEffect {
  type: 'OPEN_COMPLAINT';
  complaintId: string;
  shipmentId: string;
  waybillNo: string;
  via: 'SUPPORT_TASK' | 'HUB_WORK_ORDER';
  hubId?: string;
  serviceOrderLink?: string;
  claimCompensation: boolean;
  reason: ReasonCode;
}

/** Set (or move) a timer; the same id replaces the earlier one. */
export interface SetTimerEffect {
  type: 'SET_TIMER';
  timer: Timer;
}

/** Cancel a timer no longer wanted. */
export interface CancelTimerEffect {
  type: 'CANCEL_TIMER';
  timerId: string;
}

/** Tell the merchant's system (generic mode) by signed webhook. */
export interface NotifyWebhookEffect {
  type: 'NOTIFY_WEBHOOK';
  /** Deterministic, so the receiver can deduplicate. */
  idempotencyKey: string;
  topic: 'CANCEL_HANDOVER' | 'DEADLINE_TIMEOUT' | 'CASE_UPDATE';
  reason: ReasonCode;
  target?: string;
}

/** Track (or re-check) a waybill until it reaches a terminal state. */
export interface TrackShipmentEffect {
  type: 'TRACK_SHIPMENT';
  shipmentId: string;
  waybillNo: string;
  carrierId: string;
  purpose: 'FOLLOW' | 'RECHECK_BEFORE_REFUND';
}

/** Fetch the after-sale from the platform to observe what it did (douyin mode). */
export interface FetchAfterSaleEffect {
  type: 'FETCH_AFTER_SALE';
  afterSaleId: string;
  reason: ReasonCode;
}

/** Every effect. */
export type Effect =
  | AgreeRefundEffect
  | AgreeRefuseSignEffect
  | RejectRefundEffect
  | InterceptEffect
  | CancelInterceptionEffect
  | OpenSupportTaskEffect
  | OpenComplaintEffect
  | SetTimerEffect
  | CancelTimerEffect
  | NotifyWebhookEffect
  | TrackShipmentEffect
  | FetchAfterSaleEffect;

/** Effects that move money or change the after-sale's outcome; each carries `action` and `idempotencyKey`. */
export type MoneyEffect = AgreeRefundEffect | AgreeRefuseSignEffect | RejectRefundEffect;

/** Whether an effect is a money effect. */
export function isMoneyEffect(e: Effect): e is MoneyEffect {
  return e.type === 'AGREE_REFUND' || e.type === 'AGREE_REFUSE_SIGN' || e.type === 'REJECT_REFUND';
}

/** A deterministic idempotency key: case id + action + target. */
export function idempotencyKey(caseId: string, action: string, target?: string): string {
  return target === undefined ? `${caseId}:${action}` : `${caseId}:${action}:${target}`;
}
