// SF Express request signing: msgDigest = Base64(MD5(quote_plus(msgData + timestamp + checkWord))), pure functions.
import { createHash } from 'node:crypto';

/**
 * Unit of the `timestamp` form field. The reference marks it unconfirmed (SF's Python SDK sends
 * seconds, its Java demo and several ports send milliseconds); we send milliseconds. Change this
 * constant if SF's console documentation says otherwise.
 */
export const SF_TIMESTAMP_UNIT: 'ms' | 's' = 'ms';

/** The `timestamp` field for an instant given in epoch milliseconds, in SF_TIMESTAMP_UNIT. */
export function sfTimestamp(epochMs: number): string {
  return SF_TIMESTAMP_UNIT === 'ms' ? String(Math.trunc(epochMs)) : String(Math.floor(epochMs / 1000));
}

/**
 * URL-encodes like Python's `urllib.parse.quote_plus` (what SF's own SDK uses): UTF-8, unreserved
 * characters `A-Z a-z 0-9 _ . - ~` kept, space as `+`, everything else `%XX` in upper-case hex.
 * `encodeURIComponent` also keeps `! ' ( ) *`, so those are escaped here.
 */
export function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** SF's `msgDigest` of one request: Base64 of the raw MD5 digest of quote_plus(msgData + timestamp + checkWord). */
export function sfMsgDigest(msgData: string, timestamp: string, checkWord: string): string {
  return createHash('md5')
    .update(quotePlus(msgData + timestamp + checkWord), 'utf8')
    .digest('base64');
}
