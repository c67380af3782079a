// The issued-effect record split into money, dedupe and note keys: new cases start split, and states stored before the split decide the same.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, decide, openCase } from '../../src/cases/index.ts';
import type { Case } from '../../src/cases/index.ts';
import { bj, bjIso, ev, input, inTransitAndAccepted, ofType, run, track } from './helpers.ts';

const agreed = { type: 'REFUSE_SIGN_AGREED' as const, at: bjIso('2024-06-01 10:00:05') };
const returnScan = track([ev('RETURNING', '2024-06-02 14:00:00')]);

/** The state as stored before the split: one `issued` record, money keys as `money:<action>`, notes as `note:<key>`. */
function storedBeforeTheSplit(c: Case): Case {
  const { money: _money, notes: _notes, ...rest } = structuredClone(c);
  const old = rest as Case;
  old.issued = {
    ...old.issued,
    ...Object.fromEntries(Object.entries(c.money).map(([k, at]) => [`money:${k}`, at as string])),
    ...Object.fromEntries(Object.entries(c.notes).map(([k, at]) => [`note:${k}`, at])),
  };
  return old;
}

describe('issued record', () => {
  it('a new case keeps money calls, other effects and notes apart', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [returnScan, '2024-06-02 14:00:30'],
    ]);
    expect(Object.keys(r.case.money)).toEqual(['refund']);
    expect(Object.keys(r.case.issued).some((k) => k.startsWith('track:'))).toBe(true);
    expect(Object.keys(r.case.issued).some((k) => k.startsWith('money:') || k.startsWith('note:'))).toBe(false);
    expect(Object.keys(r.case.notes).length).toBeGreaterThan(0);
    expect(openCase(input(), bj('2024-06-01 10:00:00'), DEFAULT_RULES).case).toMatchObject({ money: {}, notes: {} });
  });

  it('a state stored before the split decides exactly as the split one: no money call issued twice, no note said twice', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [returnScan, '2024-06-02 14:00:30'],
    ]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toHaveLength(1);
    const again = [returnScan, bj('2024-06-02 15:00:00')] as const;
    const fromSplit = decide(r.case, again[0], again[1], DEFAULT_RULES);
    const fromOld = decide(storedBeforeTheSplit(r.case), again[0], again[1], DEFAULT_RULES);
    expect(fromOld).toEqual(fromSplit);
    expect(ofType(fromOld.effects, 'AGREE_REFUND')).toEqual([]);
  });
});
