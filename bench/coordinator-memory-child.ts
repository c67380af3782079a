// The measured process of the memory bench: opens a coordinator over a filled store, ticks, and prints rss and heap after GC per tick as one JSON line.
// Run by bench/coordinator-memory.ts as: node --expose-gc --import tsx bench/coordinator-memory-child.ts <db path> <ticks>
import { carrierRegistry } from '../carriers/index.ts';
import { StaticMerchantDirectory } from '../src/merchants/index.ts';
import { Coordinator } from '../src/coordinator/index.ts';
import { DEFAULT_RULES } from '../src/cases/index.ts';
import { TestClock } from '../src/clock/index.ts';
import { openStore } from '../src/store/index.ts';
import { MEMORY_NOW } from './coordinator-memory.ts';

const [path, ticksArg] = process.argv.slice(2);
if (!path) throw new Error('usage: coordinator-memory-child <db path> <ticks>');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const ticks = Number(ticksArg ?? 5);

const store = await openStore({ url: `sqlite:${path}` });
const clock = new TestClock(MEMORY_NOW);
// No carrier accounts and no webhook: this measures the coordinator and the store, not HTTP clients.
const merchants = new StaticMerchantDirectory([{ id: 'm-1' }]);
const coordinator = new Coordinator({ store, clock, rules: DEFAULT_RULES, registry: carrierRegistry, merchants });
const rss: number[] = [];
const heap: number[] = [];
const fired: number[] = [];
// Each tick fires up to 500 due timers (CaseService.fireDueTimers' limit); rss is read after a full GC.
for (let i = 0; i < ticks; i++) {
  if (i > 0) clock.advance(60_000);
  const result = await coordinator.tick();
  fired.push(result.timers);
  gc();
  gc();
  const usage = process.memoryUsage();
  rss.push(usage.rss);
  if (process.env.LANJIE_BENCH_VERBOSE) process.stderr.write(`tick ${i}: ${JSON.stringify(usage)} fired ${result.timers}\n`);
  heap.push(usage.heapUsed);
}
await store.close();
process.stdout.write(`${JSON.stringify({ rss, heap, fired })}\n`);
