// ZTO (ZOP) signing: the x-dataDigest request header and the data_digest of pushes, Base64(MD5(text + appSecret)).
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The ZOP digest of `text`: Base64 of the raw MD5 digest (not of its hex form) of `text + appSecret`,
 * UTF-8 encoded. Requests sign the exact JSON body; pushes sign the `data` form field.
 */
export function ztoDigest(text: string, appSecret: string): string {
  return createHash('md5')
    .update(text + appSecret, 'utf8')
    .digest('base64');
}

/**
 * Checks a received digest in constant time. A `+` turned into a space by a form decoder (a sender
 * that does not URL-encode its Base64) is put back before comparing.
 */
export function verifyZtoDigest(text: string, appSecret: string, received: string): boolean {
  const expected = Buffer.from(ztoDigest(text, appSecret), 'utf8');
  const actual = Buffer.from(received.trim().replace(/ /g, '+'), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
