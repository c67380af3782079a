// STO link gateway signing: data_digest = Base64(MD5(content + secretKey)) over the exact `content` form field.
import { createHash } from 'node:crypto';

/**
 * The `data_digest` of a link gateway call: Base64 of the raw MD5 digest (not of its hex form) of
 * the `content` JSON text followed by the secret key, UTF-8 encoded (reference §5, §18).
 */
export function stoDataDigest(content: string, secretKey: string): string {
  return createHash('md5')
    .update(content + secretKey, 'utf8')
    .digest('base64');
}
