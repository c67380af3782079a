// The carrier error hierarchy, split by retryability: rejected errors are final, transient ones are retried.
import type { InterceptRefusal } from './model.ts';

/** Stable error codes, one per error class. */
export type CarrierErrorCode =
  | 'AUTH_FAILED'
  | 'INVALID_REQUEST'
  | 'NOT_FOUND'
  | 'NOT_INTERCEPTABLE'
  | 'NOT_SUPPORTED'
  | 'BAD_RESPONSE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'PUSH_REJECTED';

/** Options common to every carrier error. */
export interface CarrierErrorOptions {
  /** The carrier's own code (ZTO S211, SF 8016, HTTP 503 ...). */
  carrierCode?: string;
  /** The carrier payload behind the error, kept for the audit log. */
  raw?: unknown;
  cause?: unknown;
}

/** Base of every error a carrier call can raise. */
export abstract class CarrierError extends Error {
  abstract readonly code: CarrierErrorCode;
  abstract readonly retryable: boolean;
  readonly carrierId: string;
  readonly carrierCode: string | undefined;
  readonly raw: unknown;

  constructor(carrierId: string, message: string, options: CarrierErrorOptions = {}) {
    super(`[${carrierId}] ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.carrierId = carrierId;
    this.carrierCode = options.carrierCode;
    this.raw = options.raw;
  }

  /** A JSON-safe summary for logs and API output (no secrets: carrier payloads only). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      carrierId: this.carrierId,
      carrierCode: this.carrierCode,
      message: this.message,
      retryable: this.retryable,
    };
  }
}

/** Final errors: retrying the same call cannot help. */
export abstract class CarrierRejectedError extends CarrierError {
  readonly retryable = false;
}
/** Credentials or signature refused. */
export class AuthError extends CarrierRejectedError {
  readonly code = 'AUTH_FAILED' as const;
}
/** The request itself is wrong (missing field, bad format). */
export class InvalidRequestError extends CarrierRejectedError {
  readonly code = 'INVALID_REQUEST' as const;
}
/** The carrier does not know the waybill. */
export class NotFoundError extends CarrierRejectedError {
  readonly code = 'NOT_FOUND' as const;
}
/** The carrier refused to intercept this parcel, for a normalised reason. */
export class NotInterceptableError extends CarrierRejectedError {
  readonly code = 'NOT_INTERCEPTABLE' as const;
  readonly refusal: InterceptRefusal;
  constructor(carrierId: string, message: string, refusal: InterceptRefusal, options: CarrierErrorOptions = {}) {
    super(carrierId, message, options);
    this.refusal = refusal;
  }
}
/** The carrier does not offer this operation (or this kind of it). */
export class NotSupportedError extends CarrierRejectedError {
  readonly code = 'NOT_SUPPORTED' as const;
}
/** The carrier answered with something we cannot read; `issues` lists what did not validate. */
export class BadResponseError extends CarrierRejectedError {
  readonly code = 'BAD_RESPONSE' as const;
  readonly issues: readonly { path: string; message: string }[];
  constructor(carrierId: string, message: string, issues: readonly { path: string; message: string }[], options: CarrierErrorOptions = {}) {
    super(carrierId, message, options);
    this.issues = issues;
  }
}
/** A push whose signature, token or source address does not check out. */
export class PushRejectedError extends CarrierRejectedError {
  readonly code = 'PUSH_REJECTED' as const;
}

/** Errors worth retrying after a pause. */
export abstract class CarrierTransientError extends CarrierError {
  readonly retryable = true;
}
/** A quota or rate limit was hit; `retryAfterMs` says when to try again, when known. */
export class RateLimitedError extends CarrierTransientError {
  readonly code = 'RATE_LIMITED' as const;
  readonly retryAfterMs: number | undefined;
  constructor(carrierId: string, message: string, retryAfterMs: number | undefined, options: CarrierErrorOptions = {}) {
    super(carrierId, message, options);
    this.retryAfterMs = retryAfterMs;
  }
}
/** The carrier is down or failing (5xx, gateway errors). */
export class CarrierUnavailableError extends CarrierTransientError {
  readonly code = 'UNAVAILABLE' as const;
}
/** No answer in time. For a non-idempotent call the outcome is unknown. */
export class CarrierTimeoutError extends CarrierTransientError {
  readonly code = 'TIMEOUT' as const;
}

/** How a plugin's error table classifies one business code. */
export type ErrorKind =
  | 'auth'
  | 'invalid'
  | 'not_found'
  | 'not_interceptable'
  | 'not_supported'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout';

/** One row of a plugin's error table. */
export interface ErrorTableEntry {
  kind: ErrorKind;
  /** The carrier's meaning, in its own words (usually Chinese). */
  message: string;
  /** For `not_interceptable`: the normalised refusal. */
  refusal?: InterceptRefusal;
  /** For `rate_limited`: how long to wait when the carrier does not say (ms). */
  retryAfterMs?: number;
}

/** A plugin's table of business codes: exact code → classification. */
export type ErrorTable = Readonly<Record<string, ErrorTableEntry>>;

/** Builds the typed error for a carrier business code; unknown codes become `fallback` (default: invalid request). */
export function errorFromTable(
  carrierId: string,
  table: ErrorTable,
  carrierCode: string,
  carrierMessage: string | undefined,
  raw: unknown,
  fallback: ErrorKind = 'invalid',
): CarrierError {
  const entry = table[carrierCode];
  const kind = entry?.kind ?? fallback;
  const text = `${carrierCode}: ${carrierMessage ?? entry?.message ?? 'unknown carrier error'}`;
  const options = { carrierCode, raw };
  switch (kind) {
    case 'auth':
      return new AuthError(carrierId, text, options);
    case 'invalid':
      return new InvalidRequestError(carrierId, text, options);
    case 'not_found':
      return new NotFoundError(carrierId, text, options);
    case 'not_interceptable':
      return new NotInterceptableError(carrierId, text, entry?.refusal ?? 'OTHER', options);
    case 'not_supported':
      return new NotSupportedError(carrierId, text, options);
    case 'rate_limited':
      return new RateLimitedError(carrierId, text, entry?.retryAfterMs, options);
    case 'unavailable':
      return new CarrierUnavailableError(carrierId, text, options);
    case 'timeout':
      return new CarrierTimeoutError(carrierId, text, options);
  }
}
