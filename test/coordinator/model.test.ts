// Model-based properties of the durable coordinator on SQLite: with crashes, lost answers, duplicated and out-of-order pushes, money moves at most once and every case ends final.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MerchantSimulator } from '../../mocks/merchant/simulator.ts';
import { WEBHOOK_SECRET } from './generic-fixture.ts';
import { commandArbitraries, type Model } from './model-commands.ts';
import { checkSafety, drain, makeSystem, openModelCase, settle, zombieRound, MONEY_ACTIONS, storedCases } from './model-system.ts';

/** Runs per property; each run is up to 30 commands, then the world settles. Kept within ~20 s of test time. */
const NUM_RUNS = Number(process.env.LANJIE_MODEL_RUNS ?? 60);

describe('coordinator model (SQLite)', () => {
  let merchant: MerchantSimulator;
  let url: string;
  let runId = 0;
  beforeAll(async () => {
    merchant = new MerchantSimulator({ secret: WEBHOOK_SECRET });
    url = await merchant.start();
  });
  afterAll(async () => {
    await merchant.stop();
  });

  it('at most one money call per case and action, at most one open complaint per parcel, and every case ends final', async () => {
    const stats = { runs: 0, cases: 0, crashes: 0, refunds: 0, rejects: 0, reconciled: 0 };
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: 40, size: 'large' }), async (cmds) => {
        const sys = await makeSystem(merchant, url, ++runId);
        try {
          await fc.asyncModelRun(() => ({ model: { cases: 0, lostAnswers: 0 } satisfies Model, real: sys }), cmds);
          const open = await settle(sys);
          await checkSafety(sys);
          expect(open, `cases not final after the world settled:\n${open.join('\n')}`).toEqual([]);
          // Liveness of money: a refunded case was refunded exactly once, a rejected one rejected exactly once, each by its own key.
          for (const c of await storedCases(sys)) {
            const calls = merchant.performed.filter((p) => p.afterSaleId === c.afterSaleId && MONEY_ACTIONS.has(p.action));
            if (c.status === 'REFUNDED')
              expect(calls.filter((p) => p.action === 'refund')).toEqual([
                {
                  idempotencyKey: `${c.id}:refund:${c.afterSaleId}`,
                  action: 'refund',
                  afterSaleId: c.afterSaleId,
                  amountFen: c.refundAmountFen,
                },
              ]);
            if (c.status === 'REJECTED') expect(calls.filter((p) => p.action === 'reject')).toHaveLength(1);
            if (c.agreement.by === 'LANJIE') expect(calls.filter((p) => p.action === 'agree-refuse-sign')).toHaveLength(1);
            if (c.status === 'REFUNDED') stats.refunds++;
            if (c.status === 'REJECTED') stats.rejects++;
          }
          stats.runs++;
          stats.cases += sys.cases.length;
          stats.crashes += sys.crashes;
          stats.reconciled += (
            await sys.store.db.selectFrom('effects').select('id').where('result_json', 'like', '%reconciled%').execute()
          ).length;
        } finally {
          await sys.dispose();
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The runs exercised what they claim to: crashes, reconciliations, refunds and rejections happened.
    console.info('coordinator model:', JSON.stringify(stats));
    expect(stats.crashes).toBeGreaterThan(0);
    expect(stats.reconciled).toBeGreaterThan(0);
    expect(stats.refunds).toBeGreaterThan(0);
    expect(stats.rejects).toBeGreaterThan(0);
  }, 120_000);

  it('a runner frozen past its lease does not repeat the effects another runner took over (found by the model)', async () => {
    const sys = await makeSystem(merchant, url, ++runId);
    try {
      await openModelCase(sys, 'deliver');
      await openModelCase(sys, 'deliver');
      // Both parcels are seen moving: two agree-refuse-sign calls and two interceptions are due in one batch.
      await sys.coordinator.tracker.pollDue();
      expect(await zombieRound(sys)).toBe('zombie');
      await drain(sys);
      await checkSafety(sys);
      const agreed = merchant.performed
        .filter((p) => p.action === 'agree-refuse-sign')
        .map((p) => p.idempotencyKey)
        .sort();
      expect(agreed).toEqual([
        `r${sys.runId}-c1:agree-refuse-sign:as-${sys.runId}-1`,
        `r${sys.runId}-c2:agree-refuse-sign:as-${sys.runId}-2`,
      ]);
    } finally {
      await sys.dispose();
    }
  });
});
