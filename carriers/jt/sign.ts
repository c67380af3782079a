// J&T open platform signing: the `digest` header = Base64(MD5(bizContent + privateKey)) over the exact bizContent text.
import { createHash } from 'node:crypto';

/**
 * The header `digest` of a J&T call: Base64 of the raw MD5 digest (not of its hex form) of the
 * `bizContent` JSON text followed by the private key, UTF-8 encoded (reference §6, §18).
 */
export function jtDigest(bizContent: string, privateKey: string): string {
  return createHash('md5')
    .update(bizContent + privateKey, 'utf8')
    .digest('base64');
}
