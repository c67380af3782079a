// Zod schemas of the Deppon DOP payloads the plugin reads: the envelope and the newTraceQuery answer. Correct them here when confirmed.
import { z } from 'zod';

/** `result` arrives as the string "true"/"false" on most APIs and as a boolean on some. */
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]);
/** Codes are strings in every sample ("1000", "2006"); numbers are tolerated. */
const code = z.union([z.string(), z.number()]).nullish();

/**
 * The DOP envelope (reference §19.4: success is `result=="true"` or `success==true`; errors carry
 * `reason` and `resultCode`). The subscribe API names them `error_message` / `error_code`
 * instead (one SDK sample, S). At least one of `result` / `success` must be present.
 * UNCONFIRMED beyond those fields: see README.
 */
export const DepponEnvelopeSchema = z
  .object({
    result: flag.optional(),
    success: z.boolean().optional(),
    resultCode: code,
    reason: z.string().nullish(),
    error_code: code,
    error_message: z.string().nullish(),
    uniquerRequestNumber: code,
    responseParam: z.unknown().optional(),
  })
  .refine((v) => v.result !== undefined || v.success !== undefined, { message: 'result or success is required', path: ['result'] });
/** A decoded DOP envelope. */
export type DepponEnvelope = z.infer<typeof DepponEnvelopeSchema>;

/**
 * One trace of `newTraceQuery` (`responseParam.trace_list[]`): `status` is the event code,
 * `time` a Beijing local string "yyyy-MM-dd HH:mm:ss", `city` and `site` the place. Form from two
 * independent SDKs (imZTY/kuaididouble DepponMaptrackQueryResponse, a Masonx PHP SDK sample), not
 * from the reference: UNCONFIRMED.
 */
export const DepponTraceSchema = z.object({
  status: z.union([z.string(), z.number()]).transform(String),
  time: z.string(),
  description: z.string().nullish(),
  city: z.string().nullish(),
  site: z.string().nullish(),
});
/** One decoded trace. */
export type DepponTrace = z.infer<typeof DepponTraceSchema>;

/** `responseParam` of `newTraceQuery`: `{tracking_number, trace_list[]}`; null or an empty list means no route. */
export const DepponTraceResponseSchema = z
  .object({
    tracking_number: z.string().nullish(),
    trace_list: z.array(DepponTraceSchema).nullish(),
  })
  .nullish();
