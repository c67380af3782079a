// The dashboard's sampler: per-interval deltas of cumulative counters (new accounts, restarted counts), the ring's bound, the window filter, a failed reading logged and skipped, and the unref'd timer stopped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AccountReading, StatsHistory } from '../../src/api/stats-history.ts';

function reading(carrierId: string, calls: number, errors: number, extra: Partial<AccountReading> = {}): AccountReading {
  return { merchantId: 'm-1', carrierId, calls, errors, queued: 0, quotaPerSecond: null, ...extra };
}

describe('StatsHistory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns cumulative counts into per-interval deltas, counting a new account from zero and a restarted count from zero', () => {
    let now = 1_000_000;
    let current: AccountReading[] = [reading('zto', 5, 1, { queued: 2, quotaPerSecond: 10 })];
    const history = new StatsHistory({ readings: () => current, now: () => now, logger: { warn: vi.fn() } });
    now += 10_000;
    expect(history.sample()).toEqual({
      at: 1_010_000,
      intervalMs: 10_000,
      accounts: [{ merchantId: 'm-1', carrierId: 'zto', calls: 5, errors: 1, queued: 2, quotaPerSecond: 10 }],
    });
    now += 10_000;
    current = [reading('zto', 12, 1), reading('sf', 3, 3)];
    expect(history.sample()?.accounts).toEqual([
      { merchantId: 'm-1', carrierId: 'zto', calls: 7, errors: 0, queued: 0, quotaPerSecond: null },
      { merchantId: 'm-1', carrierId: 'sf', calls: 3, errors: 3, queued: 0, quotaPerSecond: null },
    ]);
    now += 5_000;
    // The zto account was rebuilt (its count restarted at 2): the 2 calls are this interval's.
    current = [reading('zto', 2, 0), reading('sf', 3, 3)];
    const third = history.sample();
    expect(third?.intervalMs).toBe(5_000);
    expect(third?.accounts.map((a) => [a.carrierId, a.calls, a.errors])).toEqual([
      ['zto', 2, 0],
      ['sf', 0, 0],
    ]);
    // Summed over the samples, the deltas are the calls made.
    const total = history.points().reduce((sum, p) => sum + p.accounts.reduce((s, a) => s + a.calls, 0), 0);
    expect(total).toBe(5 + 7 + 3 + 2);
  });

  it('keeps at most `capacity` samples, dropping the oldest, and filters by the end of the interval', () => {
    let now = 0;
    let calls = 0;
    const history = new StatsHistory({
      readings: () => [reading('zto', calls, 0)],
      now: () => now,
      capacity: 4,
      logger: { warn: vi.fn() },
    });
    for (let i = 1; i <= 10; i++) {
      now = i * 1000;
      calls += i;
      history.sample();
    }
    const points = history.points();
    expect(points).toHaveLength(4);
    expect(points.map((p) => p.at)).toEqual([7000, 8000, 9000, 10_000]);
    expect(points.map((p) => p.accounts[0]!.calls)).toEqual([7, 8, 9, 10]);
    expect(history.points(8500).map((p) => p.at)).toEqual([9000, 10_000]);
    expect(() => new StatsHistory({ readings: () => [], capacity: 0, logger: { warn: vi.fn() } })).toThrow(RangeError);
    expect(() => new StatsHistory({ readings: () => [], intervalMs: 0, logger: { warn: vi.fn() } })).toThrow(RangeError);
  });

  it('logs a failed reading and skips the sample', () => {
    const warn = vi.fn();
    const failure = new Error('accounts gone');
    const history = new StatsHistory({
      readings: () => {
        throw failure;
      },
      logger: { warn },
    });
    expect(history.sample()).toBeUndefined();
    expect(history.points()).toEqual([]);
    expect(warn).toHaveBeenCalledWith({ err: failure }, expect.stringContaining('sample is skipped'));
  });

  it('samples on an unref’d timer every interval until stopped', () => {
    vi.useFakeTimers({ now: 0 });
    const history = new StatsHistory({ readings: () => [reading('zto', 1, 0)], intervalMs: 10_000, logger: { warn: vi.fn() } });
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    history.start();
    history.start();
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    const timer = setIntervalSpy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    vi.advanceTimersByTime(35_000);
    expect(history.points().map((p) => p.at)).toEqual([10_000, 20_000, 30_000]);
    history.stop();
    vi.advanceTimersByTime(30_000);
    expect(history.points()).toHaveLength(3);
    setIntervalSpy.mockRestore();
  });
});
