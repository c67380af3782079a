// A child process for the crash test: runs the generic-mode effect runner against a store until nothing is due (the parent may SIGKILL it).
import { openStore } from '../../src/store/index.ts';
import { genericRunner } from './generic-fixture.ts';

const [dbUrl, webhookUrl, leaseMs] = process.argv.slice(2);
if (!dbUrl || !webhookUrl) throw new Error('usage: crash-worker <db url> <webhook url> [leaseMs]');
const store = await openStore({ url: dbUrl });
const { runner } = genericRunner(store, webhookUrl, { leaseMs: Number(leaseMs ?? 500), backoffMs: 50 });
for (let i = 0; i < 200; i++) {
  const round = await runner.runOnce();
  const waiting = await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute();
  if (round.claimed === 0 && waiting.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await store.close();
process.stdout.write('drained\n');
