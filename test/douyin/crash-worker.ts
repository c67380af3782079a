// A child process for the douyin crash test: runs the effect runner with the Douyin handlers until nothing is due (the parent may SIGKILL it).
import { drainAndExit } from '../support/child-worker.ts';
import { systemClock } from '../../src/clock/index.ts';
import { openStore } from '../../src/store/index.ts';
import { douyinRunner } from './money-fixture.ts';

const [dbUrl, simUrl, leaseMs] = process.argv.slice(2);
if (!dbUrl || !simUrl) throw new Error('usage: crash-worker <db url> <simulator url> [leaseMs]');
const store = await openStore({ url: dbUrl });
const { runner } = douyinRunner(store, simUrl, systemClock, { leaseMs: Number(leaseMs ?? 500), backoffMs: 50 });
await drainAndExit(store, runner);
