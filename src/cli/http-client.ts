// The CLI's client of a running gateway: LANJIE_URL and LANJIE_API_KEY, the API's error format turned into clear messages.
import { z } from 'zod';

/** A failed call, with the server's error code and issues. */
export class ClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** Where and who: LANJIE_URL (default http://127.0.0.1:8080) and LANJIE_API_KEY, overridable by --url and --key. */
export interface ClientOptions {
  url?: string;
  key?: string;
}

/** Calls the API; returns the parsed JSON, or throws ClientError with the server's message. */
export async function callApi(
  options: ClientOptions,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const base = (options.url ?? process.env.LANJIE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  const key = options.key ?? process.env.LANJIE_API_KEY;
  if (!key) throw new ClientError('no API key: set LANJIE_API_KEY or pass --key (npm start prints the sandbox key)');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ClientError(
      `cannot reach ${base}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)} (is the gateway running? set LANJIE_URL)`,
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // handled: a non-JSON body is kept as text and shown as it is
  }
  if (!response.ok) {
    const error = ErrorSchema.safeParse(parsed);
    if (error.success)
      throw new ClientError(
        `${error.data.error.code}: ${error.data.error.message}`,
        response.status,
        error.data.error.code,
        error.data.error.issues ?? [],
      );
    throw new ClientError(`HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
  }
  return parsed;
}
