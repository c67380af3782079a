// A child process for the douyin crash test: runs the effect runner with the Douyin handlers until nothing is due (the parent may SIGKILL it).
import { systemClock } from '../../src/clock/index.ts';
import { openStore } from '../../src/store/index.ts';
import { douyinRunner } from './money-fixture.ts';

const [dbUrl, simUrl, leaseMs] = process.argv.slice(2);
if (!dbUrl || !simUrl) throw new Error('usage: crash-worker <db url> <simulator url> [leaseMs]');
const store = await openStore({ url: dbUrl });
const { runner } = douyinRunner(store, simUrl, systemClock, { leaseMs: Number(leaseMs ?? 500), backoffMs: 50 });
for (let i = 0; i < 200; i++) {
  const round = await runner.runOnce();
  const waiting = await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute();
  if (round.claimed === 0 && waiting.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await store.close();
process.stdout.write('drained\n');
