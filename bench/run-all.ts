// `npm run bench`: every performance goal of the gateway with small defaults (a few minutes), each figure printed beside its ceiling measured in the same run: push intake vs a bare Fastify POST and a minimal durable intake, a tracking call through the gateway vs the direct plugin call, cases/s vs the store's raw commit rate (SQLite, and PostgreSQL when LANJIE_BENCH_PG_URL is set).
// Usage: npm run bench [-- --runs 3 --seconds 2 --cases 1000 --json bench-results.json]
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { probeCommitMs } from './commit-probe.ts';
import { runThroughput } from './coordinator-throughput.ts';
import { probePostgresCommitsPerSecond } from './pg-commit-probe.ts';
import { probeHttpCalls } from './http-call-probe.ts';

const { values } = parseArgs({
  options: {
    /** Push intake runs (the median is reported). */
    runs: { type: 'string', default: '3' },
    /** Push load per server and run, seconds. */
    seconds: { type: 'string', default: '2' },
    /** Tracking calls per carrier. */
    calls: { type: 'string', default: '200' },
    /** Measured cases per coordinator run (after a fifth as many warm-up cases). */
    cases: { type: 'string', default: '1000' },
    json: { type: 'string' },
  },
});
const pgUrl = process.env.LANJIE_BENCH_PG_URL;
const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'lanjie-bench-all-'));
const tsx = ['--import', 'tsx'];
const here = (file: string) => new URL(file, import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const started = performance.now();

/** One line of the table: a figure, its ceiling in this run, and the goal. */
interface Row {
  figure: string;
  value: number;
  unit: string;
  ceiling: string;
  ratio: string;
  goal: string;
  met: boolean;
}
const rows: Row[] = [];

// 1. push intake (its own process: the servers and the load generator are processes of their own)
{
  const out = join(tmp, 'push.json');
  process.stderr.write('push intake…\n');
  await run(
    process.execPath,
    [...tsx, here('./push-intake.ts'), '--runs', values.runs!, '--seconds', values.seconds!, '--pool', '40000', '--json', out],
    { maxBuffer: 1 << 24 },
  );
  const { summary } = JSON.parse(readFileSync(out, 'utf8')) as {
    summary: Record<'bare' | 'minimal' | 'lanjie', { perSecond: number; p50: number; p99: number; ok: boolean }>;
  };
  const ratio = summary.lanjie.perSecond / summary.minimal.perSecond;
  rows.push({
    figure: `signed pushes stored durably (median of ${values.runs})`,
    value: Math.round(summary.lanjie.perSecond),
    unit: '/s',
    ceiling: `minimal durable intake ${Math.round(summary.minimal.perSecond)}/s; bare Fastify ${Math.round(summary.bare.perSecond)}/s`,
    ratio: `${(ratio * 100).toFixed(0)}% of minimal`,
    goal: '≥ 5000/s and ≥ 50% of minimal',
    met: summary.lanjie.ok && summary.lanjie.perSecond >= 5000 && ratio >= 0.5,
  });
  rows.push({
    figure: 'push latency p99 under that load',
    value: summary.lanjie.p99,
    unit: 'ms',
    ceiling: `minimal durable intake ${summary.minimal.p99} ms`,
    ratio: '',
    goal: '≤ 20 ms',
    met: summary.lanjie.p99 <= 20,
  });
}

// 2. a tracking call through the gateway vs the direct plugin call, per carrier
{
  const out = join(tmp, 'latency.json');
  process.stderr.write('tracking latency…\n');
  await run(process.execPath, [...tsx, here('./push-and-latency.ts'), '--pushes', '100', '--calls', values.calls!, '--json', out], {
    maxBuffer: 1 << 24,
  });
  const { tracking } = JSON.parse(readFileSync(out, 'utf8')) as {
    tracking: { carrierId: string; directP50: number; directP99: number; hopP50: number; gatewayP50: number; gatewayP99: number }[];
  };
  const added50 = median(tracking.map((t) => t.gatewayP50 - t.directP50));
  const added99 = median(tracking.map((t) => t.gatewayP99 - t.directP99));
  const direct50 = median(tracking.map((t) => t.directP50));
  const hopAdded50 = median(tracking.map((t) => t.hopP50 - t.directP50));
  const ownAdded50 = median(tracking.map((t) => t.gatewayP50 - t.hopP50));
  rows.push({
    figure: `added latency of a tracking call, p50 (median over ${tracking.length} carriers)`,
    value: Number(added50.toFixed(2)),
    unit: 'ms',
    ceiling: `direct plugin call p50 ${direct50.toFixed(2)} ms (added 0); the same call behind a bare Fastify GET adds ${hopAdded50.toFixed(2)} ms (one loopback HTTP hop)`,
    ratio: `${ownAdded50.toFixed(2)} ms of it is lanjie's own (over the bare hop)`,
    goal: '≤ 0.5 ms',
    met: added50 <= 0.5,
  });
  rows.push({
    figure: 'added latency of a tracking call, p99 (median over carriers)',
    value: Number(added99.toFixed(2)),
    unit: 'ms',
    ceiling: 'direct plugin call',
    ratio: '',
    goal: '≤ 2 ms',
    met: added99 <= 2,
  });
}

// 3. cases end to end vs the store's raw commit rate
{
  const cases = Number(values.cases);
  const options = { cases, warmup: Math.ceil(cases / 5), inflight: 400, stepMs: 3_600_000, simulators: 'thread' as const };
  process.stderr.write('cases on SQLite…\n');
  const commitMs = probeCommitMs();
  // Every case makes HTTP calls (ZTO tracking and interception, the merchant's refund): a second ceiling.
  const http = await probeHttpCalls(Math.max(1, Number(values.seconds)));
  const sqlite = await runThroughput(options);
  const callsPerCase = sqlite.ztoCallsPerCase + sqlite.moneyCallsPerCase;
  const httpCeiling = http.perSecond / callsPerCase;
  rows.push({
    figure: 'cases opened → REFUNDED, SQLite',
    value: Math.round(sqlite.casesPerSecond),
    unit: 'cases/s',
    ceiling: `${Math.round(1000 / commitMs)} single-row commits/s (${sqlite.commitsPerCase.toFixed(2)} commits per case, ${sqlite.writePlansPerCase.toFixed(1)} plans); HTTP ${Math.round(http.perSecond)} axios calls/s from one thread, ${Math.round(http.mainMicrosPerCall)} µs each (${callsPerCase.toFixed(1)} calls per case → ${Math.round(httpCeiling)} cases/s)`,
    ratio: `${((sqlite.casesPerSecond * sqlite.commitsPerCase * commitMs) / 10).toFixed(0)}% of the commit rate, ${((sqlite.casesPerSecond / httpCeiling) * 100).toFixed(0)}% of the HTTP ceiling`,
    goal: '≥ 2000 cases/s',
    met: sqlite.casesPerSecond >= 2000,
  });
  if (pgUrl) {
    process.stderr.write('cases on PostgreSQL…\n');
    const commits = await probePostgresCommitsPerSecond(pgUrl);
    const postgres = await runThroughput({ ...options, postgres: pgUrl });
    rows.push({
      figure: 'cases opened → REFUNDED, PostgreSQL',
      value: Math.round(postgres.casesPerSecond),
      unit: 'cases/s',
      ceiling: `${Math.round(commits)} single-row commits/s from 16 clients (${postgres.writePlansPerCase.toFixed(1)} commits per case)`,
      ratio: `${((postgres.casesPerSecond * postgres.writePlansPerCase * 100) / commits).toFixed(0)}% of the commit rate`,
      goal: '≥ 1000 cases/s',
      met: postgres.casesPerSecond >= 1000,
    });
  } else {
    process.stderr.write('PostgreSQL: skipped (set LANJIE_BENCH_PG_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)\n');
  }
}

rmSync(tmp, { recursive: true, force: true });
console.log(
  `lanjie bench (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
);
console.log('| figure | lanjie | ceiling in this run | ratio | goal | met |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.figure} | ${r.value} ${r.unit} | ${r.ceiling} | ${r.ratio} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`);
if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
