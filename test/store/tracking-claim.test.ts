// Due shipments are claimed, not only read: two instances polling at once split them, a claim moves the next poll to its end, and nothing is written when nothing is due (SQLite and PostgreSQL).
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, type OpenCaseRequest } from '../../src/coordinator/index.ts';
import { TrackingFollowRepository } from '../../src/store/repos/tracking-follow.ts';
import { TARGETS, storePerTest } from './targets.ts';
import { openRequest } from './open-request.ts';

const START = '2026-06-01T02:00:00.000Z';

const request = (n: number): OpenCaseRequest => openRequest(n);

for (const target of TARGETS) {
  describe(`claiming due shipments on ${target.label}`, () => {
    const make = storePerTest(target);

    it('two claims at once take disjoint shipments, each moved to its claim end; none is left or taken twice', async (ctx) => {
      const { store } = await make(ctx);
      const clock = new TestClock(START);
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES });
      for (let n = 1; n <= 30; n++) await service.open(request(n));
      clock.advance(60_000);
      const repo = new TrackingFollowRepository(store);
      const now = clock.now().toISOString();
      const until = new Date(clock.nowMs() + 60_000).toISOString();
      const [a, b] = await Promise.all([repo.claimDue(now, until, 20), repo.claimDue(now, until, 20)]);
      const taken = [...a, ...b].map((r) => r.waybill_no);
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken).toHaveLength(30);
      expect([...a, ...b].every((r) => r.merchant_id === 'm-1' && typeof r.status === 'string')).toBe(true);
      // Claimed: not due again before the claim ends, due again after it (an instance that died gives them back).
      expect(await repo.claimDue(now, until, 100)).toEqual([]);
      const after = new Date(clock.nowMs() + 60_001).toISOString();
      expect(await repo.claimDue(after, new Date(clock.nowMs() + 120_000).toISOString(), 100)).toHaveLength(30);
    });

    it('writes nothing when nothing is due', async (ctx) => {
      const { store } = await make(ctx);
      const repo = new TrackingFollowRepository(store);
      const plans = store.writePlans();
      expect(await repo.claimDue(START, START, 10)).toEqual([]);
      expect(store.writePlans()).toBe(plans);
    });
  });
}
