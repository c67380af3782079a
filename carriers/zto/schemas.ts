// Zod schemas of the raw ZTO (ZOP) payloads this plugin reads: the response envelope, track items and push data.
import { z } from 'zod';

/** ZOP response envelope: `status` true is success; otherwise `statusCode` holds S2xx / E4xx / E231xx. */
export const ZtoEnvelopeSchema = z.looseObject({
  status: z.boolean(),
  /** "SYS000" / "0000" on success, the error code otherwise; numbers are read as text. */
  statusCode: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? '' : String(v))),
  message: z.string().nullish(),
  result: z.unknown().optional(),
});
/** A decoded ZOP envelope. */
export type ZtoEnvelope = z.infer<typeof ZtoEnvelopeSchema>;

/** The scan site of a track item. */
export const ZtoScanSiteSchema = z.looseObject({
  name: z.string().nullish(),
});

/**
 * One item of `zto.merchant.waybill.track.query` `result[]`. `scanDate` is epoch milliseconds per the
 * reference; a digit string or a Beijing "yyyy-MM-dd HH:mm:ss" string is accepted as well.
 */
export const ZtoTrackItemSchema = z.looseObject({
  scanType: z.string().min(1),
  scanDate: z.union([z.number(), z.string().min(1)]),
  desc: z.string().nullish(),
  scanSite: ZtoScanSiteSchema.nullish(),
  /** Present on return scans in the push form; read here too when a query answer carries it. */
  returnType: z.union([z.string(), z.number()]).nullish(),
  returnUpdateType: z.union([z.string(), z.number()]).nullish(),
});
/** A decoded track item. */
export type ZtoTrackItem = z.infer<typeof ZtoTrackItemSchema>;

/** The track query's `result`: the list of scans; null or empty when ZTO has no route for the number. */
export const ZtoTrackResultSchema = z.array(ZtoTrackItemSchema).nullish();

/** One trace object of a push's `data` field (reference §2, "Push data fields"). */
export const ZtoPushTraceSchema = z.looseObject({
  billCode: z.string().min(1),
  action: z.string().min(1),
  /** Beijing local time "yyyy-MM-dd HH:mm:ss". */
  actionTime: z.string().min(1),
  desc: z.string().nullish(),
  facilityCode: z.string().nullish(),
  facilityName: z.string().nullish(),
  city: z.string().nullish(),
  dist: z.string().nullish(),
  problemCode: z.union([z.string(), z.number()]).nullish(),
  returnType: z.union([z.string(), z.number()]).nullish(),
  returnUpdateType: z.union([z.string(), z.number()]).nullish(),
});
/** A decoded push trace. */
export type ZtoPushTrace = z.infer<typeof ZtoPushTraceSchema>;

/** A push's `data`: one trace object or an array of them (which one ZTO sends is unconfirmed). */
export const ZtoPushDataSchema = z.union([ZtoPushTraceSchema, z.array(ZtoPushTraceSchema).min(1)]);

/** The form fields of a push. */
export const ZtoPushFormSchema = z.object({
  data: z.string().min(1),
  data_digest: z.string().min(1),
  msg_type: z.string().min(1),
  company_id: z.string().min(1),
});
