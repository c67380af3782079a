// Zod schemas of every event a case can receive: platform, logistics, interception, merchant/support actions and timers.
import { z } from 'zod';
import {
  CarrierIdSchema,
  CostSchema,
  InstantSchema,
  InterceptKindSchema,
  InterceptRefusalSchema,
  TrackingEventSchema,
} from '../carrier/model.ts';

/** Fields every event may carry: an id for the audit log (the decision does not depend on it). */
const base = { eventId: z.string().min(1).optional() };

/**
 * An interception route; the channel is fixed by it (DESIGN §2.5):
 * CARRIER_API → CARRIER_API, DOUYIN_INTERCEPT_SERVICE → PLATFORM_SERVICE, KUAIDI100 → HUB, OFFLINE → OFFLINE.
 */
export const InterceptRouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('CARRIER_API'), carrierId: CarrierIdSchema }),
  z.object({ kind: z.literal('DOUYIN_INTERCEPT_SERVICE') }),
  z.object({ kind: z.literal('KUAIDI100') }),
  z.object({ kind: z.literal('OFFLINE') }),
]);
export type InterceptRoute = z.infer<typeof InterceptRouteSchema>;

// ---- platform events (Douyin message push / reconciliation, or the merchant's system in generic mode)

/** The platform agreed refund-after-rejection (`agree_refuse_sign`, observed). */
export const RefuseSignAgreedSchema = z.object({ ...base, type: z.literal('REFUSE_SIGN_AGREED'), at: InstantSchema });
/** The platform declined refund-after-rejection; the raw reason is kept. */
export const RefuseSignDeclinedSchema = z.object({
  ...base,
  type: z.literal('REFUSE_SIGN_DECLINED'),
  at: InstantSchema,
  rawReason: z.string(),
});
/** The buyer modified the after-sale (message tag 208): new amount and/or reason. */
export const BuyerModifiedSchema = z.object({
  ...base,
  type: z.literal('BUYER_MODIFIED'),
  at: InstantSchema,
  refundAmountFen: z.number().int().nonnegative().optional(),
  /** The new buyer reason: a code of `BUYER_REASONS`. */
  reason: z.string().min(1).optional(),
  /** The new reason in the words sent, when they were not the code itself (kept on the case with `reason`). */
  reasonText: z.string().min(1).optional(),
});
/** The platform changed the deadline (message tag 209, authoritative). */
export const PlatformDeadlineChangedSchema = z.object({
  ...base,
  type: z.literal('PLATFORM_DEADLINE_CHANGED'),
  at: InstantSchema,
  due: InstantSchema,
});
/** A refund was made by the platform (tag 206) or, in generic mode, confirmed by the merchant's system. */
export const RefundedSchema = z.object({ ...base, type: z.literal('REFUNDED'), at: InstantSchema });
/** The after-sale was closed (tag 207); BUYER_CANCELLED when the buyer withdrew it. */
export const ClosedSchema = z.object({
  ...base,
  type: z.literal('CLOSED'),
  at: InstantSchema,
  cause: z.enum(['BUYER_CANCELLED', 'REJECTED', 'REFUNDED', 'OTHER']),
});
/** Platform arbitration opened or closed (tags 212–218). */
export const ArbitrationSchema = z.object({
  ...base,
  type: z.literal('ARBITRATION'),
  at: InstantSchema,
  status: z.enum(['OPENED', 'CLOSED']),
  raw: z.unknown().optional(),
});

// ---- logistics

/** Normalised tracking events for one waybill (any leg of any shipment of the case). */
export const TrackingUpdateSchema = z.object({
  ...base,
  type: z.literal('TRACKING_UPDATE'),
  waybillNo: z.string().min(1),
  carrierId: CarrierIdSchema,
  /** False when the carrier knows no route for this number yet. */
  found: z.boolean(),
  events: z.array(TrackingEventSchema),
});

// ---- interception

/** The synchronous answer of a route to an interception request. */
export const InterceptReplySchema = z.object({
  ...base,
  type: z.literal('INTERCEPT_REPLY'),
  interceptionId: z.string().min(1),
  at: InstantSchema,
  state: z.enum(['ACCEPTED', 'REJECTED', 'SUCCEEDED']),
  refusal: InterceptRefusalSchema.optional(),
  carrierRef: z.string().optional(),
  cost: CostSchema.optional(),
  /** The platform's service-order link (Douyin intercept service), used for complaints. */
  serviceOrderLink: z.string().optional(),
});
/** A hub or platform callback stating the outcome outright. */
export const InterceptCallbackSchema = z.object({
  ...base,
  type: z.literal('INTERCEPT_CALLBACK'),
  interceptionId: z.string().min(1),
  at: InstantSchema,
  outcome: z.enum(['SUCCEEDED', 'FAILED', 'CANCELLED']),
  serviceOrderLink: z.string().optional(),
});
/** The answer to a cancellation of an interception. */
export const InterceptCancelReplySchema = z.object({
  ...base,
  type: z.literal('INTERCEPT_CANCEL_REPLY'),
  interceptionId: z.string().min(1),
  at: InstantSchema,
  state: z.enum(['CANCELLED', 'REJECTED']),
});

// ---- merchant and support actions

/** The merchant asks for an interception of one shipment on a route. */
export const RequestInterceptionSchema = z.object({
  ...base,
  type: z.literal('REQUEST_INTERCEPTION'),
  shipmentId: z.string().min(1),
  route: InterceptRouteSchema,
  kind: InterceptKindSchema,
  /** The cost the route quoted (Douyin `intercept_cost`), fen; replaces the estimate. */
  quotedCostFen: z.number().int().nonnegative().optional(),
  /** Go ahead even when INTERCEPT_NOT_WORTH. */
  overrideNotWorth: z.boolean().default(false),
  /** Who asked (user id), for the audit. */
  by: z.string().optional(),
});
/** The merchant records the result of an offline interception (线下拦截). ACCEPTED is not success. */
export const RecordOfflineResultSchema = z.object({
  ...base,
  type: z.literal('RECORD_OFFLINE_RESULT'),
  shipmentId: z.string().min(1),
  at: InstantSchema,
  outcome: z.enum(['ACCEPTED', 'REFUSED', 'FAILED']),
  costFen: z.number().int().nonnegative().optional(),
  by: z.string().optional(),
});
/** Support confirms intercepting a parcel that also carries goods not being refunded. */
export const ConfirmMixedParcelSchema = z.object({
  ...base,
  type: z.literal('CONFIRM_MIXED_PARCEL'),
  shipmentId: z.string().min(1),
  by: z.string().min(1),
});
/** The merchant asks to reject the refund-only request because the buyer signed. */
export const RejectAfterSignedSchema = z.object({ ...base, type: z.literal('REJECT_AFTER_SIGNED'), by: z.string().optional() });
/** A support task was completed. */
export const CompleteSupportTaskSchema = z.object({
  ...base,
  type: z.literal('COMPLETE_SUPPORT_TASK'),
  taskId: z.string().min(1),
  at: InstantSchema,
  outcome: z.string().optional(),
  /** For complaint tasks: compensation obtained, fen. */
  compensationFen: z.number().int().nonnegative().optional(),
});
/** A platform adapter was told to do an operation in the shop back end by hand (Douyin 11001): a support task. */
export const PlatformManualRequiredSchema = z.object({
  ...base,
  type: z.literal('PLATFORM_MANUAL_REQUIRED'),
  at: InstantSchema,
  /** The money action the platform would not take through its API: refund, agree-refuse-sign, reject. */
  action: z.string().min(1),
  /** The platform's own words and code. */
  detail: z.string().optional(),
});
/** A carrier (or hub) refused the merchant's credentials while lanjie worked on this case: a support task, not silence. */
export const CarrierCredentialsRejectedSchema = z.object({
  ...base,
  type: z.literal('CARRIER_CREDENTIALS_REJECTED'),
  at: InstantSchema,
  /** The carrier or hub whose account was refused. */
  carrierId: z.string().min(1),
  /** The merchant's account that was refused (`merchant:carrier`). */
  accountId: z.string().min(1),
  /** The carrier's own words. */
  detail: z.string().max(500).optional(),
});
/** The merchant records the return: received, or signed by someone else. */
/** Parcels learnt after the case opened (the after-sales system names parcels the platform push did not). */
export const ShipmentsAddedSchema = z.object({
  ...base,
  type: z.literal('SHIPMENTS_ADDED'),
  shipments: z
    .array(z.object({ waybillNo: z.string().min(1), carrierId: CarrierIdSchema, skuOrderIds: z.array(z.string().min(1)).min(1) }))
    .min(1),
});
export const RecordReturnSchema = z.object({
  ...base,
  type: z.literal('RECORD_RETURN'),
  shipmentId: z.string().min(1),
  at: InstantSchema,
  outcome: z.enum(['RECEIVED', 'SIGNED_BY_OTHER']),
});
/** A complaint's status changed (hub work order status, support outcome). */
/** Support opens a complaint about a parcel whose goods did not come back (at most one open per parcel). */
export const ComplaintRequestedSchema = z.object({
  ...base,
  type: z.literal('COMPLAINT_REQUESTED'),
  shipmentId: z.string().min(1),
  reason: z.enum(['RETURN_OVERDUE', 'INTERCEPT_BREACHED', 'RETURN_SIGNED_BY_OTHER']),
  by: z.string().optional(),
  /** Support's evidence note, stored on the complaint. */
  note: z.string().max(500).optional(),
});
export const ComplaintUpdatedSchema = z.object({
  ...base,
  type: z.literal('COMPLAINT_UPDATED'),
  complaintId: z.string().min(1),
  at: InstantSchema,
  status: z.enum(['OPEN', 'RESOLVED', 'REJECTED']),
  compensationFen: z.number().int().nonnegative().optional(),
  hubRef: z.string().optional(),
});

// ---- timers

/** A timer the case asked for fired. Timers are wake-ups: the rules look at `now`. */
export const TimerFiredSchema = z.object({ ...base, type: z.literal('TIMER_FIRED'), timerId: z.string().min(1) });

/** Every event a case accepts, discriminated on `type`. */
export const CaseEventSchema = z.discriminatedUnion('type', [
  RefuseSignAgreedSchema,
  RefuseSignDeclinedSchema,
  BuyerModifiedSchema,
  PlatformDeadlineChangedSchema,
  RefundedSchema,
  ClosedSchema,
  ArbitrationSchema,
  TrackingUpdateSchema,
  InterceptReplySchema,
  InterceptCallbackSchema,
  InterceptCancelReplySchema,
  RequestInterceptionSchema,
  RecordOfflineResultSchema,
  ConfirmMixedParcelSchema,
  RejectAfterSignedSchema,
  CompleteSupportTaskSchema,
  RecordReturnSchema,
  ComplaintUpdatedSchema,
  PlatformManualRequiredSchema,
  CarrierCredentialsRejectedSchema,
  ShipmentsAddedSchema,
  ComplaintRequestedSchema,
  TimerFiredSchema,
]);
/** A validated case event. */
export type CaseEvent = z.output<typeof CaseEventSchema>;
/** A case event as callers write it (defaults optional). */
export type CaseEventInput = z.input<typeof CaseEventSchema>;
/** The `type` of a case event. */
export type CaseEventType = CaseEvent['type'];

/** Input that opens a case: the refund-only application and what is known of its shipments. */
export const OpenCaseInputSchema = z.object({
  /** Our case id (stable; idempotency keys derive from it). */
  caseId: z.string().min(1),
  /** `douyin`: the platform decides and lanjie observes; `generic`: lanjie decides and tells by webhook (DESIGN §2.1). */
  mode: z.enum(['douyin', 'generic']),
  merchantId: z.string().min(1),
  /** Tenant configuration set by support, not by the merchant. */
  merchantType: z.enum(['DOMESTIC', 'HAINAN_DUTY_FREE', 'CROSS_BORDER']),
  afterSaleId: z.string().min(1),
  orderId: z.string().min(1),
  /** When the buyer applied for refund-only. */
  appliedAt: InstantSchema,
  /** Refund amount of the after-sale, fen. */
  refundAmountFen: z.number().int().nonnegative(),
  /** The buyer's reason: a code of `BUYER_REASONS` (src/cases/buyer-reasons.ts); 'NOT_RECEIVED' is 未收到货. */
  reason: z.string().min(1),
  /** The buyer's reason in the words the caller or platform sent, when they were not the code itself. */
  reasonText: z.string().min(1).optional(),
  categoryId: z.string().min(1),
  /**
   * Generic mode only (DESIGN §2.1): the merchant's system marks a trusted, high-quality buyer, who is
   * refunded as soon as the refusal or the interception success is seen, without waiting for a return
   * scan or a tracking re-check. Default false. (In douyin mode the platform applies its own policy.)
   */
  trustedBuyer: z.boolean().default(false),
  /** SKU orders of the order; `refunded` marks the ones this after-sale refunds. */
  skuOrders: z.array(z.object({ skuOrderId: z.string().min(1), amountFen: z.number().int().nonnegative(), refunded: z.boolean() })).min(1),
  /** Parcels of the order; each carries some SKU orders. The first waybill number is the shipment id. */
  shipments: z
    .array(z.object({ waybillNo: z.string().min(1), carrierId: CarrierIdSchema, skuOrderIds: z.array(z.string().min(1)).min(1) }))
    .min(1),
});
export type OpenCaseInput = z.input<typeof OpenCaseInputSchema>;
