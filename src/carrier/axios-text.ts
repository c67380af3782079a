// The axios client lanjie's HTTP ports share (carrier accounts, webhook ports, the HTTP thread): its configuration, and how an answer is read.
import type { CreateAxiosDefaults } from 'axios';

/** An axios configuration that sends bodies as given, reads every answer as text whatever its status, and follows no redirect. */
export function textClientConfig({ baseUrl, timeoutMs }: { baseUrl?: string | undefined; timeoutMs: number }): CreateAxiosDefaults {
  return {
    adapter: 'http',
    ...(baseUrl ? { baseURL: baseUrl } : {}),
    timeout: timeoutMs,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxRedirects: 0,
  };
}

/** An axios response as lanjie's HTTP ports read it: status, lower-case headers, body text. */
export function answerOf(response: { status: number; headers?: unknown; data?: unknown }): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries((response.headers ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) headers[key.toLowerCase()] = String(value);
  }
  return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : String(response.data ?? '') };
}
