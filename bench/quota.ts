// Quota benchmark: drives a carrier simulator over loopback with many concurrent callers and counts quota use from the simulator's side.
// Usage: npx tsx bench/quota.ts [--carrier zto] [--seconds 60] [--over-seconds 180] [--callers 50]
// Quota used = calls the simulator served / (per-minute quota x elapsed minutes): the share of the sustained quota the client got.
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
import { builtinCarriers } from '../carriers/index.ts';
import { simulatorKits } from '../mocks/index.ts';
import { serveSimulator } from '../mocks/kit/transport.ts';
import { systemClock } from '../src/clock/clock.ts';
import { CarrierTransientError, createCarrierAccount, createCarrierHttp, loadLimitsFile } from '../src/carrier/index.ts';

const { values } = parseArgs({
  options: {
    carrier: { type: 'string', default: 'zto' },
    seconds: { type: 'string', default: '60' },
    'over-seconds': { type: 'string', default: '180' },
    callers: { type: 'string', default: '50' },
    only: { type: 'string' },
  },
});
const carrierId = values.carrier!;
const seconds = Number(values.seconds);
const callers = Number(values.callers);
const plugin = builtinCarriers[carrierId];
const kit = simulatorKits[carrierId];
if (!plugin || !kit) throw new Error(`no plugin or simulator for ${carrierId}`);

const trueLimits = loadLimitsFile(new URL('./quota-limits.json', import.meta.url).pathname).carriers[carrierId];
if (!trueLimits) throw new Error(`bench/quota-limits.json has no entry for ${carrierId}`);

interface RunResult {
  name: string;
  configured: string;
  issued: number;
  succeeded: number;
  lost: number;
  simRequests: number;
  simServed: number;
  simQuotaErrors: number;
  quotaErrorRatio: number;
  quotaUsed: number;
  elapsedS: number;
}

async function run(name: string, mode: 'limited' | 'plain', limitsFile: string, seconds: number): Promise<RunResult> {
  const phaseMs = Math.floor(Math.random() * 60_000);
  const simulator = kit!.create({
    clock: systemClock,
    quota: { perSecond: trueLimits!.perSecond, perMinute: trueLimits!.perMinute, phaseMs },
  });
  const numbers = Array.from({ length: 200 }, (_, i) => kit!.waybill(1000 + i));
  for (const waybillNo of numbers) simulator.world.add({ waybillNo, phoneLast4: '1234' });
  const server = await serveSimulator(simulator);
  const config = kit!.pluginConfig(server.url);
  const configured = loadLimitsFile(new URL(limitsFile, import.meta.url).pathname).carriers[carrierId]!;

  let call: (waybillNo: string) => Promise<unknown>;
  if (mode === 'limited') {
    const account = createCarrierAccount(plugin!, config, {
      clock: systemClock,
      limits: configured,
      retry: { retries: 8, maxRetryTimeMs: 600_000 },
    });
    call = (waybillNo) => account.track!([{ waybillNo, phoneLast4: '1234' }]);
  } else {
    const parsed = plugin!.configSchema!.parse(config) as { baseUrl: string };
    const client = plugin!.create!(parsed, {
      http: createCarrierHttp(carrierId, { baseUrl: parsed.baseUrl }),
      clock: systemClock,
      newId: randomUUID,
    });
    call = (waybillNo) =>
      pRetry(() => client.track!([{ waybillNo, phoneLast4: '1234' }]), {
        retries: 8,
        minTimeout: 200,
        maxTimeout: 30_000,
        randomize: true,
        maxRetryTime: 600_000,
        shouldRetry: ({ error }) => error instanceof CarrierTransientError,
      });
  }

  const started = performance.now();
  const deadline = started + seconds * 1000;
  let issued = 0;
  let succeeded = 0;
  const failures = new Map<string, number>();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      let i = caller;
      while (performance.now() < deadline) {
        issued++;
        try {
          await call(numbers[i++ % numbers.length]!);
          succeeded++;
        } catch (error) {
          const key = error instanceof Error ? error.name : 'unknown';
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  await server.close();
  const capacity = Math.min(
    trueLimits!.perMinute !== undefined ? (trueLimits!.perMinute * elapsedS) / 60 : Infinity,
    trueLimits!.perSecond !== undefined ? trueLimits!.perSecond * elapsedS : Infinity,
  );
  if (failures.size) console.error(`  ${name}: failures ${JSON.stringify(Object.fromEntries(failures))}`);
  return {
    name,
    configured: `${configured.perSecond ?? '-'}/s, ${configured.perMinute ?? '-'}/min`,
    issued,
    succeeded,
    lost: issued - succeeded,
    simRequests: simulator.stats.requests,
    simServed: simulator.stats.served,
    simQuotaErrors: simulator.stats.quotaErrors,
    quotaErrorRatio: simulator.stats.quotaErrors / Math.max(1, simulator.stats.requests),
    quotaUsed: simulator.stats.served / capacity,
    elapsedS,
  };
}

// The over-configured run lasts several quota windows, so that the true quota must bind whatever the phase.
const overSeconds = Number(values['over-seconds']);
const runs: [string, 'limited' | 'plain', string, number][] = [
  ['limiter, configured = true quota', 'limited', './quota-limits.json', seconds],
  ['limiter, configured 1.5x too high', 'limited', './quota-limits-too-high.json', overSeconds],
  ['plain axios + p-retry, no limiter', 'plain', './quota-limits.json', seconds],
];
console.log(
  `quota bench: carrier ${carrierId}, true quota ${trueLimits.perSecond}/s and ${trueLimits.perMinute}/min (fixed windows, random phase), ${callers} callers; runs of ${seconds} s (${overSeconds} s for the over-configured one)`,
);
const results: RunResult[] = [];
for (const [name, mode, file, runSeconds] of runs) {
  if (values.only && !name.startsWith(values.only)) continue;
  const result = await run(name, mode, file, runSeconds);
  results.push(result);
  console.log(`  done: ${name}`);
}
console.log(
  '\n| run | configured | calls issued | succeeded | lost | sim requests | served | quota errors | quota errors / requests | quota used | elapsed s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.name} | ${r.configured} | ${r.issued} | ${r.succeeded} | ${r.lost} | ${r.simRequests} | ${r.simServed} | ${r.simQuotaErrors} | ${(r.quotaErrorRatio * 100).toFixed(2)}% | ${(r.quotaUsed * 100).toFixed(1)}% | ${r.elapsedS.toFixed(1)} |`,
  );
}
