// Yunda open-platform signing: the `sign` request header, lower-case hex MD5(body + "_" + appSecret).
import { createHash } from 'node:crypto';

/**
 * The Yunda `sign` header of a request body: lower-case hex MD5 of `body + "_" + appSecret`, UTF-8
 * encoded. The body is the exact JSON text sent. Reference §4/§18 (confidence S: one SDK).
 */
export function yundaSign(body: string, appSecret: string): string {
  return createHash('md5').update(`${body}_${appSecret}`, 'utf8').digest('hex');
}
