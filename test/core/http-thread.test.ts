// The HTTP thread: carrier HTTP ports and webhook ports sending from it answer and fail exactly as when they send from the event loop.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarrierTimeoutError, CarrierUnavailableError, RateLimitedError } from '../../src/carrier/index.ts';
import { createCarrierHttp } from '../../src/carrier/http.ts';
import { HttpThread } from '../../src/carrier/http-thread.ts';
import { TestClock } from '../../src/clock/index.ts';
import { WebhookConfigSchema, WebhookPort } from '../../src/merchants/webhook-port.ts';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';

let server: http.Server;
let base: string;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url!.startsWith('/quota')) {
        res.writeHead(429, { 'Retry-After': '7' });
        res.end('slow down');
        return;
      }
      if (req.url!.startsWith('/slow')) {
        setTimeout(() => {
          res.writeHead(200);
          res.end('late');
        }, 500);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Answer': 'Yes' });
      res.end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe.each([
  ['the event loop', false],
  ['the HTTP thread', true],
] as const)('carrier HTTP sent from %s', (_label, useThread) => {
  let thread: HttpThread | undefined;
  beforeAll(() => {
    thread = useThread ? HttpThread.start() : undefined;
  });
  afterAll(async () => {
    await thread?.close();
  });
  const port = (baseUrl: string, timeoutMs = 2_000) => createCarrierHttp('test', { baseUrl, timeoutMs, ...(thread ? { thread } : {}) });

  it('sends the exact body and headers, with query parameters, and reads status, lower-case headers and body', async () => {
    const answer = await port(base).send({
      method: 'POST',
      url: '/track',
      headers: { 'x-sign': 'abc', 'content-type': 'application/json' },
      body: '{"n":"中通"}',
      params: { a: '1' },
    });
    expect(answer).toMatchObject({ status: 200, body: JSON.stringify({ echo: '{"n":"中通"}' }) });
    expect(answer.headers['x-answer']).toBe('Yes');
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/track?a=1', body: '{"n":"中通"}' });
    expect(request.headers['x-sign']).toBe('abc');
  });

  it('types a 429 with its retry-after, a timeout and a refused connection', async () => {
    await expect(port(base).send({ method: 'GET', url: '/quota' })).rejects.toSatisfy(
      (e) => e instanceof RateLimitedError && e.retryAfterMs === 7_000,
    );
    await expect(port(base, 100).send({ method: 'GET', url: '/slow' })).rejects.toBeInstanceOf(CarrierTimeoutError);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(port(deadUrl).send({ method: 'GET', url: '/' })).rejects.toBeInstanceOf(CarrierUnavailableError);
  });

  it('a webhook port signs, sends and asks for a status the same way', async () => {
    const merchant = new MerchantSimulator({ secret: 'webhook-secret-0123456789' });
    const url = await merchant.start();
    try {
      const webhook = new WebhookPort(
        WebhookConfigSchema.parse({ url, secret: 'webhook-secret-0123456789', dryRun: false }),
        new TestClock('2026-06-01T02:00:00.000Z'),
        thread,
      );
      const instruction = {
        action: 'refund',
        idempotencyKey: 'c-1:refund:as-1',
        caseId: 'c-1',
        afterSaleId: 'as-1',
        amountFen: 12_900,
        reason: 'REFUND_ON_INTERCEPT_SUCCESS',
      };
      expect(await webhook.status('c-1:refund:as-1')).toBe('NOT_FOUND');
      expect(await webhook.send(instruction)).toMatchObject({ outcome: 'DONE', status: 200 });
      expect(await webhook.status('c-1:refund:as-1')).toBe('DONE');
      expect(merchant.performed.map((p) => p.idempotencyKey)).toEqual(['c-1:refund:as-1']);
    } finally {
      await merchant.stop();
    }
  });
});
