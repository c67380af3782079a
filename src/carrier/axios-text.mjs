// The axios client lanjie's HTTP ports share (carrier accounts, webhook ports, the HTTP thread): its configuration, and how an answer is read. Plain JavaScript so the HTTP thread shares it.

/**
 * An axios configuration that sends bodies as given, reads every answer as text whatever its status,
 * and follows no redirect.
 * @param {{ baseUrl?: string; timeoutMs: number }} options
 */
export function textClientConfig({ baseUrl, timeoutMs }) {
  return {
    adapter: /** @type {const} */ ('http'),
    ...(baseUrl ? { baseURL: baseUrl } : {}),
    timeout: timeoutMs,
    responseType: /** @type {const} */ ('text'),
    transformResponse: [(/** @type {unknown} */ data) => data],
    validateStatus: () => true,
    maxRedirects: 0,
  };
}

/**
 * An axios response as lanjie's HTTP ports read it: status, lower-case headers, body text.
 * @param {{ status: number; headers?: Record<string, unknown> | null; data?: unknown }} response
 * @returns {{ status: number; headers: Record<string, string>; body: string }}
 */
export function answerOf(response) {
  /** @type {Record<string, string>} */
  const headers = {};
  for (const [key, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined && value !== null) headers[key.toLowerCase()] = String(value);
  }
  return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : String(response.data ?? '') };
}
