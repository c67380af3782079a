// Zod schemas of the raw YTO payloads this plugin reads: track answers (array or error object), wanted_* answers and push forms.
import { z } from 'zod';

/** A code sent as a number or a string (kept as sent, so `raw` stays the carrier's payload; the client reads it as text). */
const CodeSchema = z.union([z.string(), z.number()]);

/** One item of a successful `track_query_adapter` answer (reference §3). */
export const YtoTrackItemSchema = z.looseObject({
  waybill_No: z.string().nullish(),
  /** Beijing local time "yyyy-MM-dd HH:mm:ss". */
  upload_Time: z.string().min(1),
  infoContent: z.string().min(1),
  processInfo: z.string().nullish(),
  city: z.string().nullish(),
  district: z.string().nullish(),
  weight: z.union([z.string(), z.number()]).nullish(),
});
/** A decoded track item. */
export type YtoTrackItem = z.infer<typeof YtoTrackItemSchema>;

/**
 * A gateway error / empty answer: a JSON object with a `code` (e.g. `{"code":"1001","success":"true",
 * "message":"查询结果为空。","reason":...,"map":{...}}`). `success` arrives as text or boolean.
 */
export const YtoErrorObjectSchema = z.looseObject({
  code: CodeSchema,
  success: z.union([z.string(), z.boolean()]).nullish(),
  message: z.string().nullish(),
  reason: z.string().nullish(),
});
/** A decoded gateway error object. */
export type YtoErrorObject = z.infer<typeof YtoErrorObjectSchema>;

/** A track answer: a JSON array of items on success, an object with a code otherwise. */
export const YtoTrackAnswerSchema = z.union([z.array(YtoTrackItemSchema), YtoErrorObjectSchema]);

/**
 * The answer to a wanted_* call: `statusCode` 0 is success (reference §3). A gateway error (bad sign,
 * missing parameter) carries `code` instead. The message field's name is not in the reference: the
 * plugin reads statusMessage, message or reason, whichever is present.
 */
export const YtoWantedAnswerSchema = z
  .looseObject({
    statusCode: CodeSchema.optional(),
    statusMessage: z.string().nullish(),
    code: CodeSchema.optional(),
    message: z.string().nullish(),
    reason: z.string().nullish(),
  })
  .refine((v) => v.statusCode !== undefined || v.code !== undefined, { message: 'statusCode (or a gateway code) expected' });
/** A decoded wanted_* answer. */
export type YtoWantedAnswer = z.infer<typeof YtoWantedAnswerSchema>;

/** The form fields of a status push (reference §3). */
export const YtoPushFormSchema = z.object({
  /** The UpdateInfo XML. */
  logistics_interface: z.string().min(1),
  /** Base64(MD5(logistics_interface + secret)). */
  data_digest: z.string().min(1),
  /** The customer code the push belongs to. */
  clientId: z.string().nullish(),
  /** online / offline (order type). */
  type: z.string().nullish(),
});

/** Children of the push's `<UpdateInfo>` root, each read as text (reference §3). */
export const YtoUpdateInfoSchema = z.looseObject({
  logisticProviderID: z.string().nullish(),
  clientID: z.string().nullish(),
  mailNo: z.string().min(1),
  txLogisticID: z.string().nullish(),
  infoType: z.string().nullish(),
  infoContent: z.string().min(1),
  /** When it happened: Beijing local time "yyyy-MM-dd HH:mm:ss" (format unconfirmed). */
  acceptTime: z.string().min(1),
  remark: z.string().nullish(),
  weight: z.string().nullish(),
  orgName: z.string().nullish(),
  orgCode: z.string().nullish(),
  city: z.string().nullish(),
  district: z.string().nullish(),
  signedName: z.string().nullish(),
  questionCause: z.string().nullish(),
});
/** A decoded UpdateInfo. */
export type YtoUpdateInfo = z.infer<typeof YtoUpdateInfoSchema>;
