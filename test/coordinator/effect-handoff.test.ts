// The hand-off between case service and runner: leases from the clock, delivers in order, bounds memory, wakes waiters, and refuses a mismatched runner.
import { describe, expect, it } from 'vitest';
import { TestClock } from '../../src/clock/index.ts';
import { DEFAULT_RULES } from '../../src/cases/index.ts';
import { CaseService, EffectHandoff, EffectRunner } from '../../src/coordinator/index.ts';
import { InvariantError } from '../../src/runtime/errors.ts';
import { openStore } from '../../src/store/index.ts';
import type { EffectsTable } from '../../src/store/schema.ts';

const START = '2026-06-01T02:00:00.000Z';
const row = (id: string) => ({ id, case_id: 'c-1' }) as unknown as EffectsTable;

describe('EffectHandoff', () => {
  it('leases from the clock for its owner and lease length', () => {
    const clock = new TestClock(START);
    const handoff = new EffectHandoff({ clock, owner: 'p-1', leaseMs: 5_000 });
    clock.advance(1_000);
    const lease = handoff.lease();
    expect(lease.owner).toBe('p-1');
    expect(lease.leaseUntil).toBe('2026-06-01T02:00:06.000Z');
    expect(lease.issued.size).toBe(0);
    expect(new EffectHandoff({ clock }).owner).toMatch(new RegExp(`^${process.pid}:[0-9a-f]{8}$`));
  });

  it('hands rows over in delivery order and keeps at most maxWaiting, dropping the oldest', () => {
    const handoff = new EffectHandoff({ clock: new TestClock(START), maxWaiting: 3 });
    handoff.deliver([row('e1'), row('e2')]);
    handoff.deliver([row('e3'), row('e4')]);
    expect(handoff.size).toBe(3);
    expect(handoff.take(2).map((r) => r.id)).toEqual(['e2', 'e3']);
    expect(handoff.take(10).map((r) => r.id)).toEqual(['e4']);
    expect(handoff.take(10)).toEqual([]);
  });

  it('wakes a waiter at the next delivery, at once when rows wait, and never a cancelled one', async () => {
    const handoff = new EffectHandoff({ clock: new TestClock(START) });
    const woken: string[] = [];
    const first = handoff.whenDelivered();
    void first.promise.then(() => woken.push('first'));
    const cancelled = handoff.whenDelivered();
    void cancelled.promise.then(() => woken.push('cancelled'));
    cancelled.cancel();
    handoff.deliver([]);
    await Promise.resolve();
    expect(woken).toEqual([]);
    handoff.deliver([row('e1')]);
    await first.promise;
    await Promise.resolve();
    expect(woken).toEqual(['first']);
    await handoff.whenDelivered().promise;
  });

  it('refuses a runner whose hand-off is not its service’s, or whose owner or lease differ from it', async () => {
    const store = await openStore({ url: 'sqlite::memory:' });
    try {
      const clock = new TestClock(START);
      const handoff = new EffectHandoff({ clock, owner: 'p-1', leaseMs: 30_000 });
      const service = new CaseService({ store, clock, rules: DEFAULT_RULES, handoff });
      const bare = new CaseService({ store, clock, rules: DEFAULT_RULES });
      expect(() => new EffectRunner({ store, clock, service: bare, handlers: {}, handoff })).toThrow(InvariantError);
      expect(() => new EffectRunner({ store, clock, service, handlers: {}, handoff, owner: 'p-2' })).toThrow(/owner p-2/);
      expect(() => new EffectRunner({ store, clock, service, handlers: {}, handoff, leaseMs: 1_000 })).toThrow(/lease 1000 ms/);
      const runner = new EffectRunner({ store, clock, service, handlers: {}, handoff, owner: 'p-1' });
      expect(runner.owner).toBe('p-1');
      expect(runner.handoff).toBe(handoff);
    } finally {
      await store.close();
    }
  });
});
