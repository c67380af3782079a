// The clock port and Beijing time parsing: explicit +08:00, independent of the host's time zone.
import { describe, expect, it } from 'vitest';
import { TestClock, formatBeijingTime, parseBeijingTime } from '../../src/clock/index.ts';

describe('parseBeijingTime', () => {
  it('reads carrier strings as +08:00 whatever TZ the host has', () => {
    expect(parseBeijingTime('2024-06-01 10:00:05')!.toISOString()).toBe('2024-06-01T02:00:05.000Z');
    expect(parseBeijingTime('2024-01-01 07:59:59')!.toISOString()).toBe('2023-12-31T23:59:59.000Z');
    expect(parseBeijingTime('2024-03-10 02:30:00')!.toISOString()).toBe('2024-03-09T18:30:00.000Z');
    expect(parseBeijingTime('2024-06-01T10:00')!.toISOString()).toBe('2024-06-01T02:00:00.000Z');
  });
  it('rejects what is not a Beijing time string', () => {
    for (const bad of [
      '',
      '2024-02-30 10:00:00',
      '2024-06-01 24:00:00',
      '2024/06/01 10:00:00',
      '1717200005',
      '2024-06-01 10:00:05+08:00',
    ]) {
      expect(parseBeijingTime(bad), bad).toBeNull();
    }
  });
  it('formats back to the same string', () => {
    expect(formatBeijingTime(new Date('2024-06-01T02:00:05Z'))).toBe('2024-06-01 10:00:05');
    expect(formatBeijingTime(parseBeijingTime('2025-12-31 23:59:59')!)).toBe('2025-12-31 23:59:59');
  });
});

describe('TestClock', () => {
  it('moves only forward, and tells listeners', () => {
    const clock = new TestClock('2026-01-01T00:00:00Z');
    const moves: [number, number][] = [];
    clock.onAdvance((from, to) => moves.push([from, to]));
    clock.advance(48 * 3_600_000);
    expect(clock.now().toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(() => clock.set('2026-01-02T00:00:00Z')).toThrow(/never goes backwards/);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(moves).toEqual([[Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-03T00:00:00Z')]]);
  });
});
