// Deppon DOP signing: the `digest` form field, Base64 of the lower-case hex MD5 string of params + appkey + timestamp.
import { createHash } from 'node:crypto';

/**
 * The DOP `digest` of a request: MD5 of `params + appKey + timestamp` (UTF-8), written as its
 * 32-character lower-case hex string, and that hex STRING Base64-encoded (not the raw 16-byte
 * digest: reference §11/§18 trap). `params` is the exact JSON text sent; `timestamp` the ms text sent.
 */
export function depponDigest(params: string, appKey: string, timestamp: string): string {
  const hex = createHash('md5')
    .update(params + appKey + timestamp, 'utf8')
    .digest('hex');
  return Buffer.from(hex, 'ascii').toString('base64');
}
