// Types of axios-text.mjs.
import type { CreateAxiosDefaults } from 'axios';
/** An axios configuration that sends bodies as given, reads every answer as text whatever its status, and follows no redirect. */
export function textClientConfig(options: { baseUrl?: string; timeoutMs: number }): CreateAxiosDefaults;
/** An axios response as lanjie's HTTP ports read it: status, lower-case headers, body text. */
export function answerOf(response: { status: number; headers?: unknown; data?: unknown }): {
  status: number;
  headers: Record<string, string>;
  body: string;
};
