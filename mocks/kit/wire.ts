// Wire helpers shared by simulators: reading a JSON object or a text field from a request, and the plain HTTP 429 quota answer.
import type { SimResponse } from './types.ts';

/** What a JSON text held: the object, or why it is not one (`not-json`: does not parse; `not-object`: parses to something else). */
export type JsonObjectRead = { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'not-json' | 'not-object' };

/** Parses text that must hold a JSON object (not an array, not null); undefined and '' are `not-json`. */
export function readJsonObject(text: string | undefined): JsonObjectRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: 'not-object' };
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** A request field as text: a string that is not blank (kept as sent), else undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A request field as text: a non-blank string (kept as sent) or a number (as its decimal string), else undefined. */
export function textOrNumberOf(value: unknown): string | undefined {
  return typeof value === 'number' ? String(value) : textOf(value);
}

/**
 * The quota answer of a carrier that publishes no quota code: HTTP 429, body `Too Many Requests`,
 * `Retry-After` in whole seconds (at least 1, rounded up from `retryAfterMs`).
 * `contentType` defaults to `text/plain;charset=UTF-8`.
 */
export function tooManyRequests(retryAfterMs: number, contentType = 'text/plain;charset=UTF-8'): SimResponse {
  return {
    status: 429,
    headers: { 'content-type': contentType, 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
    body: 'Too Many Requests',
  };
}
