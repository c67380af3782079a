// Keeping secrets out of answers and logs: masked merchant configuration, and the logger's redaction and request serializer.
import type { MerchantConfig } from '../app/merchant-config.ts';

/** What a masked secret reads as. */
export const MASK = '***';

/** Account fields that are not secret (addresses, ids printed on waybills and contracts); every other string field is masked. */
const PUBLIC_ACCOUNT_FIELDS = new Set([
  'baseUrl',
  'apiBaseUrl',
  'autonumberUrl',
  'callbackUrl',
  'url',
  'timeoutMs',
  'pushAllowedIps',
  'partnerId',
  'customerCode',
  'customer',
  'senderNo',
  'companyCode',
  'monthlyCardNo',
  'apiAccount',
  'fromCode',
  'shopId',
  'appId',
  'accessTokenExpiresAt',
]);

function maskValue(key: string, value: unknown): unknown {
  if (PUBLIC_ACCOUNT_FIELDS.has(key)) return value;
  if (typeof value === 'string') return MASK;
  if (Array.isArray(value)) return value.map((v) => maskValue(key, v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v)]));
  return value;
}

/** A merchant as `GET /v1/merchants/:id` shows it: account secrets and the webhook secret masked. */
export function maskedMerchant(merchant: MerchantConfig) {
  return {
    ...merchant,
    accounts: Object.fromEntries(Object.entries(merchant.accounts).map(([id, account]) => [id, maskValue('', account)])),
    ...(merchant.webhook ? { webhook: { ...merchant.webhook, secret: MASK } } : {}),
  };
}

/** Query parameters whose values never reach a log line (SF's push URL token, keys in URLs). */
const SECRET_QUERY = /token|key|secret|sign|password|auth/i;

/** A URL as logged: secret-looking query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_QUERY.test(key)) params.set(key, MASK);
  return `${url.slice(0, q)}?${params.toString()}`;
}

/** Pino redaction paths: the API key headers and anything that looks like an account secret in logged objects. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.secret',
  '*.appSecret',
  '*.secretKey',
  '*.privateKey',
  '*.checkWord',
  '*.pushToken',
  '*.signKey',
  '*.authorization',
  '*.key',
  '*.salt',
  '*.appKey',
  'accounts.*.*',
  'webhook.secret',
];

/** The request serializer: method, URL without secrets, remote address. No headers, no body. */
export function serializeRequest(request: { method: string; url: string; ip?: string; id?: string }) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip, id: request.id };
}
