// Exactly-once money on PostgreSQL: a lost answer reconciles instead of paying again, and two runners (SKIP LOCKED + fenced leases) never repeat a money call.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock/index.ts';
import type { RunnerRound } from '../../src/coordinator/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { PG_URL, postgresAvailable, postgresStore, type TestStore } from '../store/targets.ts';
import { WEBHOOK_SECRET, driveToRefund, genericRunner } from './generic-fixture.ts';

const CASES = 4;
let pgUp = false;
beforeAll(async () => {
  pgUp = await postgresAvailable();
});

async function seed(store: Store, cases: number): Promise<void> {
  const { service } = genericRunner(store, 'http://127.0.0.1:9/unused');
  for (let n = 1; n <= cases; n++) await driveToRefund(service, n, systemClock);
  expect(await store.db.selectFrom('effects').select('id').where('type', '=', 'AGREE_REFUND').execute()).toHaveLength(cases);
}

async function waiting(store: Store): Promise<number> {
  return (await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute()).length;
}

describe('exactly-once money calls on PostgreSQL', () => {
  let t: TestStore | undefined;
  let merchant: MerchantSimulator | undefined;
  afterEach(async () => {
    await merchant?.stop();
    merchant = undefined;
    await t?.dispose();
    t = undefined;
  });
  const skipUnlessPg = (ctx: { skip: (note?: string) => void }) => {
    if (!pgUp) ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
  };

  it('the merchant performs the call but the answer is lost: the retry reconciles instead of paying again', async (ctx) => {
    skipUnlessPg(ctx);
    t = await postgresStore();
    await seed(t.store, CASES);
    merchant = new MerchantSimulator({ secret: WEBHOOK_SECRET });
    merchant.loseAnswers = 3;
    const url = await merchant.start();
    const { runner } = genericRunner(t.store, url, { backoffMs: 10, leaseMs: 5_000 });
    for (let i = 0; i < 50; i++) {
      await runner.runOnce();
      if ((await waiting(t.store)) === 0) break;
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(merchant.loseAnswers).toBe(0);
    expect(merchant.performed).toHaveLength(2 * CASES);
    expect([...merchant.countsByKey().values()].every((n) => n === 1)).toBe(true);
    const cases = await t.store.db.selectFrom('cases').select('status').execute();
    expect(cases.every((c) => c.status === 'REFUNDED')).toBe(true);
    const effects = await t.store.db
      .selectFrom('effects')
      .select(['status', 'result_json'])
      .where('type', 'in', ['AGREE_REFUND', 'AGREE_REFUSE_SIGN'])
      .execute();
    expect(effects.every((e) => e.status === 'DONE')).toBe(true);
    expect(effects.filter((e) => (e.result_json ?? '').includes('reconciled'))).toHaveLength(3);
  }, 60_000);

  it('two runners with different owners, each on its own pool, never execute the same money effect twice, even when leases lapse mid-batch', async (ctx) => {
    skipUnlessPg(ctx);
    const cases = 12;
    t = await postgresStore();
    await seed(t.store, cases);
    // A slow merchant (150 ms per call) and batches of 8 under a 1 s lease: the tail of each batch
    // outlives its lease, so the other runner takes those effects over while the first is still busy.
    merchant = new MerchantSimulator({ secret: WEBHOOK_SECRET, onPerformed: () => new Promise((r) => setTimeout(r, 150)) });
    const url = await merchant.start();
    const second = await openStore({ url: t.url, poolSize: 4 });
    try {
      const runners = [t.store, second].map((store) => genericRunner(store, url, { leaseMs: 1_000, backoffMs: 20, batch: 8 }).runner);
      expect(runners[0]!.owner).not.toBe(runners[1]!.owner);
      const totals: RunnerRound[] = runners.map(() => ({ claimed: 0, done: 0, retried: 0, dead: 0, lost: 0 }));
      await Promise.all(
        runners.map(async (runner, i) => {
          for (let round = 0; round < 200; round++) {
            const r = await runner.runOnce();
            for (const k of Object.keys(r) as (keyof RunnerRound)[]) totals[i]![k] += r[k];
            if (r.claimed === 0 && (await waiting(t!.store)) === 0) return;
            if (r.claimed === 0) await new Promise((res) => setTimeout(res, 50));
          }
        }),
      );
      console.info('two runners on PostgreSQL:', JSON.stringify(totals));
      expect(merchant.performed).toHaveLength(2 * cases);
      expect([...merchant.countsByKey().values()].every((n) => n === 1)).toBe(true);
      // Each effect is recorded done exactly once, by one runner; both runners did some of the work.
      expect(totals[0]!.done + totals[1]!.done).toBe(2 * cases);
      expect(totals[0]!.done).toBeGreaterThan(0);
      expect(totals[1]!.done).toBeGreaterThan(0);
      const statuses = await t.store.db.selectFrom('cases').select('status').execute();
      expect(statuses.every((c) => c.status === 'REFUNDED')).toBe(true);
    } finally {
      await second.close();
    }
  }, 60_000);
});
