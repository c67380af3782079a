// Zod schemas of the Yunda payloads the plugin reads: the common envelope, the track data and the subscribe data.
import { z } from 'zod';

/** A code or message field: Yunda's type is not documented, so strings and numbers are both read. */
const looseText = z.union([z.string(), z.number()]).nullish();

/**
 * The envelope of every Yunda answer (reference §4 and §19.4): `result` true on success, otherwise
 * `code` and `message` say why.
 */
export const YundaEnvelopeSchema = z.object({
  result: z.boolean(),
  code: looseText,
  message: z.string().nullish(),
  data: z.unknown().optional(),
});
/** A decoded Yunda envelope. */
export type YundaEnvelope = z.infer<typeof YundaEnvelopeSchema>;

/**
 * One step of a track answer: `time` is a Beijing local string "yyyy-MM-dd HH:mm:ss" (epoch
 * milliseconds are tolerated), `action` the scan code (§4).
 */
export const YundaStepSchema = z.object({
  time: z.union([z.string(), z.number()]),
  city: z.string().nullish(),
  description: z.string().nullish(),
  action: z.string().min(1),
});
/** One decoded track step. */
export type YundaStep = z.infer<typeof YundaStepSchema>;

/**
 * `data` of `openapi/outer/logictis/query`: `{mailno, status, steps[]}` (§4). The meaning of
 * `status` is not documented; it is kept in `raw` only. A null `data` or an empty `steps` is read
 * as "no route" (the not-found form is unconfirmed).
 */
export const YundaTrackDataSchema = z
  .object({
    mailno: z.string().nullish(),
    status: looseText,
    steps: z.array(YundaStepSchema).nullish(),
  })
  .nullish();
/** Decoded track data. */
export type YundaTrackData = z.infer<typeof YundaTrackDataSchema>;

/** One order of a subscribe answer: its number and whether it was subscribed. */
export const YundaSubscribeOrderSchema = z.object({
  orderid: z.string().nullish(),
  mailno: z.string().nullish(),
  result: z.boolean(),
  message: z.string().nullish(),
});

/** `data` of `openapi/outer/logictis/subscribe`: `{orders[]}` (§4). */
export const YundaSubscribeDataSchema = z
  .object({
    orders: z.array(YundaSubscribeOrderSchema).nullish(),
  })
  .nullish();
