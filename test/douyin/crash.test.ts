// Exactly-once money in douyin mode against a platform that never deduplicates: SIGKILL between operate and its record, and a lost answer; reconciliation finds the refund.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker } from '../support/child-worker.ts';
import { systemClock } from '../../src/clock/index.ts';
import { openStore } from '../../src/store/index.ts';
import { DouyinSimulator } from '../../mocks/douyin/index.ts';
import { serveSimulator, type SimulatorServer } from '../../mocks/kit/transport.ts';
import { douyinRunner, seedRefunds } from './money-fixture.ts';

const CASES = 4;
const worker = join(import.meta.dirname, 'crash-worker.ts');

async function outcome(dbUrl: string) {
  const store = await openStore({ url: dbUrl });
  const cases = await store.db.selectFrom('cases').select(['id', 'status']).execute();
  const effects = await store.db.selectFrom('effects').select(['id', 'status', 'result_json']).where('type', '=', 'AGREE_REFUND').execute();
  await store.close();
  return { cases, effects };
}

/** Per after-sale: accepted refunds (state changes) and operate calls performed. */
function ledger(sim: DouyinSimulator, ids: readonly string[]) {
  return ids.map((id) => [sim.refunds.get(id) ?? 0, sim.ledger.filter((e) => e.afterSaleId === id && e.outcome === 'PERFORMED').length]);
}

describe('exactly-once money calls in douyin mode', () => {
  let server: SimulatorServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('SIGKILL between operate and its record: after restart each case has exactly one accepted refund, found by reconciliation', async () => {
    const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lanjie-dy-crash-')), 'lanjie.db')}`;
    const sim = new DouyinSimulator({ clock: systemClock });
    server = await serveSimulator(sim);
    const store = await openStore({ url: dbUrl });
    const ids = await seedRefunds(store, sim, server.url, systemClock, CASES);
    expect(await store.db.selectFrom('effects').select('id').where('type', '=', 'AGREE_REFUND').execute()).toHaveLength(CASES);
    await store.close();
    let victim: { kill: () => void } | undefined;
    let kills = 0;
    // The platform performs the refund; the worker dies before it hears the answer or records it.
    sim.onPerformed = async () => {
      if (kills < 2 && victim) {
        kills++;
        victim.kill();
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    for (let attempt = 0; attempt < 6; attempt++) {
      const run = runWorker(worker, [dbUrl, server.url, '300']);
      victim = run;
      if ((await run.done) === 0) break;
    }
    expect(kills).toBe(2);
    expect(ledger(sim, ids)).toEqual(ids.map(() => [1, 1]));
    const { cases, effects } = await outcome(dbUrl);
    expect(cases.every((c) => c.status === 'REFUNDED')).toBe(true);
    expect(effects.every((e) => e.status === 'DONE')).toBe(true);
    // Every call a killed worker had performed is found by reconciliation (a worker runs several cases'
    // effects at once, so a kill can catch more than one call in flight): at least one per kill.
    expect(effects.filter((e) => (e.result_json ?? '').includes('reconciled')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the platform performs the refund but the answer is lost: the retry reconciles with the after-sale instead of refunding again', async () => {
    const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lanjie-dy-lost-')), 'lanjie.db')}`;
    const sim = new DouyinSimulator({ clock: systemClock });
    server = await serveSimulator(sim);
    const store = await openStore({ url: dbUrl });
    const ids = await seedRefunds(store, sim, server.url, systemClock, CASES);
    sim.loseOperateAnswers = 3;
    const { runner } = douyinRunner(store, server.url, systemClock, { backoffMs: 10, leaseMs: 5_000, timeoutMs: 300 });
    for (let i = 0; i < 100; i++) {
      await runner.runOnce();
      const waiting = await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute();
      if (waiting.length === 0) break;
      await new Promise((r) => setTimeout(r, 30));
    }
    await store.close();
    expect(sim.loseOperateAnswers).toBe(0);
    expect(ledger(sim, ids)).toEqual(ids.map(() => [1, 1]));
    const { cases, effects } = await outcome(dbUrl);
    expect(cases.every((c) => c.status === 'REFUNDED')).toBe(true);
    expect(effects.filter((e) => (e.result_json ?? '').includes('reconciled'))).toHaveLength(3);
  }, 60_000);
});
