// One axios client per carrier account: Node http adapter, base URL and timeout from config, transport errors typed.
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { z } from 'zod';
import { BadResponseError, CarrierTimeoutError, CarrierUnavailableError, RateLimitedError, AuthError } from './errors.ts';
import { answerOf, textClientConfig } from './axios-text.ts';
import { HttpTransportError, type HttpThread } from './http-thread.ts';
import type { CarrierHttpRequest, CarrierHttpResponse } from './http-message.ts';

export type { CarrierHttpRequest, CarrierHttpResponse } from './http-message.ts';

/** Options of a carrier HTTP client. */
export interface CarrierHttpOptions {
  /** Base URL of the carrier's API (a simulator's URL in the sandbox and tests). */
  baseUrl: string;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Send from this HTTP thread instead of the calling thread (same axios configuration). Default: the calling thread. */
  thread?: HttpThread;
}

/** The HTTP port a plugin receives. Transport failures arrive as typed transient errors. */
export interface CarrierHttp {
  /** Sends one request; throws CarrierTimeoutError, CarrierUnavailableError (5xx, network) or RateLimitedError (429). */
  send(request: CarrierHttpRequest): Promise<CarrierHttpResponse>;
  /** The underlying axios instance (for inspection; plugins use `send`). */
  readonly axios: AxiosInstance;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Creates the HTTP client of one carrier account. */
export function createCarrierHttp(carrierId: string, options: CarrierHttpOptions): CarrierHttp {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const instance = axios.create(textClientConfig({ baseUrl: options.baseUrl, timeoutMs }));
  async function sendHere(request: CarrierHttpRequest): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    return answerOf(
      await instance.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        params: request.params,
      }),
    );
  }
  return {
    axios: instance,
    async send(request) {
      let response: Awaited<ReturnType<typeof sendHere>>;
      try {
        response = options.thread ? await options.thread.send(options.baseUrl, timeoutMs, request) : await sendHere(request);
      } catch (error) {
        const code = isAxiosError(error) || error instanceof HttpTransportError ? error.code : undefined;
        if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
          throw new CarrierTimeoutError(carrierId, `no answer within ${timeoutMs} ms`, { cause: error });
        }
        throw new CarrierUnavailableError(carrierId, `transport error: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      const { headers, body } = response;
      const carrierCode = `HTTP ${response.status}`;
      if (response.status === 429) {
        throw new RateLimitedError(carrierId, 'HTTP 429 Too Many Requests', parseRetryAfter(headers['retry-after']), {
          carrierCode,
          raw: body,
        });
      }
      if (response.status === 401 || response.status === 403) {
        throw new AuthError(carrierId, `HTTP ${response.status}`, { carrierCode, raw: body });
      }
      if (response.status >= 500) {
        throw new CarrierUnavailableError(carrierId, `HTTP ${response.status}`, { carrierCode, raw: body });
      }
      return { status: response.status, headers, body };
    },
  };
}

/** Parses a carrier's JSON text and validates it; anything else is a BadResponseError listing the zod issues. */
export function parseCarrierJson<S extends z.ZodType>(carrierId: string, schema: S, text: string, what: string): z.infer<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BadResponseError(carrierId, `${what}: body is not JSON`, [{ path: '', message: 'not JSON' }], { raw: text, cause: error });
  }
  return validateCarrierPayload(carrierId, schema, data, what);
}

/** Validates an already-decoded carrier payload; failures become BadResponseError with the issues. */
export function validateCarrierPayload<S extends z.ZodType>(carrierId: string, schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  throw new BadResponseError(
    carrierId,
    `${what}: unexpected payload (${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')})`,
    issues,
    { raw: data },
  );
}
