// Kuaidi100 signing: the query sign, the label/order and work-order sign, and the push / callback sign (upper-case hex MD5).
import { createHash, timingSafeEqual } from 'node:crypto';

function upperHexMd5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/**
 * Sign of `poll/query.do`: UPPER(hexMD5(param + key + customer)), over the exact `param` JSON text
 * sent in the form (reference §13, §18).
 */
export function querySign(param: string, key: string, customer: string): string {
  return upperHexMd5(param + key + customer);
}

/**
 * Sign of `label/order` (interceptOrder) and of the work-order API: UPPER(hexMD5(param + t + key +
 * secret)), `t` being the millisecond timestamp sent in the same form (reference §13, §18).
 */
export function labelSign(param: string, t: string, key: string, secret: string): string {
  return upperHexMd5(param + t + key + secret);
}

/**
 * Sign of a subscription push, and (inferred, reference §13 "gap / I") of the interception
 * callback: UPPER(hexMD5(param + salt)), salt being the one we sent when subscribing / intercepting.
 */
export function pushSign(param: string, salt: string): string {
  return upperHexMd5(param + salt);
}

/**
 * Checks a received push sign in constant time. Case is ignored: the push is documented in upper
 * case, the inferred interception callback may follow the lower-case "md5(param + salt)" wording.
 */
export function verifyPushSign(param: string, salt: string, received: string): boolean {
  const expected = Buffer.from(pushSign(param, salt), 'utf8');
  const actual = Buffer.from(received.trim().toUpperCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
