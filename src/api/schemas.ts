// Zod schemas of the API's requests and answers: they validate every input and are the source of the OpenAPI document.
import { z } from 'zod';
import { CarrierIdSchema, InstantSchema, InterceptKindSchema, PhoneLast4Schema, WaybillNoSchema, AddressSchema } from '../carrier/model.ts';
import {
  ArbitrationSchema,
  BuyerModifiedSchema,
  ClosedSchema,
  ComplaintUpdatedSchema,
  ConfirmMixedParcelSchema,
  RecordOfflineResultSchema,
  RecordReturnSchema,
  RefundedSchema,
  RejectAfterSignedSchema,
} from '../cases/events.ts';
import { BuyerReasonSchema, normaliseBuyerReason } from '../cases/buyer-reasons.ts';
import { RouteKindSchema } from '../cases/router.ts';

/** Money in integer fen: whole, not negative, at most 10^12 fen. */
export const FenSchema = z.number().int('amounts are integer fen').nonnegative('amounts are not negative').max(1e12);

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : or -');

/** One parcel of the after-sale. */
export const ShipmentInputSchema = z.strictObject({
  /** Registry id of the carrier; detected from the waybill number when absent. */
  carrier: CarrierIdSchema.optional(),
  waybill: WaybillNoSchema,
  /** Last four digits of the receiver's phone (SF, ZTO and hubs need them to show a route). */
  phoneLast4: PhoneLast4Schema.optional(),
  /** The SKU orders this parcel carries. */
  skuOrderIds: z.array(Id).min(1),
});

/** `POST /v1/cases`: open a case for a refund-only after-sale. The merchant's type comes from its configuration, never from here. */
export const OpenCaseBodySchema = z.preprocess(
  keepReasonText,
  z
    .strictObject({
      /** `douyin` (douyin mode: the platform decides) or the name of the merchant's own platform (generic mode). */
      platform: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'platform is 1 to 32 lower-case letters, digits, _ or -'),
      afterSaleId: Id,
      orderId: Id,
      /** When the buyer applied; default: now. */
      appliedAt: InstantSchema.optional(),
      refundAmountFen: FenSchema,
      /** The buyer's reason: a code of docs/api.md's table or an alias (未收到货, not_received ...); the case keeps the code. */
      reason: BuyerReasonSchema,
      /** The buyer's reason in the words the caller sent, kept on the case. Default: `reason` as sent when it was an alias. */
      reasonText: z.string().trim().min(1).max(200).optional(),
      /** Product category (for the excluded-category rule). Default `default`. */
      categoryId: z.string().min(1).max(64).optional(),
      /** SKU orders of the order; `refunded` marks those this after-sale refunds. */
      skuOrders: z
        .array(z.strictObject({ skuOrderId: Id, amountFen: FenSchema, refunded: z.boolean() }))
        .min(1)
        .max(200),
      shipments: z.array(ShipmentInputSchema).min(1).max(50),
      /**
       * Buyer flags the mode allows: in generic mode `trusted` marks a high-quality buyer the merchant's
       * system trusts (refunded on the refusal or the interception success alone). Douyin applies its own
       * policy, so douyin mode takes none.
       */
      buyer: z.strictObject({ trusted: z.boolean() }).optional(),
    })
    .superRefine((body, ctx) => {
      if (body.platform === 'douyin' && body.buyer !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['buyer'],
          message: "buyer flags are the platform's own in douyin mode; send them only for a generic-mode platform",
        });
      }
    }),
);
export type OpenCaseBody = z.output<typeof OpenCaseBodySchema>;

/** Before validation: a reason sent as an alias (not a code) is kept as `reasonText`, unless the caller sent one. */
function keepReasonText(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { reason, reasonText } = body as { reason?: unknown; reasonText?: unknown };
  if (typeof reason !== 'string' || reasonText !== undefined) return body;
  const code = normaliseBuyerReason(reason);
  if (code === undefined || reason.trim().toUpperCase() === code) return body;
  return { ...body, reasonText: reason.trim().slice(0, 200) };
}

export const CaseParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
export const TaskParamsSchema = z.strictObject({ id: z.string().min(1).max(100), taskId: z.string().min(1).max(300) });

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /v1/cases` filters and page. */
export const ListCasesQuerySchema = z.strictObject({
  /** A case status, or `refund-after-rejection` (refuse-sign agreed). */
  status: z.enum(['OPEN', 'REFUSE_SIGN_AGREED', 'REFUND_ISSUED', 'REFUNDED', 'REJECTED', 'CLOSED', 'refund-after-rejection']).optional(),
  carrier: CarrierIdSchema.optional(),
  waybill: WaybillNoSchema.optional(),
  /** Only open cases whose due instant has passed. */
  overdue: BoolQuery.optional(),
  /** Only cases with an open deadline-at-risk task. */
  atRisk: BoolQuery.optional(),
  /** Support keys: only this merchant's cases. */
  merchantId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** `POST /v1/cases/:id/intercept`. */
export const CaseInterceptBodySchema = z.strictObject({
  /** The shipment (its first waybill number). */
  shipmentId: z.string().min(1).max(40),
  /** Only return kinds on a refund case. Default RETURN_TO_SENDER. */
  kind: z.enum(['RETURN_TO_SENDER', 'RETURN_TO_ORIGIN_STATION', 'RETURN_TO_ADDRESS']).default('RETURN_TO_SENDER'),
  /** A route to use; default the best usable one. */
  route: RouteKindSchema.optional(),
  /** Go ahead even when the interception is not worth it (INTERCEPT_NOT_WORTH). */
  overrideNotWorth: z.boolean().default(false),
});

const at = { at: InstantSchema.optional() };
const eventId = { eventId: z.string().min(1).max(100).optional() };

/** Events a merchant or support may report on a case (`at` defaults to now; `eventId` makes a retry idempotent). */
export const CaseEventBodySchema = z.discriminatedUnion('type', [
  RecordOfflineResultSchema.omit({ by: true })
    .extend({ ...at, ...eventId })
    .strict(),
  RecordReturnSchema.extend({ ...at, ...eventId }).strict(),
  RejectAfterSignedSchema.omit({ by: true }).extend(eventId).strict(),
  ConfirmMixedParcelSchema.omit({ by: true }).extend(eventId).strict(),
  ComplaintUpdatedSchema.extend({ ...at, ...eventId }).strict(),
  BuyerModifiedSchema.omit({ reasonText: true })
    .extend({ ...at, ...eventId, reason: BuyerReasonSchema.optional() })
    .strict(),
  RefundedSchema.extend({ ...at, ...eventId }).strict(),
  ClosedSchema.extend({ ...at, ...eventId }).strict(),
  ArbitrationSchema.extend({ ...at, ...eventId }).strict(),
]);
export type CaseEventBody = z.output<typeof CaseEventBodySchema>;

/** Event types only support may send. */
export const SUPPORT_ONLY_EVENTS: ReadonlySet<string> = new Set(['CONFIRM_MIXED_PARCEL', 'COMPLAINT_UPDATED']);
/** Platform-side facts the merchant's own system reports in generic mode (in douyin mode they come from the platform). */
export const GENERIC_ONLY_EVENTS: ReadonlySet<string> = new Set(['BUYER_MODIFIED', 'REFUNDED', 'CLOSED', 'ARBITRATION']);

/** `POST /v1/cases/:id/complaints`: a complaint's status or outcome (support). */
/** `POST /v1/cases/:id/complaints` with `shipmentId`: support opens a complaint about a parcel. */
export const OpenComplaintBodySchema = z.strictObject({
  shipmentId: z.string().min(1).max(64),
  reason: z.enum(['RETURN_OVERDUE', 'INTERCEPT_BREACHED', 'RETURN_SIGNED_BY_OTHER']),
  /** Optional evidence note, stored on the complaint. */
  note: z.string().trim().min(1).max(500).optional(),
});
export const UpdateComplaintBodySchema = z.strictObject({
  complaintId: z.string().min(1).max(300),
  status: z.enum(['OPEN', 'RESOLVED', 'REJECTED']),
  compensationFen: FenSchema.optional(),
  hubRef: z.string().min(1).max(100).optional(),
  at: InstantSchema.optional(),
});
/** Open a complaint (`shipmentId`, `reason`) or record a complaint's status and outcome (`complaintId`, `status`). */
export const ComplaintBodySchema = z.union([OpenComplaintBodySchema, UpdateComplaintBodySchema]);

/** `POST /v1/cases/:id/tasks/:taskId`: complete a support task. */
export const CompleteTaskBodySchema = z.strictObject({
  outcome: z.string().min(1).max(500).optional(),
  /** For complaint tasks: compensation obtained, fen. */
  compensationFen: FenSchema.optional(),
  at: InstantSchema.optional(),
});

/** `POST /v1/intercepts`: an interception without a case. */
export const StandaloneInterceptBodySchema = z
  .strictObject({
    carrier: CarrierIdSchema.optional(),
    waybill: WaybillNoSchema,
    /** REDIRECT is allowed here only (never on a refund case). */
    kind: InterceptKindSchema,
    address: AddressSchema.optional(),
    reason: z.string().min(1).max(200).default('商家申请拦截'),
    phoneLast4: PhoneLast4Schema.optional(),
    /** Or the Idempotency-Key header (8 to 64 characters). */
    idempotencyKey: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'RETURN_TO_ADDRESS' || v.kind === 'REDIRECT') && !v.address)
      ctx.addIssue({ code: 'custom', path: ['address'], message: `address is required for ${v.kind}` });
  });
export const InterceptParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

export const WaybillParamsSchema = z.strictObject({ waybill: WaybillNoSchema });
export const TrackingQuerySchema = z.strictObject({
  carrier: CarrierIdSchema.optional(),
  phoneLast4: PhoneLast4Schema.optional(),
  /** Ask the carrier now (at most once per refresh interval per number). */
  refresh: BoolQuery.optional(),
});
export const DetectQuerySchema = z.strictObject({ waybill: WaybillNoSchema });

export const PushParamsSchema = z.strictObject({ carrier: CarrierIdSchema, merchantId: z.string().min(1).max(64) });

/** `POST /v1/admin/keys`. */
export const CreateKeyBodySchema = z
  .strictObject({
    role: z.enum(['merchant', 'support']),
    merchantId: z.string().min(1).max(64).optional(),
    label: z.string().min(1).max(100).default('api'),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'merchant' && !v.merchantId)
      ctx.addIssue({ code: 'custom', path: ['merchantId'], message: 'required for a merchant key' });
    if (v.role === 'support' && v.merchantId)
      ctx.addIssue({ code: 'custom', path: ['merchantId'], message: 'a support key is bound to no merchant' });
  });
export const KeyParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });
export const MerchantParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** Sandbox: `POST /v1/sandbox/clock/advance`: `{ hours }`, `{ minutes }` or `{ ms }`, at most 60 days. */
export const AdvanceClockBodySchema = z.union([
  z.strictObject({
    minutes: z
      .number()
      .nonnegative()
      .max(60 * 24 * 60),
  }),
  z.strictObject({
    hours: z
      .number()
      .nonnegative()
      .max(24 * 60),
  }),
  z.strictObject({
    ms: z
      .number()
      .int()
      .nonnegative()
      .max(60 * 24 * 3_600_000),
  }),
]);

/** The standard error answer. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    existingId: z.string().optional().describe('on a 409 for a duplicate: the id of the one that exists'),
  }),
});
