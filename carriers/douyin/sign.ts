// Douyin open-platform signing: canonical param_json, the HMAC-SHA256 request sign, and the MD5 event-sign of message pushes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The param_json the platform signs: JSON with object keys sorted at every depth, no HTML escaping
 * (the official Go SDK re-marshals through a map with `SetEscapeHTML(false)`), undefined dropped.
 */
export function canonicalParamJson(value: unknown): string {
  return JSON.stringify(sortKeys(value ?? {}));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The API method name of a URL path: `/afterSale/operate` → `afterSale.operate`. */
export function methodOfPath(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.');
}

/** What the request sign covers. `timestamp` is in seconds. */
export interface DouyinSignInput {
  appKey: string;
  appSecret: string;
  method: string;
  paramJson: string;
  timestamp: string;
}

/**
 * hex HMAC-SHA256 with key = app secret over
 * `secret + "app_key"+key + "method"+method + "param_json"+json + "timestamp"+ts + "v2" + secret` (reference §16).
 */
export function douyinSign(input: DouyinSignInput): string {
  const pattern = `app_key${input.appKey}method${input.method}param_json${input.paramJson}timestamp${input.timestamp}v2`;
  return createHmac('sha256', input.appSecret).update(`${input.appSecret}${pattern}${input.appSecret}`, 'utf8').digest('hex');
}

/** The `event-sign` header of a message push: hex MD5 of app key + body + app secret. */
export function douyinEventSign(appKey: string, body: string, appSecret: string): string {
  return createHash('md5').update(`${appKey}${body}${appSecret}`, 'utf8').digest('hex');
}

/** Checks an `event-sign` header in constant time (case-insensitive hex). */
export function verifyDouyinEventSign(appKey: string, body: string, appSecret: string, sign: string | undefined): boolean {
  if (!sign) return false;
  const expected = Buffer.from(douyinEventSign(appKey, body, appSecret));
  const given = Buffer.from(sign.trim().toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
