// The benchmarks' HTTP load generator, run as its own process: POSTs prepared bodies for a fixed time over N keep-alive connections (wrk when it is installed, else autocannon) and prints one JSON line with throughput, latency percentiles and error counts.
// Usage: node bench/load/client.mjs <load.json> <url> [connections=32] [seconds=5]
// load.json: { "path": "/v1/push/zto/sandbox", "headers": { "content-type": "..." }, "bodies": ["...", ...] } (bodies without newlines).
// LANJIE_BENCH_LOAD=autocannon forces autocannon.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const [file, url, connectionsArg, secondsArg] = process.argv.slice(2);
if (!file || !url) {
  process.stderr.write('usage: node bench/load/client.mjs <load.json> <url> [connections] [seconds]\n');
  process.exit(2);
}
const load = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(load.bodies) || load.bodies.length === 0 || typeof load.path !== 'string') {
  process.stderr.write(`${file}: expected { path, headers, bodies: [non-empty] }\n`);
  process.exit(2);
}
const connections = Number(connectionsArg ?? 32);
const seconds = Number(secondsArg ?? 5);

function hasWrk() {
  if (process.env.LANJIE_BENCH_LOAD === 'autocannon') return false;
  try {
    execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
    return true;
  } catch {
    // `command -v` exits non-zero: no wrk on this machine, autocannon is used
    return false;
  }
}

async function withWrk() {
  if (load.bodies.some((b) => b.includes('\n'))) throw new Error('wrk load: bodies must not contain newlines');
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-wrk-'));
  try {
    const bodies = join(dir, 'bodies.txt');
    writeFileSync(bodies, `${load.bodies.join('\n')}\n`);
    const script = new URL('./wrk-bodies.lua', import.meta.url).pathname;
    const headers = Object.entries(load.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    const { stdout } = await promisify(execFile)(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '-s', script, url, '--', bodies, '1', load.path, ...headers],
      { maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const r = JSON.parse(line);
    return { tool: 'wrk', ...r, perSecond: r.requests / r.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withAutocannon() {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          path: load.path,
          headers: load.headers,
          body: load.bodies[next++ % load.bodies.length],
        }),
      },
    ],
  });
  const elapsed = (performance.now() - started) / 1000;
  return {
    tool: 'autocannon',
    requests: result.requests.total,
    seconds: elapsed,
    perSecond: result.requests.total / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

process.stdout.write(`${JSON.stringify(hasWrk() ? await withWrk() : await withAutocannon())}\n`);
