// The HTTP ceiling of the cases bench: how many requests per second one thread sends with lanjie's axios configuration to a bare HTTP server on its own thread (as the simulators run), measured in the same run.
import { Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { textClientConfig } from '../src/carrier/axios-text.ts';

/** The server thread: a bare node:http server that reads the body and answers a small JSON document. */
const SERVER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.setHeader('content-type', 'application/json'); res.end('{"status":true,"result":{"ok":1}}'); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

/** What the probe measured. */
export interface HttpCallCeiling {
  /** Requests answered per second, `inflight` at a time. */
  perSecond: number;
  /** Main-thread busy time per request, µs (event loop utilisation × window ÷ requests). */
  mainMicrosPerCall: number;
}

/**
 * Sends JSON POSTs with the axios configuration of the carrier and webhook ports for `seconds` (after a
 * warm-up of a quarter of that), `inflight` at a time (default 32), and counts the answers.
 */
export async function probeHttpCalls(seconds: number, inflight = 32): Promise<HttpCallCeiling> {
  const worker = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const client = axios.create(textClientConfig({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 10_000 }));
  const body = JSON.stringify({ billCode: '73100000000001', companyId: 'bench' });
  const send = () => client.request({ method: 'POST', url: '/track', headers: { 'content-type': 'application/json' }, data: body });
  const run = async (ms: number) => {
    let answered = 0;
    const end = performance.now() + ms;
    const since = performance.eventLoopUtilization();
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (performance.now() < end) {
          await send();
          answered++;
        }
      }),
    );
    const busy = performance.eventLoopUtilization(since).utilization;
    return { perSecond: answered / (ms / 1000), mainMicrosPerCall: (busy * ms * 1000) / Math.max(1, answered) };
  };
  try {
    await run(seconds * 250);
    return await run(seconds * 1000);
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
}
