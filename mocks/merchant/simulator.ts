// A merchant after-sales system that receives lanjie's webhooks. It does NOT deduplicate: every accepted money call is performed again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** One instruction the merchant's system performed. */
export interface PerformedCall {
  idempotencyKey: string;
  action: string;
  afterSaleId: string;
  amountFen?: number;
}

/** Options of the merchant simulator. */
export interface MerchantSimulatorOptions {
  secret: string;
  /** Called when a call was performed and before the answer is sent (tests kill the caller here). */
  onPerformed?: (call: PerformedCall) => void | Promise<void>;
}

/** The simulator: an HTTP server with a ledger of performed calls. */
export class MerchantSimulator {
  readonly performed: PerformedCall[] = [];
  /** Refused for a bad signature. */
  refused = 0;
  /** The next N calls are performed but their answer is lost (connection destroyed). */
  loseAnswers = 0;
  private server?: http.Server;

  constructor(private readonly options: MerchantSimulatorOptions) {}

  private verify(timestamp: string | undefined, body: string, signature: string | undefined): boolean {
    if (!timestamp || !signature) return false;
    const expected = Buffer.from(`v1=${createHmac('sha256', this.options.secret).update(`${timestamp}.${body}`).digest('hex')}`);
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Starts listening (default loopback, port 0 = any free port); returns the webhook URL. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const timestamp = req.headers['x-lanjie-timestamp'] as string | undefined;
    const signature = req.headers['x-lanjie-signature'] as string | undefined;
    if (!this.verify(timestamp, body, signature)) {
      this.refused++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    if (req.method === 'GET' && url.pathname.endsWith('/status')) {
      const key = url.searchParams.get('idempotencyKey') ?? '';
      const done = this.performed.some((c) => c.idempotencyKey === key);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ idempotencyKey: key, status: done ? 'DONE' : 'NOT_FOUND' }));
      return;
    }
    let instruction: PerformedCall;
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      instruction = {
        idempotencyKey: String(parsed.idempotencyKey),
        action: String(parsed.action),
        afterSaleId: String(parsed.afterSaleId),
        amountFen: typeof parsed.amountFen === 'number' ? parsed.amountFen : undefined,
      };
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"body is not JSON"}');
      return;
    }
    this.performed.push(instruction);
    await this.options.onPerformed?.(instruction);
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      req.socket.destroy();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ok: true, idempotencyKey: instruction.idempotencyKey }));
  }

  /** Calls performed per idempotency key (more than one = money moved twice). */
  countsByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.performed) counts.set(c.idempotencyKey, (counts.get(c.idempotencyKey) ?? 0) + 1);
    return counts;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
