// The dashboard's reads on SQLite and PostgreSQL: open cases by status and the most recent case states, for every merchant or one.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import type { Case } from '../../src/cases/state.ts';
import { CaseService, type OpenCaseRequest } from '../../src/coordinator/index.ts';
import { MetricsReadRepository } from '../../src/store/repos/metrics-reads.ts';
import { TARGETS, storePerTest } from './targets.ts';
import { openRequest } from './open-request.ts';

const START = '2026-06-01T02:00:00.000Z';

const request = (n: number, merchantId: string): OpenCaseRequest => openRequest(n, { merchantId });

for (const target of TARGETS) {
  describe(`dashboard reads on ${target.label}`, () => {
    const make = storePerTest(target);

    it('counts open cases by status and reads recent states, for every merchant or one', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      for (const [n, merchant] of [
        [1, 'm-1'],
        [2, 'm-1'],
        [3, 'm-2'],
      ] as const) {
        await service.open(request(n, merchant));
        clock.advance(1000);
      }
      // Case 2 ends (the merchant reports the buyer cancelled): it is no longer open.
      await store.db.updateTable('cases').set({ status: 'CLOSED', open: 0 }).where('id', '=', 'case-2').execute();
      const reads = new MetricsReadRepository(store);
      expect(await reads.openCaseCountsByStatus()).toEqual([{ status: 'OPEN', n: 2 }]);
      expect(await reads.openCaseCountsByStatus('m-1')).toEqual([{ status: 'OPEN', n: 1 }]);
      expect(await reads.openCaseCountsByStatus('m-3')).toEqual([]);
      const ids = (states: string[]) => states.map((s) => (JSON.parse(s) as Case).id);
      expect(ids(await reads.recentCaseStates(10))).toEqual(['case-3', 'case-2', 'case-1']);
      expect(ids(await reads.recentCaseStates(1, 'm-1'))).toEqual(['case-2']);
      expect(ids(await reads.recentCaseStates(10, 'm-2'))).toEqual(['case-3']);
    });
  });
}
