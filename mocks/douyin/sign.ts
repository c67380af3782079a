// The simulator's own Douyin signing (never imported from carriers/): request HMAC-SHA256 and push MD5, written from reference §16.
import { createHash, createHmac } from 'node:crypto';

/** hex HMAC-SHA256(secret, secret + app_key… + "v2" + secret) over the body exactly as received. */
export function simRequestSign(appKey: string, appSecret: string, method: string, body: string, timestamp: string): string {
  const text = `${appSecret}app_key${appKey}method${method}param_json${body}timestamp${timestamp}v2${appSecret}`;
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('hex');
}

/** hex MD5(app key + body + app secret): the `event-sign` header of a push. */
export function simEventSign(appKey: string, body: string, appSecret: string): string {
  return createHash('md5')
    .update(appKey + body + appSecret, 'utf8')
    .digest('hex');
}

/** The simulator's canonical JSON for bodies it builds (keys sorted at every depth). */
export function simJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(value));
}

/** Fields the platform sends as int64 numbers (after-sale, order, SKU order and shop ids). */
const INT64_FIELDS = ['after_sale_id', 'aftersale_id', 'shop_order_id', 'sku_order_id', 'shop_id', 'p_id', 's_id'];

/** JSON as the platform writes it: the simulator keeps ids as text and writes them as number literals, digits exact. */
export function simInt64Json(value: unknown): string {
  const pattern = new RegExp(`"(${INT64_FIELDS.join('|')})":"(\\d+)"`, 'g');
  return JSON.stringify(value).replace(pattern, '"$1":$2');
}
