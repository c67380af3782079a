// zod schemas of the China Post platform: the account config, the response envelope, track items and push payloads.
import { z } from 'zod';
import { BaseAccountConfigSchema } from '../../src/carrier/config.ts';
import { isEmsSignKey } from './sign.ts';

/** Production endpoint (the sandbox is https://api.ems.com.cn/amp-prod-api/f/amp/api/test). */
export const EMS_PRODUCTION_URL = 'https://api.ems.com.cn/amp-prod-api/f/amp/api/open';

/**
 * An account of the 国内协议客户 API 开放平台 (api.ems.com.cn), shared by EMS and China Post parcels:
 * base URL (the full endpoint: every apiCode is posted to it), timeout, and the three credentials.
 */
export const EmsConfigSchema = BaseAccountConfigSchema.extend({
  /** The endpoint every form is posted to. Default: production. */
  baseUrl: z.url().default(EMS_PRODUCTION_URL),
  /** 协议客户号 (customer number), sent as `senderNo`; pushes carry it back. */
  senderNo: z.string().min(1),
  /** 授权码 (differs between test and production), sent as `authorization`. */
  authorization: z.string().min(1),
  /** The Base64 of the 16-byte SM4 key; appended to every business JSON before encryption. Never sent in clear. */
  signKey: z.string().refine(isEmsSignKey, 'signKey must be the Base64 of 16 bytes (an SM4 key)'),
});
/** A validated China Post platform account configuration. */
export type EmsConfig = z.infer<typeof EmsConfigSchema>;

const text = z.union([z.string(), z.number()]).transform(String);

/** The response envelope of every apiCode (reference §7, §19.4). `retBody` is a JSON string. */
export const EmsEnvelopeSchema = z.looseObject({
  /** "00000" = success. */
  retCode: text,
  retMsg: z.string().nullish(),
  /** The business answer as a JSON string (some clients also see it decoded). */
  retBody: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
  retDate: z.string().nullish(),
  serialNo: z.string().nullish(),
});
/** A parsed platform envelope. */
export type EmsEnvelope = z.infer<typeof EmsEnvelopeSchema>;

/** One route item, as the track query (040001) and the push (040002) both give it. */
export const EmsRouteItemSchema = z.looseObject({
  waybillNo: z.string().min(1),
  /** Beijing local time "yyyy-MM-dd HH:mm:ss". */
  opTime: z.string().min(1),
  /** The operation code (305, 704, ...); semantics are inferred (reference §7, mark I). */
  opCode: text,
  opName: z.string().nullish(),
  opDesc: z.string().nullish(),
  opOrgCode: z.string().nullish(),
  opOrgName: z.string().nullish(),
  opOrgCity: z.string().nullish(),
  opOrgProvName: z.string().nullish(),
  operatorName: z.string().nullish(),
  operatorNo: z.string().nullish(),
  orderNo: z.string().nullish(),
});
/** A parsed route item. */
export type EmsRouteItem = z.infer<typeof EmsRouteItemSchema>;

/** `retBody` of the track query: `responseItems`, empty or absent when the platform knows no route. */
export const EmsTrackBodySchema = z.looseObject({
  responseItems: z.array(EmsRouteItemSchema).nullish(),
});

/**
 * The outer fields of a push (apiCode 040002), as JSON or form fields. Public samples show
 * `senderNo` empty, so it is optional here; the client decides what an empty one means.
 */
export const EmsPushEnvelopeSchema = z.looseObject({
  logitcsInterface: z.string().min(1),
  method: z.string().nullish(),
  msgType: z.string().nullish(),
  senderNo: z.string().nullish(),
  serialNo: z.string().nullish(),
  timeStamp: z.string().nullish(),
  version: z.string().nullish(),
});

/** A decrypted push: one route item (the form public code reads) or an array of them. */
export const EmsPushDataSchema = z.union([EmsRouteItemSchema, z.array(EmsRouteItemSchema).min(1)]);
