// The generic mode's port to the merchant's own after-sales system: signed instructions with an Idempotency-Key, and a status query for reconciliation.
import axios, { type AxiosInstance } from 'axios';
import { answerOf, textClientConfig } from '../carrier/axios-text.ts';
import type { HttpThread } from '../carrier/http-thread.ts';
import { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import { signWebhook } from './webhook-sign.ts';

/** Configuration of one merchant's webhook endpoint. */
export const WebhookConfigSchema = z.object({
  /** The merchant's endpoint; instructions are POSTed to it, status queries GET `<url>/status`. */
  url: z.url(),
  /** Shared secret for the HMAC signature (at least 16 characters). */
  secret: z.string().min(16),
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** When true nothing is sent: the instruction is recorded as what would have been sent. */
  dryRun: z.boolean().default(true),
});
export type WebhookConfig = z.output<typeof WebhookConfigSchema>;

/** An instruction to the merchant's system. */
export interface WebhookInstruction {
  /** The receiver must honour it: the same key means the same instruction, performed at most once. */
  idempotencyKey: string;
  /** refund | agree-refuse-sign | reject | notify. */
  action: string;
  caseId: string;
  afterSaleId: string;
  amountFen?: number;
  reason: string;
  detail?: Record<string, unknown>;
}

/** The merchant system's answer. */
export type WebhookOutcome =
  | { outcome: 'DONE'; status: number; body: unknown }
  | { outcome: 'DRY_RUN'; wouldSend: { url: string; headers: Record<string, string>; body: string } };

/** What the merchant's system says it did for an idempotency key. */
export type WebhookStatus = 'DONE' | 'NOT_FOUND' | 'FAILED';

/** A webhook call that failed: `retryable` splits a lost answer or 5xx from a refusal. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

const StatusReplySchema = z.object({ idempotencyKey: z.string(), status: z.enum(['DONE', 'NOT_FOUND', 'FAILED']) });

/** The port. One instance per merchant endpoint. */
export class WebhookPort {
  private readonly http: AxiosInstance;

  /** `thread`: send from this HTTP thread instead of the calling thread (same configuration). */
  constructor(
    private readonly config: WebhookConfig,
    private readonly clock: Clock,
    private readonly thread?: HttpThread,
  ) {
    this.http = axios.create(textClientConfig({ timeoutMs: config.timeoutMs }));
  }

  /** Sends one request here or from the HTTP thread; any status is an answer, no answer throws. */
  private async request(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string,
    params?: Record<string, string>,
  ): Promise<{ status: number; data: string }> {
    const answer = this.thread
      ? await this.thread.send(undefined, this.config.timeoutMs, {
          method,
          url,
          headers,
          ...(body !== undefined ? { body } : {}),
          ...(params ? { params } : {}),
        })
      : answerOf(await this.http.request<string>({ method, url, headers, data: body, params }));
    return { status: answer.status, data: answer.body };
  }

  private headers(body: string, idempotencyKey: string): Record<string, string> {
    const timestamp = String(Math.floor(this.clock.nowMs() / 1000));
    return {
      'content-type': 'application/json',
      'x-lanjie-timestamp': timestamp,
      'x-lanjie-signature': signWebhook(this.config.secret, timestamp, body),
      'idempotency-key': idempotencyKey,
    };
  }

  /** Sends one instruction. Throws WebhookError (retryable for transport errors and 5xx). */
  async send(instruction: WebhookInstruction): Promise<WebhookOutcome> {
    const body = JSON.stringify(instruction);
    const headers = this.headers(body, instruction.idempotencyKey);
    if (this.config.dryRun) return { outcome: 'DRY_RUN', wouldSend: { url: this.config.url, headers, body } };
    let response: Awaited<ReturnType<typeof this.request>>;
    try {
      response = await this.request('POST', this.config.url, headers, body);
    } catch (error) {
      throw new WebhookError(`no answer from ${this.config.url}: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    if (response.status >= 200 && response.status < 300) {
      let parsed: unknown = response.data;
      try {
        parsed = JSON.parse(response.data);
      } catch {
        // handled: a non-JSON 2xx body is kept as text
      }
      return { outcome: 'DONE', status: response.status, body: parsed };
    }
    throw new WebhookError(
      `merchant system answered HTTP ${response.status}`,
      response.status >= 500 || response.status === 429,
      response.status,
    );
  }

  /** Asks the merchant's system what it did for `idempotencyKey` (used before retrying a lost answer). */
  async status(idempotencyKey: string): Promise<WebhookStatus> {
    if (this.config.dryRun) return 'NOT_FOUND';
    const body = '';
    let response: Awaited<ReturnType<typeof this.request>>;
    try {
      response = await this.request('GET', `${this.config.url.replace(/\/$/, '')}/status`, this.headers(body, idempotencyKey), undefined, {
        idempotencyKey,
      });
    } catch (error) {
      throw new WebhookError(`status query failed: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    if (response.status !== 200)
      throw new WebhookError(`status query answered HTTP ${response.status}`, response.status >= 500, response.status);
    const parsed = StatusReplySchema.safeParse(
      (() => {
        try {
          return JSON.parse(response.data);
        } catch {
          // handled: null fails the schema below, which throws a typed WebhookError
          return null;
        }
      })(),
    );
    if (!parsed.success || parsed.data.idempotencyKey !== idempotencyKey)
      throw new WebhookError('status query answered an unreadable body', true, 200);
    return parsed.data.status;
  }
}
