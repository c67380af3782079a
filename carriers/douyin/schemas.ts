// Zod schemas of the Douyin payloads the hub plugin reads: the response envelope, intercept results, route nodes, after-sale list lookup.
import { z } from 'zod';

/**
 * Parses Douyin JSON keeping 64-bit ids exact: integer literals of 16 digits or more outside strings (after-sale,
 * order and shop ids are int64 in the API) become strings before JSON.parse, which would round them.
 */
export function parseJsonKeepingIds(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      out += /^-?\d{16,}$/.test(literal) ? `"${literal}"` : literal;
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return JSON.parse(out);
}

/** A number the platform sends as a number or a digit string (ids are 64-bit: kept as text). */
export const IdSchema = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
/** An integer the platform sends as a number or a digit string. */
export const IntSchema = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/** The response envelope of every API: `code` 10000 is success (reference §16). */
export const DouyinEnvelopeSchema = z.object({
  log_id: z.string().optional(),
  code: z.number().int(),
  msg: z.string().optional(),
  sub_code: z.string().optional(),
  sub_msg: z.string().optional(),
  data: z.unknown().optional(),
});
export type DouyinEnvelope = z.infer<typeof DouyinEnvelopeSchema>;

/** One parcel's answer of `/afterSale/applyLogisticsIntercept`. */
export const InterceptResultItemSchema = z.object({
  company_code: z.string(),
  company_name: z.string().optional(),
  tracking_no: z.string(),
  value_amount: IntSchema.optional(),
  can_intercept: z.boolean(),
  is_success: z.boolean(),
  unavailable_reason_code: z.union([z.string(), z.number()]).optional().nullable(),
  unavailable_reason: z.string().optional().nullable(),
  intercept_cost: IntSchema.optional().nullable(),
  cur_product: z.unknown().optional(),
  other_products: z.unknown().optional(),
  other_product_amount: IntSchema.optional().nullable(),
  /** 0 线上 (online), 1 线下 (offline). */
  settlement_mode: IntSchema.optional().nullable(),
});
export type InterceptResultItem = z.infer<typeof InterceptResultItemSchema>;

/** `data` of `/afterSale/applyLogisticsIntercept`. */
export const InterceptDataSchema = z.object({
  intercept_results: z.array(InterceptResultItemSchema),
  success_count: IntSchema.optional(),
  failed_count: IntSchema.optional(),
  unavailable_reason_code: z.union([z.string(), z.number()]).optional().nullable(),
  unavailable_reason: z.string().optional().nullable(),
  refund_amount: IntSchema.optional().nullable(),
});

/** One node of `/logistics/trackNoRouteDetail` (timestamp: seconds, as text). */
export const RouteNodeSchema = z.object({
  content: z.string(),
  timestamp: IntSchema,
  state: z.union([z.string(), z.number()]).transform((v) => String(v)),
  state_description: z.string().optional().default(''),
  site_name: z.string().optional().nullable(),
});
export type RouteNode = z.infer<typeof RouteNodeSchema>;

/** `data` of `/logistics/trackNoRouteDetail` (the field name has a double underscore). */
export const TrackDataSchema = z.object({
  route__node_list: z.array(RouteNodeSchema).nullable().optional(),
  track_info: z.object({ track_no: z.string().optional(), express: z.string().optional() }).nullable().optional(),
});

/** The part of an `/afterSale/List` item the plugin reads to find a parcel's after-sale. */
export const AfterSaleLookupSchema = z.object({
  items: z
    .array(z.object({ aftersale_info: z.object({ aftersale_id: IdSchema, aftersale_status: IntSchema }) }))
    .nullable()
    .optional(),
});
