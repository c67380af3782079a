// YTO signing: the request sign Base64(MD5(param + method + "v1" + secret)) and the push data_digest Base64(MD5(xml + secret)).
import { createHash, timingSafeEqual } from 'node:crypto';

/** The API version that the new gateway puts in the URL and in the signed text (the legacy gateway used "1.01"). */
export const YTO_API_VERSION = 'v1';

/** Base64 of the raw MD5 digest (not of its hex form) of `text`, UTF-8 encoded. */
function md5Base64(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('base64');
}

/**
 * The `sign` of a gateway call: Base64(MD5(param + method + version + secret)), where `param` is the
 * exact JSON text sent in the body's `param` field and `method` the API name in the URL.
 */
export function ytoSign(param: string, method: string, secret: string, version: string = YTO_API_VERSION): string {
  return md5Base64(param + method + version + secret);
}

/** The `data_digest` of a status push: Base64(MD5(logistics_interface + secret)). */
export function ytoPushDigest(logisticsInterface: string, secret: string): string {
  return md5Base64(logisticsInterface + secret);
}

/**
 * Checks a received push digest in constant time. A `+` turned into a space by a form decoder (a
 * sender that does not URL-encode its Base64) is put back before comparing.
 */
export function verifyYtoPushDigest(logisticsInterface: string, secret: string, received: string): boolean {
  const expected = Buffer.from(ytoPushDigest(logisticsInterface, secret), 'utf8');
  const actual = Buffer.from(received.trim().replace(/ /g, '+'), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
