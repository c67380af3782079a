// Exactly-once money in generic mode: a SIGKILL between the money call and its record, and a lost answer, each end with one call found by reconciliation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorker } from '../support/child-worker.ts';
import { systemClock } from '../../src/clock/index.ts';
import { openStore } from '../../src/store/index.ts';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { WEBHOOK_SECRET, driveToRefund, genericRunner } from './generic-fixture.ts';

const CASES = 4;
const worker = join(import.meta.dirname, 'crash-worker.ts');

async function seed(dbUrl: string): Promise<void> {
  const store = await openStore({ url: dbUrl });
  const { service } = genericRunner(store, 'http://127.0.0.1:9/unused');
  for (let n = 1; n <= CASES; n++) await driveToRefund(service, n, systemClock);
  const refunds = await store.db.selectFrom('effects').select('id').where('type', '=', 'AGREE_REFUND').execute();
  expect(refunds).toHaveLength(CASES);
  await store.close();
}

async function outcome(dbUrl: string) {
  const store = await openStore({ url: dbUrl });
  const cases = await store.db.selectFrom('cases').select(['id', 'status']).execute();
  const effects = await store.db
    .selectFrom('effects')
    .select(['id', 'status', 'result_json'])
    .where('type', 'in', ['AGREE_REFUND', 'AGREE_REFUSE_SIGN'])
    .execute();
  await store.close();
  return { cases, effects };
}

describe('exactly-once money calls in generic mode', () => {
  let merchant: MerchantSimulator | undefined;
  afterEach(async () => {
    await merchant?.stop();
    merchant = undefined;
  });

  it('SIGKILL between the money call and its record: after restart each case has exactly one call, found by reconciliation', async () => {
    const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lanjie-crash-')), 'lanjie.db')}`;
    await seed(dbUrl);
    let victim: { kill: () => void } | undefined;
    let kills = 0;
    merchant = new MerchantSimulator({
      secret: WEBHOOK_SECRET,
      // The call is performed; the worker dies before it can hear the answer or record it.
      onPerformed: async () => {
        if (kills < 2 && victim) {
          kills++;
          victim.kill();
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    });
    const url = await merchant.start();
    for (let attempt = 0; attempt < 6; attempt++) {
      const run = runWorker(worker, [dbUrl, url, '300']);
      victim = run;
      const code = await run.done;
      if (code === 0) break;
    }
    expect(kills).toBe(2);
    const counts = merchant.countsByKey();
    // Two money calls per case: agree refund-after-rejection, then the refund.
    expect(counts.size).toBe(2 * CASES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const { cases, effects } = await outcome(dbUrl);
    expect(cases.every((c) => c.status === 'REFUNDED')).toBe(true);
    expect(effects.every((e) => e.status === 'DONE')).toBe(true);
    // Every call a killed worker had performed is found by reconciliation (a worker runs several cases'
    // effects at once, so a kill can catch more than one call in flight): at least one per kill.
    expect(effects.filter((e) => (e.result_json ?? '').includes('reconciled')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the merchant performs the call but the answer is lost: the retry reconciles instead of paying again', async () => {
    const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lanjie-lost-')), 'lanjie.db')}`;
    await seed(dbUrl);
    merchant = new MerchantSimulator({ secret: WEBHOOK_SECRET });
    merchant.loseAnswers = 3;
    const url = await merchant.start();
    const store = await openStore({ url: dbUrl });
    const { runner } = genericRunner(store, url, { backoffMs: 10, leaseMs: 5_000 });
    for (let i = 0; i < 50; i++) {
      await runner.runOnce();
      const waiting = await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute();
      if (waiting.length === 0) break;
      await new Promise((r) => setTimeout(r, 30));
    }
    await store.close();
    expect(merchant.loseAnswers).toBe(0);
    expect(merchant.performed).toHaveLength(2 * CASES);
    expect([...merchant.countsByKey().values()].every((n) => n === 1)).toBe(true);
    const { cases, effects } = await outcome(dbUrl);
    expect(cases.every((c) => c.status === 'REFUNDED')).toBe(true);
    expect(effects.filter((e) => (e.result_json ?? '').includes('reconciled'))).toHaveLength(3);
  }, 60_000);
});
