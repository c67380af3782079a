// Zod schemas of the raw J&T payloads this plugin reads: the response envelope and the trace query's data.
import { z } from 'zod';

/**
 * The J&T envelope (reference §6, §19.4): `code` "1" is success (a number 1 is read the same way);
 * anything else is an error with `msg`. `success` / `fail` flags may also be present and are kept.
 */
export const JtEnvelopeSchema = z.looseObject({
  code: z.union([z.string().min(1), z.number()]).transform((v) => String(v)),
  msg: z.string().nullish(),
  data: z.unknown().optional(),
  success: z.boolean().nullish(),
  fail: z.boolean().nullish(),
});
/** A decoded J&T envelope. */
export type JtEnvelope = z.infer<typeof JtEnvelopeSchema>;

/** One scan of `/api/logistics/trace` `data[].details[]`. `scanTime` is a Beijing local time "yyyy-MM-dd HH:mm:ss". */
export const JtTraceDetailSchema = z.looseObject({
  scanTime: z.string().min(1),
  desc: z.string().nullish(),
  scanType: z.string().min(1),
  scanNetworkTypeName: z.string().nullish(),
  scanNetworkName: z.string().nullish(),
  scanNetworkId: z.union([z.string(), z.number()]).nullish(),
  scanNetworkProvince: z.string().nullish(),
  scanNetworkCity: z.string().nullish(),
  scanNetworkArea: z.string().nullish(),
  scanNetworkDetailAddress: z.string().nullish(),
});
/** A decoded trace scan. */
export type JtTraceDetail = z.infer<typeof JtTraceDetailSchema>;

/** One waybill of the trace answer. */
export const JtTraceItemSchema = z.looseObject({
  billCode: z.string().min(1),
  details: z.array(JtTraceDetailSchema).nullish(),
});
/** A decoded trace item. */
export type JtTraceItem = z.infer<typeof JtTraceItemSchema>;

/**
 * The trace answer's `data`: one item per waybill. A number J&T has no route for is absent or has
 * no details (which form J&T uses is not in the reference; both read as not found).
 */
export const JtTraceDataSchema = z.array(JtTraceItemSchema).nullish();
