// Calls to the lanjie REST API from the console: the API key lives in sessionStorage (entered once per browser tab) and goes in the Authorization header of every call.
const STORAGE_KEY = 'lanjie.console.apiKey';

/** The key entered in this tab, or null. */
export function storedKey() {
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Keeps the key for this tab. */
export function storeKey(key) {
  sessionStorage.setItem(STORAGE_KEY, key);
}

/** Forgets the key (sign out, or the API refused it). */
export function forgetKey() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** An answer other than 2xx: status, the API's error code, message and issues. */
export class ApiFailure extends Error {
  constructor(status, code, message, issues) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.code = code;
    this.issues = issues ?? [];
  }
}

/** Called when the API answers 401: the key is gone or revoked. */
let onUnauthenticated = () => {};
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

/** One API call; JSON in and out. Throws ApiFailure on a non-2xx answer. */
export async function api(method, path, body) {
  const headers = { authorization: `Bearer ${storedKey() ?? ''}`, accept: 'application/json' };
  const init = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' && data.error ? data.error : {};
    const failure = new ApiFailure(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? (text || response.statusText),
      error.issues,
    );
    if (response.status === 401) onUnauthenticated(failure);
    throw failure;
  }
  return data;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
