// The unified carrier model: zod schemas (and their inferred types) that every plugin speaks.
import { z } from 'zod';

/** A registry id: one id everywhere (folder, registry key, mocks folder, logs), e.g. `sf`, `zto`. */
export const CarrierIdSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a carrier id is lower-case letters, digits and dashes');
export type CarrierId = z.infer<typeof CarrierIdSchema>;

/** A waybill (tracking) number as carriers print it: letters and digits, 6 to 40 characters. */
export const WaybillNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{6,40}$/, 'a waybill number is 6 to 40 letters and digits');

/** Last four digits of the receiver's (or sender's) phone, needed by SF, ZTO and some hubs. */
export const PhoneLast4Schema = z.string().regex(/^\d{4}$/, 'phoneLast4 is exactly four digits');

/** An instant in UTC as an ISO-8601 string ending in Z (sortable as text). */
export const InstantSchema = z.iso.datetime({ offset: false });

/** Unified tracking event kinds (reference/carriers.md §19.3). */
export const EventKindSchema = z.enum([
  'INFO_RECEIVED',
  'COLLECTED',
  'IN_TRANSIT',
  'ARRIVED_DEST_CITY',
  'OUT_FOR_DELIVERY',
  'AT_PICKUP_POINT',
  'DELIVERED',
  'DELIVERY_FAILED',
  'REJECTED',
  'RETURNING',
  'RETURNED',
  'REDIRECTED',
  'INTERCEPTED',
  'EXCEPTION',
  'CUSTOMS',
  'CANCELLED',
  'UNKNOWN',
]);
export type EventKind = z.infer<typeof EventKindSchema>;

/** Event kinds that show the parcel travelling back towards the sender (return-direction evidence). */
export const RETURN_DIRECTION_KINDS: ReadonlySet<EventKind> = new Set<EventKind>(['RETURNING', 'RETURNED', 'INTERCEPTED']);

/** One normalised tracking event, with the carrier's own code and text kept beside it. */
export const TrackingEventSchema = z.object({
  /** Unified kind. */
  kind: EventKindSchema,
  /** When it happened, UTC. */
  at: InstantSchema,
  /** Where, as the carrier names the place (outlet, city). */
  place: z.string().optional(),
  /** Human-readable description from the carrier. */
  description: z.string(),
  /** The carrier's own event code (SF opCode, ZTO action, ...). */
  rawCode: z.string(),
  /** A new waybill number starting a new leg (SF 648 return under a new number). */
  newWaybillNo: z.string().optional(),
  /** Whether newWaybillNo was inferred from free text rather than read from a field. */
  newWaybillNoInferred: z.boolean().optional(),
});
export type TrackingEvent = z.infer<typeof TrackingEventSchema>;

/** Unified parcel status, derived from the latest significant event. */
export const ParcelStatusSchema = z.enum([
  'NOT_FOUND',
  'INFO_RECEIVED',
  'COLLECTED',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'AT_PICKUP_POINT',
  'DELIVERED',
  'DELIVERY_FAILED',
  'REJECTED',
  'RETURNING',
  'RETURNED',
  'REDIRECTED',
  'EXCEPTION',
  'CANCELLED',
  'UNKNOWN',
]);
export type ParcelStatus = z.infer<typeof ParcelStatusSchema>;

/** Input of a tracking query for one waybill. */
export const TrackInputSchema = z.object({
  waybillNo: WaybillNoSchema,
  /** The carrier; hubs need it, carrier plugins ignore it. */
  carrierId: CarrierIdSchema.optional(),
  /** Last four phone digits when the carrier needs them to show a route. */
  phoneLast4: PhoneLast4Schema.optional(),
});
export type TrackInput = z.infer<typeof TrackInputSchema>;

/** Result of tracking one waybill. `raw` is the carrier's payload for this waybill. */
export const TrackResultSchema = z.object({
  waybillNo: z.string(),
  carrierId: CarrierIdSchema,
  /** False when the carrier knows no route for this number. */
  found: z.boolean(),
  status: ParcelStatusSchema,
  /** Events in ascending time order. */
  events: z.array(TrackingEventSchema),
  raw: z.unknown(),
});
export type TrackResult = z.infer<typeof TrackResultSchema>;

/** Interception request kinds (§19.1). On refund cases only the RETURN_* kinds are allowed. */
export const InterceptKindSchema = z.enum(['RETURN_TO_SENDER', 'RETURN_TO_ORIGIN_STATION', 'RETURN_TO_ADDRESS', 'REDIRECT']);
export type InterceptKind = z.infer<typeof InterceptKindSchema>;

/** Kinds that bring goods back; only these may be used on a refund case. */
export const RETURN_KINDS: ReadonlySet<InterceptKind> = new Set<InterceptKind>([
  'RETURN_TO_SENDER',
  'RETURN_TO_ORIGIN_STATION',
  'RETURN_TO_ADDRESS',
]);

/** Unified interception states (§19.2). */
export const InterceptStateSchema = z.enum([
  'REQUESTED',
  'REJECTED',
  'ACCEPTED',
  'IN_PROGRESS',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'RETURNING',
  'RETURNED',
]);
export type InterceptState = z.infer<typeof InterceptStateSchema>;

/** Who carried the interception out; fixed by the route, it decides who refunds (DESIGN §2.5). */
export const InterceptChannelSchema = z.enum(['CARRIER_API', 'PLATFORM_SERVICE', 'HUB', 'OFFLINE']);
export type InterceptChannel = z.infer<typeof InterceptChannelSchema>;

/** Why a carrier refused an interception, normalised from its business codes. */
export const InterceptRefusalSchema = z.enum([
  'ALREADY_DELIVERED',
  'NOT_COLLECTED',
  'DUPLICATE',
  'OUT_FOR_DELIVERY',
  'AT_PICKUP_POINT',
  'ALREADY_RETURNING',
  'NOT_ALLOWED',
  'ADDRESS_INVALID',
  'LOST',
  'ABANDONED',
  'NOT_CANCELLABLE',
  'UNKNOWN_WAYBILL',
  'OTHER',
  /** Not the carrier's answer about the parcel: the route itself could not take the request (no account, a request it rejects as invalid, credentials refused). Another route may be tried. */
  'ROUTE_UNAVAILABLE',
]);
export type InterceptRefusal = z.infer<typeof InterceptRefusalSchema>;

/** A postal address for RETURN_TO_ADDRESS and REDIRECT. */
export const AddressSchema = z.object({
  name: z.string().min(1),
  phone: z.string().regex(/^[0-9+\-() ]{5,20}$/, 'phone is 5 to 20 digits'),
  province: z.string().min(1),
  city: z.string().min(1),
  district: z.string().min(1),
  detail: z.string().min(1),
});
export type Address = z.infer<typeof AddressSchema>;

/** The after-sale an interception belongs to (the Douyin intercept service needs it). */
export const AfterSaleContextSchema = z.object({
  platform: z.string().min(1),
  afterSaleId: z.string().min(1),
  skuOrderIds: z.array(z.string().min(1)).default([]),
});
export type AfterSaleContext = z.infer<typeof AfterSaleContextSchema>;

/** Input of an interception request. */
export const InterceptInputSchema = z
  .object({
    waybillNo: WaybillNoSchema,
    carrierId: CarrierIdSchema.optional(),
    kind: InterceptKindSchema,
    /** Required for RETURN_TO_ADDRESS and REDIRECT; the sender's address for carriers that need it for RETURN_TO_SENDER (SF). */
    address: AddressSchema.optional(),
    /** Free-text reason sent to the carrier. */
    reason: z.string().min(1).max(200),
    /** Our idempotency key for this interception (sent to carriers that accept one, e.g. ZTO requestId). */
    idempotencyKey: z.string().min(8).max(64),
    phoneLast4: PhoneLast4Schema.optional(),
    context: AfterSaleContextSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'RETURN_TO_ADDRESS' || v.kind === 'REDIRECT') && !v.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `address is required for ${v.kind}` });
    }
  });
export type InterceptInput = z.input<typeof InterceptInputSchema>;
/** An interception input after validation (defaults applied): what plugins receive. */
export type InterceptRequest = z.output<typeof InterceptInputSchema>;

/** Money in integer fen with who pays it. */
export const CostSchema = z.object({
  fen: z.number().int().nonnegative(),
  payer: z.enum(['MERCHANT', 'BUYER', 'PLATFORM', 'CARRIER', 'UNKNOWN']),
});
export type Cost = z.infer<typeof CostSchema>;

/** The synchronous answer to an interception request. Most carriers only say ACCEPTED. */
export const InterceptResultSchema = z.object({
  state: z.enum(['ACCEPTED', 'REJECTED', 'SUCCEEDED']),
  /** The carrier's reference for the instruction (SF cusId, ZTO thirdBizNo, ...). */
  carrierRef: z.string().optional(),
  /** Normalised refusal reason when REJECTED. */
  refusal: InterceptRefusalSchema.optional(),
  /** The carrier's own code and message behind the answer. */
  carrierCode: z.string().optional(),
  message: z.string().optional(),
  cost: CostSchema.optional(),
  raw: z.unknown(),
});
export type InterceptResult = z.infer<typeof InterceptResultSchema>;

/** Input of an interception cancellation. */
export const CancelInterceptInputSchema = z.object({
  waybillNo: WaybillNoSchema,
  carrierId: CarrierIdSchema.optional(),
  /** carrierRef from the InterceptResult (SF needs cusId). */
  carrierRef: z.string().optional(),
  /** The kind the interception was requested with (SF sends its serviceCode again on cancel). */
  kind: InterceptKindSchema.optional(),
  /** The idempotency key the interception was requested with. */
  idempotencyKey: z.string().min(8).max(64),
  reason: z.string().min(1).max(200),
});
export type CancelInterceptInput = z.infer<typeof CancelInterceptInputSchema>;

/** Answer to a cancellation. */
export const CancelInterceptResultSchema = z.object({
  state: z.enum(['CANCELLED', 'REJECTED']),
  refusal: InterceptRefusalSchema.optional(),
  carrierCode: z.string().optional(),
  message: z.string().optional(),
  raw: z.unknown(),
});
export type CancelInterceptResult = z.infer<typeof CancelInterceptResultSchema>;

/** An HTTP request as a push endpoint received it (raw body kept for signature checks). */
export interface PushRequest {
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Query string parameters (the URL token lives here for carriers that do not sign). */
  query: Record<string, string | undefined>;
  /** The exact body bytes as text. */
  body: string;
  /** The sender's IP address, for optional allow-lists. */
  remoteIp?: string;
}

/** The reply a carrier expects to a push, exactly. */
export interface PushReply {
  status: number;
  contentType: string;
  body: string;
}

/** One waybill's events from a push. */
export const PushUpdateSchema = z.object({
  waybillNo: z.string(),
  carrierId: CarrierIdSchema,
  events: z.array(TrackingEventSchema),
  /** An interception outcome stated outright by a hub or platform callback. */
  interceptOutcome: z.enum(['SUCCEEDED', 'FAILED', 'CANCELLED']).optional(),
  raw: z.unknown(),
});
export type PushUpdate = z.infer<typeof PushUpdateSchema>;

/** What a plugin makes of a verified push: the updates and the reply to send. */
export interface PushParseResult {
  updates: PushUpdate[];
  reply: PushReply;
  /**
   * The part of the push its signature covers, when that is not the whole body (YTO signs only
   * `logistics_interface`): the inbox dedupes on it, so a replay with other unsigned fields is the
   * same push. Default: the whole body.
   */
  signedContent?: string;
}

/** Why a complaint (work order) is opened with whoever carried out an interception. */
export const ComplaintKindSchema = z.enum(['NOT_RETURNED', 'INTERCEPT_BREACHED', 'RETURN_SIGNED_BY_OTHER', 'OTHER']);
export type ComplaintKind = z.infer<typeof ComplaintKindSchema>;

/** Input of a complaint / work order filed through a carrier or hub API. */
export const ComplaintInputSchema = z.object({
  waybillNo: WaybillNoSchema,
  carrierId: CarrierIdSchema.optional(),
  kind: ComplaintKindSchema,
  /** What happened, in words support staff would write (sent to the carrier). */
  description: z.string().min(1).max(1000),
  /** Who the carrier should call back. */
  contactName: z.string().min(1).max(50).optional(),
  contactPhone: z
    .string()
    .regex(/^[0-9+\-() ]{5,20}$/)
    .optional(),
  /** Compensation asked for, in fen. */
  claimFen: z.number().int().nonnegative().optional(),
  idempotencyKey: z.string().min(8).max(64),
});
export type ComplaintInput = z.infer<typeof ComplaintInputSchema>;

/** Unified complaint states. */
export const ComplaintStateSchema = z.enum(['OPEN', 'PROCESSING', 'RESOLVED', 'REJECTED', 'CLOSED']);
export type ComplaintState = z.infer<typeof ComplaintStateSchema>;

/** A complaint as the carrier or hub reports it. */
export const ComplaintResultSchema = z.object({
  /** The carrier's or hub's work-order id. */
  ref: z.string().min(1),
  state: ComplaintStateSchema,
  /** Compensation granted, in fen, once known. */
  compensationFen: z.number().int().nonnegative().optional(),
  /** Replies from the carrier's side, oldest first. */
  messages: z.array(z.object({ at: InstantSchema.optional(), from: z.string(), text: z.string() })).default([]),
  raw: z.unknown(),
});
export type ComplaintResult = z.infer<typeof ComplaintResultSchema>;
