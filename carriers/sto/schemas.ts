// Zod schemas of the raw STO link gateway payloads this plugin reads: the response envelope and the trace query's data.
import { z } from 'zod';

/** A boolean STO may send as a JSON boolean or as the string "true" / "false". */
const StoBooleanSchema = z
  .union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False'])])
  .transform((v) => (typeof v === 'boolean' ? v : v.toLowerCase() === 'true'));

/** An optional code or text STO may send as a string or a number; absent, null or empty reads as ''. */
const StoTextSchema = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

/**
 * The link gateway envelope (reference §5, §19.4): `success` is "true"/"false" or a boolean; on
 * failure `errorCode` / `errorMsg` say why and `needRetry` says whether trying again can help.
 * JSON only: the gateway can also answer `<response>…</response>` XML, which this plugin does not
 * read (it fails as a BadResponseError "body is not JSON").
 */
export const StoEnvelopeSchema = z.looseObject({
  success: StoBooleanSchema,
  errorCode: StoTextSchema,
  errorMsg: z.string().nullish(),
  /** True when STO says the same call may succeed later: read as a transient error. */
  needRetry: StoBooleanSchema.nullish().transform((v) => v ?? false),
  requestId: StoTextSchema,
  expInfo: z.unknown().optional(),
  data: z.unknown().optional(),
});
/** A decoded link gateway envelope. */
export type StoEnvelope = z.infer<typeof StoEnvelopeSchema>;

/**
 * One scan of `STO_TRACE_QUERY_COMMON` (reference §5: scanType, opTime, memo, opOrgCityName, …).
 * `opTime` is a Beijing local time "yyyy-MM-dd HH:mm:ss". `opOrgName` is not in the reference; it is
 * read when present (as the place) and otherwise the city is used.
 */
export const StoTraceItemSchema = z.looseObject({
  scanType: z.string().min(1),
  opTime: z.string().min(1),
  memo: z.string().nullish(),
  opOrgName: z.string().nullish(),
  opOrgCityName: z.string().nullish(),
  waybillNo: z.string().nullish(),
});
/** A decoded trace scan. */
export type StoTraceItem = z.infer<typeof StoTraceItemSchema>;

/**
 * The trace query's `data`: scans keyed by waybill number. A number STO has no route for is absent,
 * null or an empty list (which form STO uses is not in the reference; all three are read as not found).
 */
export const StoTraceDataSchema = z.record(z.string(), z.array(StoTraceItemSchema).nullish()).nullish();
/** Decoded trace data. */
export type StoTraceData = z.infer<typeof StoTraceDataSchema>;
