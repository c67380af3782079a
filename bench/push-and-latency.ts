// Benchmark of the gateway: signed push ingestion (pushes/s with deduplication and a durable write, latency percentiles) and the latency the gateway adds to a carrier call against a direct call to the same simulator, in one run.
// Usage: npx tsx bench/push-and-latency.ts [--pushes 2000] [--duplicates 0.1] [--concurrency 16] [--calls 300]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { Agent, get as httpGet } from 'node:http';
import { builtinCarriers, carrierRegistry } from '../carriers/index.ts';
import { simulatorKits } from '../mocks/index.ts';
import type { PushRequest, TrackInput, TrackResult } from '../src/carrier/model.ts';
import { createCarrierHttp } from '../src/carrier/http.ts';
import { loadEnv } from '../src/server/config.ts';
import { startGateway } from '../src/server/gateway.ts';
import { systemClock } from '../src/clock/clock.ts';

const { values } = parseArgs({
  options: {
    pushes: { type: 'string', default: '2000' },
    duplicates: { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '16' },
    calls: { type: 'string', default: '300' },
    /** Also write the figures as JSON to this file (bench/run-all.ts reads it). */
    json: { type: 'string' },
  },
});
const PUSHES = Number(values.pushes);
const DUP_SHARE = Number(values.duplicates);
const CONCURRENCY = Number(values.concurrency);
const CALLS = Number(values.calls);
const KEY = 'lj_bench_key_0123456789abcdef0123';

// The gateway is called with node:http on a keep-alive agent, the leanest client Node has: fetch (undici)
// costs the caller about 0.3 ms more per call on this machine, which is the client's cost, not the gateway's.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
/** GETs `url` on the keep-alive agent, reads the body away and resolves with the status. */
function getStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: keepAlive, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => n.toFixed(2);
const now = () => performance.now();

const dataDir = mkdtempSync(join(tmpdir(), 'lanjie-bench-'));
// Quotas lifted so the limiter's spacing does not count as gateway overhead; simulators enforce none.
const limits = { carriers: Object.fromEntries(carrierRegistry.list().map((p) => [p.id, { perSecond: 100_000, perMinute: 6_000_000 }])) };
const gw = await startGateway({
  env: loadEnv({
    PORT: '0',
    LANJIE_DATA_DIR: dataDir,
    LANJIE_SANDBOX_API_KEY: KEY,
    LANJIE_TRACKING_REFRESH_SECONDS: '0',
    LANJIE_LOG_LEVEL: 'silent',
    LANJIE_TICK_MS: '3600000',
  }),
  config: { merchants: [], limits },
  sandbox: true,
});
const sim = (id: string) => gw.sandbox!.simulators.find((s) => s.carrierId === id)!;

// ---------------------------------------------------------------- 1. signed push ingestion
const zto = sim('zto');
const ztoKit = simulatorKits.zto!;
const ztoConfig = ztoKit.pluginConfig(zto.server.url);
const unique: PushRequest[] = [];
for (let i = 0; i < PUSHES; i++) {
  const waybillNo = ztoKit.waybill(500_000 + i);
  zto.simulator.world.add({ waybillNo, fate: 'deliver', collectedAt: gw.clock.nowMs() - 10 * 3_600_000 });
  unique.push(ztoKit.push!(zto.simulator, [waybillNo], { config: ztoConfig }));
}
const dupCount = Math.round(PUSHES * DUP_SHARE);
const all = [...unique, ...unique.slice(0, dupCount)];
const latencies: number[] = [];
const statuses = new Map<number, number>();
let next = 0;
const pushStart = now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < all.length) {
      const push = all[next++]!;
      const started = now();
      const res = await fetch(`${gw.url}/v1/push/zto/sandbox`, {
        method: 'POST',
        headers: push.headers as Record<string, string>,
        body: push.body,
      });
      await res.arrayBuffer();
      latencies.push(now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  }),
);
const pushSeconds = (now() - pushStart) / 1000;
await gw.app.lanjie.inbox.drain();
const stored = Number(
  (
    await gw.store.db
      .selectFrom('inbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
latencies.sort((a, b) => a - b);

// ---------------------------------------------------------------- 2. gateway overhead per carrier call
// The bare hop: the same direct plugin call behind a bare Fastify GET in this process (no auth, store,
// limiter or retries). What it adds over the direct call is one loopback HTTP round trip, which any
// gateway costs; what the gateway adds over it is lanjie's own work.
const directClients = new Map<string, (shipments: readonly TrackInput[]) => Promise<TrackResult[]>>();
const hop = Fastify();
hop.get<{ Params: { carrier: string; waybill: string } }>('/hop/:carrier/:waybill', async (req) => {
  const [result] = await directClients.get(req.params.carrier)!([
    { waybillNo: req.params.waybill, carrierId: req.params.carrier, phoneLast4: '1234' },
  ]);
  return { ...result, raw: undefined };
});
const hopUrl = await hop.listen({ port: 0, host: '127.0.0.1' });
const rows: string[] = [];
const tracking: {
  carrierId: string;
  directP50: number;
  directP99: number;
  hopP50: number;
  hopP99: number;
  gatewayP50: number;
  gatewayP99: number;
}[] = [];
for (const running of gw.sandbox!.simulators) {
  const plugin = builtinCarriers[running.carrierId]!;
  if (!plugin.create || !plugin.capabilities.track || plugin.kind !== 'carrier') continue;
  const kit = simulatorKits[running.carrierId]!;
  const waybillNo = kit.waybill(101);
  const config = plugin.configSchema!.parse(kit.pluginConfig(running.server.url)) as { baseUrl: string; timeoutMs?: number };
  const direct = plugin.create(config, {
    http: createCarrierHttp(plugin.id, { baseUrl: config.baseUrl, timeoutMs: config.timeoutMs }),
    clock: gw.clock,
    newId: randomUUID,
  });
  const phone = { phoneLast4: '1234' };
  directClients.set(plugin.id, (shipments) => direct.track!(shipments));
  const d: number[] = [];
  const h: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < 20; i++) {
    // warm-up: connections, JIT
    await direct.track!([{ waybillNo, carrierId: plugin.id, ...phone }]);
    await getStatus(`${gw.url}/v1/tracking/${waybillNo}?refresh=true&carrier=${plugin.id}&phoneLast4=1234`, {
      authorization: `Bearer ${KEY}`,
    });
    await getStatus(`${hopUrl}/hop/${plugin.id}/${waybillNo}`, {});
  }
  for (let i = 0; i < CALLS; i++) {
    let t0 = now();
    await direct.track!([{ waybillNo, carrierId: plugin.id, ...phone }]);
    d.push(now() - t0);
    t0 = now();
    if ((await getStatus(`${hopUrl}/hop/${plugin.id}/${waybillNo}`, {})) !== 200) throw new Error(`${plugin.id}: bare hop failed`);
    h.push(now() - t0);
    t0 = now();
    const status = await getStatus(`${gw.url}/v1/tracking/${waybillNo}?refresh=true&carrier=${plugin.id}&phoneLast4=1234`, {
      authorization: `Bearer ${KEY}`,
    });
    if (status !== 200) throw new Error(`${plugin.id}: gateway answered ${status}`);
    g.push(now() - t0);
  }
  d.sort((a, b) => a - b);
  h.sort((a, b) => a - b);
  g.sort((a, b) => a - b);
  tracking.push({
    carrierId: plugin.id,
    directP50: pct(d, 50),
    directP99: pct(d, 99),
    hopP50: pct(h, 50),
    hopP99: pct(h, 99),
    gatewayP50: pct(g, 50),
    gatewayP99: pct(g, 99),
  });
  rows.push(
    `| ${plugin.id} | ${ms(pct(d, 50))} | ${ms(pct(d, 99))} | ${ms(pct(h, 50))} | ${ms(pct(g, 50))} | ${ms(pct(g, 99))} | ${ms(pct(g, 50) - pct(d, 50))} | ${ms(pct(g, 50) - pct(h, 50))} |`,
  );
}

await hop.close();
await gw.stop();
console.log(
  `lanjie push and latency bench (${new Date(systemClock.nowMs()).toISOString()}, node ${process.version}, ${PUSHES} unique pushes + ${dupCount} duplicates, concurrency ${CONCURRENCY}, SQLite WAL synchronous=FULL)`,
);
console.log('');
console.log('signed ZTO pushes over HTTP: verify signature, dedupe (sha256 of body), durable insert into inbox, exact reply');
console.log(
  `  sent ${all.length} in ${pushSeconds.toFixed(2)} s = ${(all.length / pushSeconds).toFixed(0)} pushes/s (${(unique.length / pushSeconds).toFixed(0)} unique/s)`,
);
console.log(`  answers ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}; stored ${stored} (expected ${unique.length})`);
console.log(`  latency p50 ${ms(pct(latencies, 50))} ms, p99 ${ms(pct(latencies, 99))} ms, max ${ms(latencies[latencies.length - 1]!)} ms`);
console.log('');
console.log(
  `tracking call, ${CALLS} sequential calls per carrier: direct plugin call to the simulator vs GET /v1/tracking/:waybill?refresh=true through the gateway with a keep-alive node:http client (ms)`,
);
console.log(
  '| carrier | direct p50 | direct p99 | bare hop p50 | gateway p50 | gateway p99 | added p50 over direct | added p50 over the bare hop |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify(
      { pushes: { perSecond: all.length / pushSeconds, p50: pct(latencies, 50), p99: pct(latencies, 99) }, tracking },
      null,
      2,
    ),
  );
// Every push, duplicates included, is acknowledged with ZTO's own reply; only the unique ones are stored.
if (stored !== unique.length || (statuses.get(200) ?? 0) !== all.length) process.exitCode = 1;
