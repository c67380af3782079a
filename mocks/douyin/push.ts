// The simulator's message pushes: an outbox of tagged messages, delivered signed to a URL or a function, and droppable, duplicable, reorderable.
import { simEventSign, simInt64Json } from './sign.ts';

/** One message as the platform pushes it: `data` is a JSON string. */
export interface SimMessage {
  tag: string;
  msg_id: string;
  data: string;
}

/** A push as it leaves the platform. */
export interface SimPush {
  headers: Record<string, string>;
  body: string;
}

/** Where pushes go: a URL (POSTed) or a function (in-process tests). Its answer is recorded. */
export type PushTarget = string | ((push: SimPush) => Promise<{ status: number; body: string }>);

/** Options of one delivery round. */
export interface DeliverOptions {
  /** Messages for which this is true are lost (never delivered, never retried). */
  drop?: (message: SimMessage) => boolean;
  /** Every message is delivered twice. */
  duplicate?: boolean;
  /** Deliver in reverse order. */
  reverse?: boolean;
  /** Messages per push (the platform batches; default 1). */
  batch?: number;
  /** Sign with this secret instead (a forged push). */
  forgeSecret?: string;
}

/** What happened to pushes, for tests. */
export interface PushLog {
  delivered: SimMessage[];
  dropped: SimMessage[];
  answers: { status: number; body: string }[];
}

/** The outbox of one simulated app. */
export class PushOutbox {
  readonly pending: SimMessage[] = [];
  readonly log: PushLog = { delivered: [], dropped: [], answers: [] };
  private counter = 0;

  constructor(
    private readonly app: { appKey: string; appSecret: string },
    public target?: PushTarget,
  ) {}

  /** Queues a message with a new msg_id. */
  enqueue(tag: string, data: Record<string, unknown>): SimMessage {
    const message = { tag, msg_id: `sim-msg-${String(++this.counter).padStart(6, '0')}`, data: simInt64Json(data) };
    this.pending.push(message);
    return message;
  }

  /** Builds one signed push of these messages. */
  build(messages: readonly SimMessage[], forgeSecret?: string): SimPush {
    const body = JSON.stringify(messages);
    return {
      headers: { 'content-type': 'application/json', 'event-sign': simEventSign(this.app.appKey, body, forgeSecret ?? this.app.appSecret) },
      body,
    };
  }

  /** Delivers what is pending; a message whose push is not answered with code 0 stays pending. */
  async deliver(options: DeliverOptions = {}): Promise<PushLog> {
    const taken = this.pending.splice(0);
    let queue = taken.filter((m) => {
      if (options.drop?.(m)) {
        this.log.dropped.push(m);
        return false;
      }
      return true;
    });
    if (options.duplicate) queue = queue.flatMap((m) => [m, m]);
    if (options.reverse) queue.reverse();
    const batch = Math.max(1, options.batch ?? 1);
    for (let i = 0; i < queue.length; i += batch) {
      const messages = queue.slice(i, i + batch);
      const answer = await this.send(this.build(messages, options.forgeSecret));
      this.log.answers.push(answer);
      let ok = false;
      try {
        ok = answer.status === 200 && (JSON.parse(answer.body) as { code?: number }).code === 0;
      } catch {
        ok = false;
      }
      if (ok) this.log.delivered.push(...messages);
      else for (const m of messages) if (!this.pending.includes(m)) this.pending.push(m);
    }
    return this.log;
  }

  private async send(push: SimPush): Promise<{ status: number; body: string }> {
    if (!this.target) throw new Error('douyin simulator: no push target configured');
    if (typeof this.target === 'function') return this.target(push);
    const response = await fetch(this.target, { method: 'POST', headers: push.headers, body: push.body });
    return { status: response.status, body: await response.text() };
  }
}
