// What one carrier call costs the event loop, layer by layer: Node http, axios, the ZTO plugin, the resilient account (Bottleneck + p-retry + zod); and Bottleneck alone, as shipped and with lanjie's yield.
// Usage: npx tsx bench/carrier-call-cost.ts [--calls 3000] [--rounds 2]
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import axios from 'axios';
import Bottleneck from 'bottleneck';
import { carrierRegistry } from '../carriers/index.ts';
import { simulatorKits } from '../mocks/index.ts';
import { createCarrierAccount } from '../src/carrier/account.ts';
import { yieldWithoutTimerClamp } from './bottleneck-yield.ts';
import { LocalLimiter } from '../src/carrier/local-limiter.ts';
import { createCarrierHttp } from '../src/carrier/http.ts';
import { TestClock } from '../src/clock/index.ts';
import { SimulatorHost } from './simulator-host.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '2' } } });
const calls = Number(values.calls);
const CALLERS = 64;

/** Runs `calls` calls from 64 callers; prints the event loop's busy time per call and the rate. */
async function measure(label: string, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const start = performance.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < calls) await call(next++);
    }),
  );
  const elu = performance.eventLoopUtilization(start);
  const ms = performance.now() - t0;
  console.log(
    `  ${label.padEnd(44)} ${((elu.active / calls) * 1000).toFixed(0).padStart(5)} µs event loop per call, ${(calls / (ms / 1000)).toFixed(0).padStart(5)} calls/s, event loop ${(elu.utilization * 100).toFixed(0)}% busy`,
  );
}

const clock = new TestClock('2026-06-01T02:00:00.000Z');
// The ZTO simulator on its own thread, as in the coordinator bench.
const { host, ztoUrl } = await SimulatorHost.start(clock.now().toISOString(), 'carrier-call-cost-secret');
const kit = simulatorKits.zto!;
await host.add(
  Array.from({ length: calls }, (_, i) => ({
    waybillNo: kit.waybill(i + 1),
    fate: 'deliver' as const,
    phoneLast4: '1234',
    collectedAt: clock.nowMs() - 6 * 3_600_000,
  })),
);
const plugin = carrierRegistry.get('zto')!;
const config = kit.pluginConfig(ztoUrl);
const plain = plugin.create!(plugin.configSchema!.parse(config), {
  http: createCarrierHttp('zto', { baseUrl: ztoUrl }),
  clock,
  newId: randomUUID,
});
const account = createCarrierAccount(plugin, config, { clock, limits: { perSecond: 100_000, perMinute: 6_000_000, maxConcurrent: 64 } });
const input = (i: number) => [{ waybillNo: kit.waybill(i + 1), carrierId: 'zto', phoneLast4: '1234' }];
const body = JSON.stringify({ billCode: kit.waybill(1) });
const agent = new http.Agent({ keepAlive: true });
const instance = axios.create({
  adapter: 'http',
  baseURL: ztoUrl,
  responseType: 'text',
  transformResponse: [(d: unknown) => d],
  validateStatus: () => true,
  maxRedirects: 0,
});

console.log(`${calls} calls per line, ${CALLERS} callers, ZTO simulator on its own thread (loopback HTTP)`);
for (let round = 1; round <= Number(values.rounds); round++) {
  console.log(`round ${round}`);
  await measure(
    'Node http (keep-alive agent)',
    () =>
      new Promise((resolve, reject) => {
        const req = http.request(
          `${ztoUrl}/zto.merchant.waybill.track.query`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
  );
  await measure('axios', () =>
    instance.request({
      method: 'POST',
      url: '/zto.merchant.waybill.track.query',
      headers: { 'content-type': 'application/json' },
      data: body,
    }),
  );
  await measure('ZTO plugin track (signing, axios, zod)', (i) => plain.track!(input(i)));
  await measure('resilient account track (+ limiter, p-retry)', (i) => account.track!(input(i)));
  const stock = new Bottleneck({ maxConcurrent: 64, minTime: 0 });
  await measure('Bottleneck empty job, as shipped', () => stock.schedule(async () => 1));
  const patched = new Bottleneck({ maxConcurrent: 64, minTime: 0 });
  yieldWithoutTimerClamp(patched);
  await measure('Bottleneck empty job, setImmediate yields', () => patched.schedule(async () => 1));
  const local = new LocalLimiter(64, 0);
  await measure('local limiter empty job (what accounts use)', () => local.schedule(async () => 1));
}
await account.limiter.stop();
agent.destroy();
await host.stop();
