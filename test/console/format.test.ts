// The console's display helpers (src/console/assets/format.js): exact fen → yuan, UTC instants shown in Asia/Shanghai whatever the host's zone, typed yuan → fen, durations, safe links.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duration, fenFromYuanInput, localizeInstants, safeHttpUrl, shanghaiTime, yuan } from '../../src/console/assets/format.js';

describe('console format helpers', () => {
  it('shows fen as yuan exactly', () => {
    expect(yuan(12_900)).toBe('¥129.00');
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(1_005)).toBe('¥10.05');
    expect(yuan(99_999)).toBe('¥999.99');
    expect(yuan(123_456_789)).toBe('¥1,234,567.89');
    // 0.1 + 0.2 style errors would show here: 29 fen, 57 fen, 1 000 000 000 001 fen.
    expect(yuan(29)).toBe('¥0.29');
    expect(yuan(57)).toBe('¥0.57');
    expect(yuan(1_000_000_000_001)).toBe('¥10,000,000,000.01');
    expect(yuan(-12_900)).toBe('-¥129.00');
    expect(yuan(1.5)).toBe('—');
    expect(yuan(undefined)).toBe('—');
  });

  it('round-trips every fen amount through the yuan text and the yuan input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (fen) => {
        const shown = yuan(fen).slice(1).replaceAll(',', '');
        expect(fenFromYuanInput(shown)).toBe(fen);
        expect(shown).toBe(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
      }),
    );
  });

  it('reads typed yuan as fen, refusing anything that is not a plain amount', () => {
    expect(fenFromYuanInput('12.5')).toBe(1_250);
    expect(fenFromYuanInput(' 129 ')).toBe(12_900);
    expect(fenFromYuanInput('0.01')).toBe(1);
    for (const bad of ['', '-1', '1.234', '1e3', '¥5', '1,000', 'abc', '.5']) expect(fenFromYuanInput(bad), bad).toBeNull();
  });

  it('shows UTC instants in Asia/Shanghai whatever the host time zone', () => {
    expect(shanghaiTime('2024-06-01T02:00:05.000Z')).toBe('2024-06-01 10:00:05');
    expect(shanghaiTime('2024-12-31T16:30:00Z')).toBe('2025-01-01 00:30:00');
    // A New York DST change night: Shanghai has no DST.
    expect(shanghaiTime('2024-03-10T07:30:00Z')).toBe('2024-03-10 15:30:00');
    expect(shanghaiTime(undefined)).toBe('—');
    expect(shanghaiTime('not a time')).toBe('not a time');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(shanghaiTime(iso)).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '));
      }),
    );
  });

  it('rewrites UTC instants inside free text as Shanghai time', () => {
    expect(localizeInstants('due 2026-11-29T14:07:12.962Z, then 2026-12-04T13:59:13Z')).toBe(
      'due 2026-11-29 22:07:12, then 2026-12-04 21:59:13',
    );
    expect(localizeInstants('2 new event(s)')).toBe('2 new event(s)');
  });

  it('writes durations in Chinese and English', () => {
    expect(duration(3_605_000)).toEqual({ zh: '1小时0分5秒', en: '1 h 0 m 5 s' });
    expect(duration(50 * 3_600_000 + 61_999)).toEqual({ zh: '50小时1分1秒', en: '50 h 1 m 1 s' });
    expect(duration(0)).toEqual({ zh: '0小时0分0秒', en: '0 h 0 m 0 s' });
  });

  it('allows only http(s) links', () => {
    expect(safeHttpUrl('https://fxg.jinritemai.com/ffa/maftersale/aftersale/detail?id=1')).toBe(
      'https://fxg.jinritemai.com/ffa/maftersale/aftersale/detail?id=1',
    );
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
