// Keeping secrets out of answers and logs: masked merchant configuration, and the logger's redaction and request serializer.
import type { MerchantConfig } from './merchant-config.ts';

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

/** Whether an account field of this name holds a secret (masked in answers, sealed in the store, kept on edit when sent back as the mask). */
export function isSecretAccountField(key: string): boolean {
  return !PUBLIC_ACCOUNT_FIELDS.has(key);
}

/**
 * Copies an account configuration with every secret string replaced by `fn(secret, path)` (path from the
 * account's root, array indexes included). The one rule for what is a secret: a string under a field that
 * is not in the public list. Masking, sealing at rest and keeping secrets on edit all walk with it.
 */
export function mapAccountSecrets(
  value: unknown,
  fn: (secret: string, path: readonly string[]) => unknown,
  key = '',
  path: string[] = [],
): unknown {
  if (!isSecretAccountField(key)) return value;
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapAccountSecrets(v, fn, key, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapAccountSecrets(v, fn, k, [...path, k])]));
  return value;
}

/** Every secret of an account configuration with its path. */
export function accountSecrets(value: unknown): { path: readonly string[]; value: string }[] {
  const found: { path: readonly string[]; value: string }[] = [];
  mapAccountSecrets(value, (secret, path) => {
    found.push({ path, value: secret });
    return secret;
  });
  return found;
}

/** A merchant as `GET /v1/merchants/:id` shows it: account secrets and the webhook secret masked. */
export function maskedMerchant(merchant: MerchantConfig) {
  return {
    ...merchant,
    accounts: Object.fromEntries(Object.entries(merchant.accounts).map(([id, account]) => [id, mapAccountSecrets(account, () => MASK)])),
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
