// Quota benchmark across every quota domain at once: each carrier account (and one Kuaidi100 account shared by six carriers) against its own loopback simulator, counted from the simulators' side.
// Usage: npx tsx bench/quota-domains.ts [--seconds 90] [--callers 4] [--hub-callers 3] [--limits bench/quota-domains-limits.json]
// Quota used = calls the simulator served / (its per-minute quota x elapsed minutes of that domain).
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { builtinCarriers } from '../carriers/index.ts';
import { simulatorKits } from '../mocks/index.ts';
import { serveSimulator, type SimulatorServer } from '../mocks/kit/transport.ts';
import type { CarrierSimulator } from '../mocks/kit/types.ts';
import { systemClock } from '../src/clock/clock.ts';
import {
  createCarrierAccount,
  loadLimitsFile,
  type AccountLimits,
  type ResilientCarrierClient,
  type TrackInput,
} from '../src/carrier/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '90' },
    callers: { type: 'string', default: '4' },
    'hub-callers': { type: 'string', default: '3' },
    limits: { type: 'string', default: new URL('./quota-domains-limits.json', import.meta.url).pathname },
  },
});
const seconds = Number(values.seconds);
const callersPerDomain = Number(values.callers);
const callersPerHubGroup = Number(values['hub-callers']);
if (!(seconds >= 60)) throw new Error('--seconds must be at least 60');
if (!Number.isInteger(callersPerDomain) || callersPerDomain < 1) throw new Error('--callers must be a positive integer');
if (!Number.isInteger(callersPerHubGroup) || callersPerHubGroup < 1) throw new Error('--hub-callers must be a positive integer');

/**
 * The quotas the simulated carriers enforce (the carriers' side of this bench, fixed windows with a
 * random phase). The limiters never read this table: they are configured from the limits file.
 * Per-second quotas are twice the per-minute rate, so the per-minute quota is the one that binds.
 */
const CARRIER_QUOTAS: Readonly<Record<string, { perSecond: number; perMinute: number }>> = {
  sf: { perSecond: 6, perMinute: 180 },
  zto: { perSecond: 8, perMinute: 240 },
  yto: { perSecond: 5, perMinute: 150 },
  sto: { perSecond: 7, perMinute: 210 },
  jt: { perSecond: 6, perMinute: 180 },
  yunda: { perSecond: 4, perMinute: 120 },
  deppon: { perSecond: 5, perMinute: 150 },
  ems: { perSecond: 6, perMinute: 180 },
  'chinapost-express': { perSecond: 4, perMinute: 120 },
  'chinapost-domestic': { perSecond: 4, perMinute: 120 },
  kuaidi100: { perSecond: 10, perMinute: 300 },
};

/** One group of callers inside a domain: the carrier they track and their waybill numbers. */
interface CallerGroup {
  /** The carrier the numbers belong to (set on TrackInput only for the hub). */
  carrierId: string;
  numbers: string[];
  /** Last four phone digits sent with each query, where the carrier needs them. */
  phoneLast4?: string;
  callers: number;
}

const NUMBERS_PER_GROUP = 300;
const range = (make: (n: number) => string) => Array.from({ length: NUMBERS_PER_GROUP }, (_, i) => make(10_000 + i));
const kitOf = (id: string) => {
  const kit = simulatorKits[id];
  if (!kit) throw new Error(`no simulator kit for ${id}`);
  return kit;
};

/** The six carriers tracked through the one Kuaidi100 account (Best and Fengwang have no number format in the reference: placeholders the simulator does not check). */
const HUB_GROUPS: CallerGroup[] = [
  { carrierId: 'sf', numbers: range((n) => kitOf('sf').waybill(n)), phoneLast4: '1234', callers: callersPerHubGroup },
  { carrierId: 'zto', numbers: range((n) => kitOf('zto').waybill(n)), callers: callersPerHubGroup },
  { carrierId: 'yto', numbers: range((n) => kitOf('yto').waybill(n)), callers: callersPerHubGroup },
  { carrierId: 'yunda', numbers: range((n) => kitOf('yunda').waybill(n)), callers: callersPerHubGroup },
  { carrierId: 'best', numbers: range((n) => `66${String(n).padStart(12, '0')}`), callers: callersPerHubGroup },
  { carrierId: 'fengwang', numbers: range((n) => `FW${String(n).padStart(12, '0')}`), phoneLast4: '1234', callers: callersPerHubGroup },
];

const NATIVE = ['sf', 'zto', 'yto', 'sto', 'jt', 'yunda', 'deppon', 'ems', 'chinapost-express', 'chinapost-domestic'] as const;

/** A quota domain: one account, one simulator, one limiter, one or more caller groups. */
interface Domain {
  id: string;
  groups: CallerGroup[];
  hub: boolean;
}

const domains: Domain[] = [
  ...NATIVE.map(
    (id): Domain => ({
      id,
      hub: false,
      groups: [{ carrierId: id, numbers: range((n) => kitOf(id).waybill(n)), phoneLast4: '1234', callers: callersPerDomain }],
    }),
  ),
  { id: 'kuaidi100', hub: true, groups: HUB_GROUPS },
];

const limitsFile = loadLimitsFile(values.limits!);

interface Running {
  domain: Domain;
  simulator: CarrierSimulator;
  server: SimulatorServer;
  account: ResilientCarrierClient;
  configured: AccountLimits;
  quota: { perSecond: number; perMinute: number };
  issued: number;
  succeeded: number;
  /** Succeeded calls whose result showed a route (the simulator served real events, not only not-found answers). */
  found: number;
  failures: Map<string, number>;
  byGroup: Map<string, { issued: number; succeeded: number }>;
  lastDoneMs: number;
}

// Set everything up first: simulators on loopback, accounts, limiters; then start every domain at once.
const running: Running[] = [];
for (const domain of domains) {
  const plugin = builtinCarriers[domain.id];
  if (!plugin) throw new Error(`no plugin ${domain.id}`);
  const configured = limitsFile.carriers[domain.id];
  if (!configured) throw new Error(`${values.limits} has no entry for ${domain.id}`);
  const quota = CARRIER_QUOTAS[domain.id]!;
  const kit = kitOf(domain.id);
  const simulator = kit.create({ clock: systemClock, quota: { ...quota, phaseMs: Math.floor(Math.random() * 60_000) } });
  for (const group of domain.groups) for (const waybillNo of group.numbers) simulator.world.add({ waybillNo, phoneLast4: '1234' });
  const server = await serveSimulator(simulator);
  // One account per domain: for the hub, all six carriers' callers share this one limiter.
  const account = createCarrierAccount(plugin, kit.pluginConfig(server.url), {
    clock: systemClock,
    limits: configured,
    retry: { retries: 8, maxRetryTimeMs: 600_000 },
  });
  running.push({
    domain,
    simulator,
    server,
    account,
    configured,
    quota,
    issued: 0,
    succeeded: 0,
    found: 0,
    failures: new Map(),
    byGroup: new Map(domain.groups.map((g) => [g.carrierId, { issued: 0, succeeded: 0 }])),
    lastDoneMs: 0,
  });
}

const totalCallers = domains.reduce((sum, d) => sum + d.groups.reduce((s, g) => s + g.callers, 0), 0);
console.log(`quota-domains bench: ${domains.length} domains at once, ${totalCallers} callers, ${seconds} s, limits from ${values.limits}`);
for (const r of running) {
  const c = r.configured;
  const mismatch =
    c.perMinute !== r.quota.perMinute || c.perSecond !== r.quota.perSecond ? '  (configured differs from the carrier quota)' : '';
  console.log(
    `  ${r.domain.id}: ${r.server.url}, carrier quota ${r.quota.perSecond}/s ${r.quota.perMinute}/min; configured ${c.perSecond ?? '-'}/s ${c.perMinute ?? '-'}/min${mismatch}`,
  );
}

const LOOP_SAMPLE_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
loopDelay.enable();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const deadline = started + seconds * 1000;

async function caller(r: Running, group: CallerGroup, index: number): Promise<void> {
  let i = index;
  const counts = r.byGroup.get(group.carrierId)!;
  while (performance.now() < deadline) {
    const input: TrackInput = { waybillNo: group.numbers[i++ % group.numbers.length]! };
    if (r.domain.hub) input.carrierId = group.carrierId;
    if (group.phoneLast4) input.phoneLast4 = group.phoneLast4;
    r.issued++;
    counts.issued++;
    try {
      const [result] = await r.account.track!([input]);
      r.succeeded++;
      if (result?.found) r.found++;
      counts.succeeded++;
    } catch (error) {
      const key = error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : 'unknown';
      r.failures.set(key, (r.failures.get(key) ?? 0) + 1);
    }
    r.lastDoneMs = performance.now();
  }
}

await Promise.all(
  running.flatMap((r) =>
    r.domain.groups.flatMap((group) =>
      // Callers of a group start on different numbers so no number is asked twice in a row.
      Array.from({ length: group.callers }, (_, c) => caller(r, group, c * Math.floor(group.numbers.length / group.callers))),
    ),
  ),
);
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const lag = (ns: number) => Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS).toFixed(1);
loopDelay.disable();
for (const r of running) {
  await r.account.limiter.stop();
  await r.server.close();
}

console.log(
  `\nall domains done in ${wallS.toFixed(1)} s; process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${(((cpu.user + cpu.system) / 1e6 / wallS) * 100).toFixed(0)}% of one core; event-loop lag (timer interval minus its ${LOOP_SAMPLE_MS} ms) p50 ${lag(loopDelay.percentile(50))} ms, p99 ${lag(loopDelay.percentile(99))} ms, max ${lag(loopDelay.max)} ms`,
);
console.log(`results with a route: ${running.map((r) => `${r.domain.id} ${r.found}/${r.succeeded}`).join(', ')}`);
for (const r of running) {
  if (r.failures.size) console.log(`  ${r.domain.id} failures: ${JSON.stringify(Object.fromEntries(r.failures))}`);
  if (r.account.limiter.rateMultiplier < 1)
    console.log(`  ${r.domain.id}: limiter slowed down to x${r.account.limiter.rateMultiplier.toFixed(2)}`);
}

console.log(
  '\n| domain | carrier quota | configured limits | callers | calls issued | succeeded | lost | sim requests | served | quota errors | quota used | elapsed s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
let totalServed = 0;
let totalErrors = 0;
for (const r of running) {
  // From the common start to this domain's last completed call (at least 1 ms, if it completed none).
  const elapsedS = Math.max(1, r.lastDoneMs - started) / 1000;
  const used = r.simulator.stats.served / ((r.quota.perMinute * elapsedS) / 60);
  const callers = r.domain.groups.reduce((s, g) => s + g.callers, 0);
  totalServed += r.simulator.stats.served;
  totalErrors += r.simulator.stats.quotaErrors;
  const name = r.domain.hub ? `${r.domain.id} (${r.domain.groups.map((g) => g.carrierId).join(', ')})` : r.domain.id;
  console.log(
    `| ${name} | ${r.quota.perSecond}/s, ${r.quota.perMinute}/min | ${r.configured.perSecond ?? '-'}/s, ${r.configured.perMinute ?? '-'}/min | ${callers} | ${r.issued} | ${r.succeeded} | ${r.issued - r.succeeded} | ${r.simulator.stats.requests} | ${r.simulator.stats.served} | ${r.simulator.stats.quotaErrors} | ${(used * 100).toFixed(1)}% | ${elapsedS.toFixed(1)} |`,
  );
}
console.log(`\ntotal: served ${totalServed} (${(totalServed / wallS).toFixed(1)} calls/s), quota errors ${totalErrors}`);

const hub = running.find((r) => r.domain.hub);
if (hub) {
  console.log(`\n${hub.domain.id}: one account, one limiter, shared by ${hub.domain.groups.length} carriers`);
  console.log('| carrier through the hub | callers | calls issued | succeeded | share of served |');
  console.log('|---|---|---|---|---|');
  for (const group of hub.domain.groups) {
    const c = hub.byGroup.get(group.carrierId)!;
    console.log(
      `| ${group.carrierId} | ${group.callers} | ${c.issued} | ${c.succeeded} | ${((c.succeeded / Math.max(1, hub.succeeded)) * 100).toFixed(1)}% |`,
    );
  }
}
