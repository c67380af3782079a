// A child process for the crash test: runs the generic-mode effect runner against a store until nothing is due (the parent may SIGKILL it).
import { drainAndExit } from '../support/child-worker.ts';
import { openStore } from '../../src/store/index.ts';
import { genericRunner } from './generic-fixture.ts';

const [dbUrl, webhookUrl, leaseMs] = process.argv.slice(2);
if (!dbUrl || !webhookUrl) throw new Error('usage: crash-worker <db url> <webhook url> [leaseMs]');
const store = await openStore({ url: dbUrl });
const { runner } = genericRunner(store, webhookUrl, { leaseMs: Number(leaseMs ?? 500), backoffMs: 50 });
await drainAndExit(store, runner);
