// Types of http-answer.mjs.
/** An axios response as lanjie's HTTP ports read it: status, lower-case headers, body text. */
export function answerOf(response: { status: number; headers?: unknown; data?: unknown }): { status: number; headers: Record<string, string>; body: string };
