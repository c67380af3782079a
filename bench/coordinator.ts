// Coordinator benchmark: (a) cases/s through the generic happy path over loopback HTTP on SQLite; (b) resident memory at 10k, 100k and 1M stored cases.
// Usage: node --expose-gc --import tsx bench/coordinator.ts [--part all|throughput|memory] [--cases 3000] [--warmup 500] [--inflight 400] [--merchants 1] [--simulators thread|inline] [--postgres <server url>] [--http-thread]
//        [--sizes 10000,100000,1000000] [--repeat 5] [--processes 3]
// Results and how to read them: bench/README.md, section "Coordinator".
import { parseArgs } from 'node:util';
import { probeCommitMs } from './commit-probe.ts';
import { runThroughput } from './coordinator-throughput.ts';
import { runMemory } from './coordinator-memory.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    cases: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '500' },
    inflight: { type: 'string', default: '400' },
    merchants: { type: 'string', default: '1' },
    simulators: { type: 'string', default: 'thread' },
    postgres: { type: 'string' },
    'http-thread': { type: 'boolean', default: false },
    'step-minutes': { type: 'string', default: '60' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    repeat: { type: 'string', default: '5' },
    processes: { type: 'string', default: '3' },
  },
});
const part = values.part!;
if (!['all', 'throughput', 'memory'].includes(part)) throw new Error(`--part must be all, throughput or memory, got ${part}`);

if (part === 'all' || part === 'throughput') {
  const options = {
    cases: Number(values.cases),
    warmup: Number(values.warmup),
    inflight: Number(values.inflight),
    stepMs: Number(values['step-minutes']) * 60_000,
    merchants: Number(values.merchants),
    simulators: values.simulators as 'thread' | 'inline',
    ...(values.postgres ? { postgres: values.postgres } : {}),
    httpThread: values['http-thread'] === true,
  };
  if (!['thread', 'inline'].includes(options.simulators))
    throw new Error(`--simulators must be thread or inline, got ${options.simulators}`);
  console.log(
    `throughput: ${options.cases} measured cases after ${options.warmup} warm-up, ${options.inflight} in flight, ${options.merchants} merchant(s), simulators ${options.simulators}, store ${options.postgres ? 'PostgreSQL (a fresh database)' : 'SQLite file'}, HTTP ${options.httpThread ? 'from an HTTP thread' : 'from the event loop'}, ${options.stepMs / 60_000} business minutes per tick`,
  );
  const before = probeCommitMs();
  const r = await runThroughput(options);
  const after = probeCommitMs();
  console.log(
    `  ${r.casesPerSecond.toFixed(1)} cases/s (${r.measuredCases} cases in ${r.seconds.toFixed(2)} s, ${r.ticks} ticks, ${r.msPerTick.toFixed(1)} ms per tick)`,
  );
  console.log(
    `  latency open → REFUNDED: p50 ${r.latencyMs.p50.toFixed(0)} ms, p99 ${r.latencyMs.p99.toFixed(0)} ms, max ${r.latencyMs.max.toFixed(0)} ms`,
  );
  console.log(
    `  busy: main thread ${(r.mainBusy * 100).toFixed(0)}%, ${Number.isNaN(r.writerBusy) ? 'no SQLite writer thread (PostgreSQL)' : `SQLite writer thread ${(r.writerBusy * 100).toFixed(0)}% (its share includes the waits for the disk)`}, simulators' thread ${Number.isNaN(r.simulatorsBusy) ? 'inline' : `${(r.simulatorsBusy * 100).toFixed(0)}%`}${Number.isNaN(r.httpBusy) ? '' : `, HTTP thread ${(r.httpBusy * 100).toFixed(0)}%`}`,
  );
  if (Number.isNaN(r.writerBusy)) console.log(`  ${r.writePlansPerCase.toFixed(2)} write plans (transactions) per case`);
  else
    console.log(
      `  SQLite writer: ${r.writePlansPerCase.toFixed(2)} write plans in ${r.commitsPerCase.toFixed(2)} durable commits per case (group commit), ${r.writerMsPerPlan.toFixed(3)} ms busy per plan (work and disk wait): the writer alone caps this path at ${(1000 / (r.writePlansPerCase * r.writerMsPerPlan)).toFixed(0)} cases/s`,
    );
  console.log(
    `  durable commit on this disk (WAL, synchronous=FULL): ${before.toFixed(2)} ms before, ${after.toFixed(2)} ms after the run`,
  );
  console.log(
    `  ZTO calls per case ${r.ztoCallsPerCase.toFixed(2)}, money calls per case ${r.moneyCallsPerCase.toFixed(2)}, keys performed more than once: ${r.duplicates}; ZTO simulator ${JSON.stringify(r.zto)}`,
  );
}

if (part === 'all' || part === 'memory') {
  const sizes = values.sizes!.split(',').map(Number);
  const repeat = Number(values.repeat);
  const processes = Number(values.processes);
  console.log(
    `memory: rss after GC of a coordinator over ${sizes.join(', ')} stored cases, 1% of them with a due timer; median of ${repeat} ticks in each of ${processes} processes, median of those`,
  );
  const rows = await runMemory(sizes, repeat, processes);
  for (const r of rows) {
    console.log(
      `  ${String(r.size).padStart(8)} cases: rss ${(r.rssMedian / 2 ** 20).toFixed(1)} MiB (samples per process ${r.rssSamples.map((run) => run.map((x) => (x / 2 ** 20).toFixed(1)).join(' ')).join(' | ')}), heapUsed ${(r.heapMedian / 2 ** 20).toFixed(1)} MiB, db ${(r.dbBytes / 2 ** 20).toFixed(0)} MiB, fill ${r.fillSeconds.toFixed(1)} s, timers fired per tick ${r.firedSamples.join(' ')}`,
    );
  }
  if (rows.length >= 2) {
    const first = rows[0]!;
    const last = rows.at(-1)!;
    console.log(`  growth ${first.size} → ${last.size}: ${(((last.rssMedian - first.rssMedian) / first.rssMedian) * 100).toFixed(1)}% rss`);
  }
}
