// Waybill detection ranks candidates: prefixed formats first, all-digit overlaps all listed.
import { describe, expect, it } from 'vitest';
import { detectCarriers, type CarrierPlugin } from '../../src/carrier/index.ts';

const plugin = (id: string, patterns: [RegExp, boolean, 'C-src' | 'S' | 'I'][]): CarrierPlugin => ({
  id,
  kind: 'carrier',
  names: { zh: id, en: id },
  errors: {},
  limits: { source: 'assumed' },
  capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false },
  waybillPatterns: patterns.map(([pattern, prefixed, confidence]) => ({ pattern, prefixed, confidence })),
});

describe('detectCarriers', () => {
  const plugins = [
    plugin('sf', [[/^SF\d{13}$/, true, 'C-src']]),
    plugin('sto', [[/^(77|43)\d{12,15}$/, false, 'C-src']]),
    plugin('yunda', [[/^[34]\d{14}$|^5\d{12}$/, false, 'I']]),
    plugin('ems', [[/^[981]\d{12}$/, false, 'S']]),
    plugin('fengwang', []),
  ];
  it('a prefixed number has one candidate, case-insensitively', () => {
    expect(detectCarriers(' sf1234567890123 ', plugins).map((c) => c.carrierId)).toEqual(['sf']);
  });
  it('overlapping digit formats are all listed, best-sourced first', () => {
    expect(detectCarriers('432011975782987', plugins).map((c) => c.carrierId)).toEqual(['sto', 'yunda']);
  });
  it('a carrier with no known format never appears; an unknown number has no candidate', () => {
    expect(detectCarriers('ABC', plugins)).toEqual([]);
  });
});
