// The console's label helpers (src/console/assets/labels.js): one deadline badge per case (overdue wins over at risk), the platform modes and closed causes in Chinese.
import { describe, expect, it } from 'vitest';
import { LABELS, deadlineFlag, zhOf } from '../../src/console/assets/labels.js';

describe('console labels', () => {
  it('gives a case one deadline badge: overdue wins over at risk', () => {
    expect(deadlineFlag(true, true)).toEqual({ zh: '已超时', en: 'Overdue', kind: 'bad' });
    expect(deadlineFlag(true, false)).toEqual({ zh: '已超时', en: 'Overdue', kind: 'bad' });
    expect(deadlineFlag(false, true)).toEqual({ zh: '即将超时', en: 'At risk', kind: 'warn' });
    expect(deadlineFlag(false, false)).toBeNull();
    expect(deadlineFlag(undefined, undefined)).toBeNull();
  });

  it('labels both modes and every closed cause, and falls back to the code', () => {
    expect(zhOf('mode', 'douyin')).toBe('抖店模式');
    expect(zhOf('mode', 'generic')).toBe('通用模式');
    expect(Object.keys(LABELS.closedCause!).sort()).toEqual(['BUYER_CANCELLED', 'OTHER', 'REFUNDED', 'REJECTED']);
    expect(zhOf('closedCause', 'BUYER_CANCELLED')).toBe('买家撤销');
    expect(zhOf('mode', 'martian')).toBe('martian');
    expect(zhOf('nogroup', 'X')).toBe('X');
  });
});
