// Push intake spread over N gateways on one PostgreSQL against one gateway, in one run (issue 18 point 4): the cluster of bench/cluster.ts, signed ZTO pushes for the simulators' merchant, one wrk/autocannon process per gateway, pushes/s summed.
// Usage: npm run build && npx tsx bench/cluster-push.ts [--gateways 3] [--seconds 5] [--pool 30000] [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { simulatorKits } from '../mocks/index.ts';
import { TestClock } from '../src/clock/index.ts';
import { Cluster, callJson } from '../test/cluster/harness.ts';
import { createPostgresDatabase } from './pg-database.ts';

const { values } = parseArgs({
  options: {
    gateways: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    pool: { type: 'string', default: '30000' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const N = Number(values.gateways);
const SECONDS = values.seconds!;
const run = promisify(execFile);

/** One load process against `url` with these bodies (bench/load/client.mjs: wrk, else autocannon). */
async function load(url: string, path: string, headers: Record<string, string>, bodies: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-cluster-load-'));
  try {
    const file = join(dir, 'load.json');
    writeFileSync(file, JSON.stringify({ path, headers, bodies }));
    const { stdout } = await run(process.execPath, [new URL('./load/client.mjs', import.meta.url).pathname, file, url, '32', SECONDS], {
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout) as {
      tool: string;
      requests: number;
      perSecond: number;
      p50: number;
      p99: number;
      errors: number;
      non2xx: number;
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cluster of `gateways` on a fresh database; the pushes for its merchant; the intake measured; everything stopped. */
async function measure(gateways: number, offset: number) {
  const database = await createPostgresDatabase(values.postgres!, { prefix: `lanjie_cpush_${gateways}`, force: true });
  const cluster = await Cluster.start({
    gateways,
    storeUrl: database.url,
    redisUrl: values.redis!,
    env: { LANJIE_LOG_LEVEL: 'warn' },
  });
  try {
    const config = (await callJson(`${cluster.sims.url}/config`)).body as { accounts: { zto: { appKey: string; appSecret: string } } };
    // Signed the way the ZTO simulator signs its pushes, with the merchant's own account.
    const kit = simulatorKits.zto!;
    const signer = kit.create({ clock: new TestClock(new Date().toISOString()) });
    const path = `/v1/push/zto/${cluster.merchantId}`;
    let headers: Record<string, string> = {};
    const bodies = Array.from({ length: Number(values.pool) }, (_, i) => {
      const waybillNo = kit.waybill(800_000 + offset + i);
      signer.world.add({ waybillNo, fate: 'deliver', collectedAt: Date.now() - 10 * 3_600_000 });
      const push = kit.push!(signer, [waybillNo], { config: config.accounts.zto });
      headers = push.headers as Record<string, string>;
      return push.body;
    });
    const share = Math.floor(bodies.length / gateways);
    const results = await Promise.all(
      cluster.slots.map((slot, i) => load(slot.url, path, headers, bodies.slice(i * share, (i + 1) * share))),
    );
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const stored = Number((await db.query<{ n: string }>('select count(*) as n from inbox')).rows[0]!.n);
    await db.end();
    return {
      perSecond: results.reduce((n, r) => n + r.perSecond, 0),
      acknowledged: results.reduce((n, r) => n + r.requests, 0),
      failed: results.reduce((n, r) => n + r.errors + r.non2xx, 0),
      p99: Math.max(...results.map((r) => r.p99)),
      stored,
      tool: results[0]!.tool,
    };
  } finally {
    await cluster.stop();
    await database.drop();
  }
}

const one = await measure(1, 0);
const many = await measure(N, 1_000_000);
console.log(
  `push intake on PostgreSQL, 1 vs ${N} gateways (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, ${SECONDS} s per load, load by ${one.tool}, one load process per gateway)`,
);
console.log('| gateways | pushes/s (summed) | p99 ms (worst gateway) | acknowledged | failed | stored |');
console.log('|---|---|---|---|---|---|');
for (const [n, r] of [
  [1, one],
  [N, many],
] as const)
  console.log(`| ${n} | ${r.perSecond.toFixed(0)} | ${r.p99} | ${r.acknowledged} | ${r.failed} | ${r.stored} |`);
console.log(`ratio ${N} / 1: ${(many.perSecond / one.perSecond).toFixed(2)}× (goal ≥ 2.5×)`);
if (one.stored < Math.min(one.acknowledged, Number(values.pool)) || many.stored < Math.min(many.acknowledged, Number(values.pool))) {
  console.error('an acknowledged push is missing from the inbox');
  process.exitCode = 1;
}
