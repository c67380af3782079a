// An axios response as lanjie's HTTP ports read it: status, lower-case headers, body text. Plain JavaScript so the HTTP thread shares it.

/**
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
