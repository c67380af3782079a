// Push intake against its ceilings, in one run: a bare Fastify POST, a minimal durable intake (Fastify + ZTO digest check + sha256 + group commit into SQLite WAL synchronous=FULL) and the lanjie gateway, each loaded by the same out-of-process generator (bench/load/client.mjs: wrk, else autocannon) with signed ZTO pushes.
// Usage: npx tsx bench/push-intake.ts [--seconds 5] [--pool 60000] [--connections 32] [--runs 3] [--json out.json] [--lanjie-only] [--profile gw.cpuprofile]
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { carrierRegistry } from '../carriers/index.ts';
import { verifyZtoDigest } from '../carriers/zto/sign.ts';
import { simulatorKits } from '../mocks/index.ts';
import { loadEnv } from '../src/server/config.ts';
import { startGateway } from '../src/server/gateway.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    /** Load time per server, seconds. */
    seconds: { type: 'string', default: '5' },
    /** Distinct signed pushes prepared per run (a server faster than pool/seconds gets repeats, i.e. duplicates). */
    pool: { type: 'string', default: '60000' },
    connections: { type: 'string', default: '32' },
    runs: { type: 'string', default: '3' },
    json: { type: 'string' },
    /** Load only the gateway (for profiling it with --cpu-prof). */
    'lanjie-only': { type: 'boolean', default: false },
    /** Write a CPU profile of the gateway's main thread during its load (a .cpuprofile file). */
    profile: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const POOL = Number(values.pool);
const CONNECTIONS = Number(values.connections);
const RUNS = Number(values.runs);
const KEY = 'lj_bench_key_0123456789abcdef0123';
const PATH = '/v1/push/zto/sandbox';

/** What the load generator measured for one server. */
interface Load {
  tool: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** A load file written for the generator, and its removal. */
interface LoadFile {
  file: string;
  remove(): void;
}

/** Writes the bodies and headers the generator POSTs (outside any measured or profiled window). */
function writeLoadFile(headers: Record<string, string>, bodies: string[]): LoadFile {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-load-'));
  const file = join(dir, 'load.json');
  writeFileSync(file, JSON.stringify({ path: PATH, headers, bodies }));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the generator in its own process against `url`, POSTing the load file's bodies to PATH for SECONDS. */
async function load(url: string, loadFile: LoadFile): Promise<Load> {
  const { stdout } = await run(
    process.execPath,
    [new URL('./load/client.mjs', import.meta.url).pathname, loadFile.file, url, String(CONNECTIONS), String(SECONDS)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as Load;
}

/** Fastify answering 200 to a POST whose body it reads as text: the HTTP ceiling. */
async function bareServer() {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.post(PATH, async (_request, reply) => reply.code(200).header('content-type', 'application/json').send('{"status":true}'));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop: () => app.close(), stored: async () => 0 };
}

/**
 * The least a durable signed intake must do: read the form, check ZTO's digest, hash the body, insert
 * it (deduplicated) in one transaction per group of concurrent requests, fsync, answer.
 */
async function minimalDurableServer(secret: string) {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-min-intake-'));
  const db = new Database(join(dir, 'inbox.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table inbox (id integer primary key, dedupe_key text not null unique, body text not null)');
  const insert = db.prepare('insert into inbox (dedupe_key, body) values (?, ?) on conflict (dedupe_key) do nothing');
  let pending: { key: string; body: string; done: () => void }[] = [];
  const flush = db.transaction((batch: typeof pending) => {
    for (const item of batch) insert.run(item.key, item.body);
  });
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
  app.post(PATH, async (request, reply) => {
    const body = request.body as string;
    const form = new URLSearchParams(body);
    if (!verifyZtoDigest(form.get('data') ?? '', secret, form.get('data_digest') ?? '')) return reply.code(401).send('bad digest');
    const key = createHash('sha256').update(body, 'utf8').digest('hex');
    await new Promise<void>((done) => {
      pending.push({ key, body, done });
      if (pending.length === 1)
        setImmediate(() => {
          const batch = pending;
          pending = [];
          flush(batch);
          for (const item of batch) item.done();
        });
    });
    return reply.code(200).header('content-type', 'application/json').send('{"status":true}');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stored: async () => (db.prepare('select count(*) as n from inbox').get() as { n: number }).n,
    stop: async () => {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The lanjie gateway in its sandbox (SQLite WAL, synchronous=FULL), logging off as in production at `warn`. */
async function gatewayServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lanjie-bench-'));
  const limits = { carriers: Object.fromEntries(carrierRegistry.list().map((p) => [p.id, { perSecond: 100_000, perMinute: 6_000_000 }])) };
  const gw = await startGateway({
    env: loadEnv({
      PORT: '0',
      LANJIE_DATA_DIR: dataDir,
      LANJIE_SANDBOX_API_KEY: KEY,
      LANJIE_TRACKING_REFRESH_SECONDS: '0',
      LANJIE_LOG_LEVEL: 'warn',
      LANJIE_TICK_MS: '3600000',
    }),
    config: { merchants: [], limits },
    sandbox: true,
  });
  return {
    gw,
    url: gw.url,
    stored: async () => {
      await gw.app.lanjie.inbox.drain();
      const row = await gw.store.db
        .selectFrom('inbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    stop: async () => {
      await gw.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const median = (xs: number[]) => (xs.length === 0 ? Number.NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
type Row = { perSecond: number; p50: number; p99: number; ok: boolean };
const results: Record<'bare' | 'minimal' | 'lanjie', Row[]> = { bare: [], minimal: [], lanjie: [] };

/** Every answer 200 and every acknowledged distinct push stored (a push in flight when the load stopped may be stored unanswered). */
function check(name: string, run: number, measured: Load, stored: number | undefined): boolean {
  const acked = Math.min(measured.requests, POOL);
  if (measured.requests > POOL)
    console.error(`run ${run}: ${name} served ${measured.requests} > pool ${POOL}: the rest were duplicates (raise --pool)`);
  const ok = measured.errors === 0 && measured.non2xx === 0 && (stored === undefined || stored >= acked);
  if (!ok)
    console.error(`run ${run}: ${name} errors ${measured.errors}, non-2xx ${measured.non2xx}, stored ${stored} of ${acked} acknowledged`);
  return ok;
}

let tool = '';
for (let r = 0; r < RUNS; r++) {
  // Fresh waybills per run: every push is new to every server.
  const gateway = await gatewayServer();
  const zto = gateway.gw.sandbox!.simulators.find((s) => s.carrierId === 'zto')!;
  const kit = simulatorKits.zto!;
  const config = kit.pluginConfig(zto.server.url) as { appSecret: string };
  let headers: Record<string, string> = {};
  const bodies = Array.from({ length: POOL }, (_, i) => {
    const waybillNo = kit.waybill(600_000 + r * POOL + i);
    zto.simulator.world.add({ waybillNo, fate: 'deliver', collectedAt: gateway.gw.clock.nowMs() - 10 * 3_600_000 });
    const push = kit.push!(zto.simulator, [waybillNo], { config });
    headers = push.headers as Record<string, string>;
    return push.body;
  });
  const loadFile = writeLoadFile(headers, bodies);
  const ceilings = [
    ['bare', bareServer, false],
    ['minimal', () => minimalDurableServer(config.appSecret), true],
  ] as const;
  for (const [name, start, durable] of values['lanjie-only'] ? [] : ceilings) {
    const server = await start();
    const measured = await load(server.url, loadFile);
    tool = measured.tool;
    const stored = durable ? await server.stored() : undefined;
    results[name].push({ ...measured, ok: check(name, r + 1, measured, stored) });
    await server.stop();
  }
  const session = values.profile ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const writer0 = gateway.gw.store.writerUtilization?.();
  const measured = await load(gateway.url, loadFile);
  tool = measured.tool;
  const cpu = process.cpuUsage(cpu0);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(values.profile!, JSON.stringify(profile));
    session.disconnect();
  }
  const writer = writer0 ? gateway.gw.store.writerUtilization!(writer0) : undefined;
  console.error(
    `run ${r + 1}: lanjie ${measured.perSecond.toFixed(0)}/s; gateway process CPU ${((cpu.user + cpu.system) / measured.requests).toFixed(0)} µs per push (all its threads), SQLite writer thread busy ${writer ? (writer.utilization * 100).toFixed(0) : '?'}%`,
  );
  const stored = await gateway.stored();
  results.lanjie.push({ ...measured, ok: check('lanjie', r + 1, measured, stored) });
  await gateway.stop();
  loadFile.remove();
}

const summary = Object.fromEntries(
  Object.entries(results).map(([name, rows]) => [
    name,
    {
      perSecond: median(rows.map((x) => x.perSecond)),
      p50: median(rows.map((x) => x.p50)),
      p99: median(rows.map((x) => x.p99)),
      runs: rows.map((x) => Math.round(x.perSecond)),
      ok: rows.every((x) => x.ok),
    },
  ]),
) as Record<keyof typeof results, { perSecond: number; p50: number; p99: number; runs: number[]; ok: boolean }>;
console.log(
  `push intake (${new Date().toISOString()}, node ${process.version}, ${SECONDS} s of signed ZTO pushes per server, ${CONNECTIONS} connections, load by ${tool}, median of ${RUNS} runs)`,
);
console.log('| server | pushes/s (median) | runs | p50 ms | p99 ms | all 200, every acknowledged push stored |');
console.log('|---|---|---|---|---|---|');
for (const [name, s] of Object.entries(summary))
  console.log(`| ${name} | ${s.perSecond.toFixed(0)} | ${s.runs.join(', ')} | ${s.p50} | ${s.p99} | ${s.ok} |`);
const ratio = summary.minimal.perSecond ? summary.lanjie.perSecond / summary.minimal.perSecond : Number.NaN;
console.log(`lanjie / minimal durable intake: ${(ratio * 100).toFixed(0)}% (goal ≥ 50%, ≥ 5000/s, p99 ≤ 20 ms)`);
if (values.json) writeFileSync(values.json, JSON.stringify({ summary, ratio }, null, 2));
if (!summary.lanjie.ok) process.exitCode = 1;
