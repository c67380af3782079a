// Deadlines (DESIGN §2.3) and the experience-score clock (§2.4), with the worked examples reproduced to the second.
import { describe, expect, it } from 'vitest';
import { computeExperienceClock, DEFAULT_RULES } from '../../src/cases/index.ts';
import { bjIso, codes, ev, input, inTransitAndAccepted, ofType, rules, run, track } from './helpers.ts';
import type { Step } from './helpers.ts';

const agreedAt = (at: string) => ({ type: 'REFUSE_SIGN_AGREED' as const, at: bjIso(at) });

describe('deadlines', () => {
  it('DEADLINE_48H_INITIAL: due = appliedAt + 48 h', () => {
    const r = run(input(), '2024-06-01 10:00:00', []);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-03 10:00:00'));
    expect(r.case.deadline.history).toEqual([
      { field: 'dueComputed', at: bjIso('2024-06-01 10:00:00'), due: bjIso('2024-06-03 10:00:00'), reason: 'DEADLINE_48H_INITIAL' },
    ]);
    expect(codes(r.reasons)).toContain('DEADLINE_48H_INITIAL');
  });

  it('DEADLINE_7D and DEADLINE_48H, worked example: agreed 06-01 10:00:05 → due 06-08 10:00:05; return scan 06-02 14:00 → due 06-04 14:00', () => {
    const r = run(input(), '2024-06-01 10:00:00', [[agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06'], ...inTransitAndAccepted()]);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-08 10:00:05'));
    expect(codes(r.reasons)).toContain('DEADLINE_7D');
    const after = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-02 14:05:00'],
    ]);
    expect(after.case.interceptions[0]?.succeededAt).toBe(bjIso('2024-06-02 14:00:00'));
    expect(after.case.deadline.dueComputed).toBe(bjIso('2024-06-04 14:00:00'));
    expect(after.case.deadline.due).toBe(bjIso('2024-06-04 14:00:00'));
    expect(after.last.reasons).toContainEqual({ code: 'DEADLINE_48H', target: 'dueComputed', detail: bjIso('2024-06-04 14:00:00') });
  });

  it('DEADLINE_KEPT_LT48H, worked example: agreed 06-01 10:00 → due 06-08 10:00; buyer signs 06-07 12:00 (22 h left) → due stays 06-08 10:00', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-07 12:00:00')]), '2024-06-07 12:01:00'],
    ]);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-08 10:00:00'));
    expect(r.case.deadline.history.at(-1)).toEqual({
      field: 'dueComputed',
      at: bjIso('2024-06-07 12:00:00'),
      due: bjIso('2024-06-08 10:00:00'),
      reason: 'DEADLINE_KEPT_LT48H',
    });
    expect(codes(r.last.reasons)).toContain('DEADLINE_KEPT_LT48H');
  });

  it('exactly 48 hours left: DEADLINE_48H (not KEPT), the value unchanged', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-06 10:00:00')]), '2024-06-06 10:00:30'],
    ]);
    expect(r.case.deadline.history.at(-1)).toEqual({
      field: 'dueComputed',
      at: bjIso('2024-06-06 10:00:00'),
      due: bjIso('2024-06-08 10:00:00'),
      reason: 'DEADLINE_48H',
    });
    const oneSecondLater = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-06 10:00:01')]), '2024-06-06 10:00:30'],
    ]);
    expect(oneSecondLater.case.deadline.history.at(-1)?.reason).toBe('DEADLINE_KEPT_LT48H');
  });

  it('DEADLINE_48H on rejection succeeded (拒签成功): the buyer refused', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('REJECTED', '2024-06-03 09:00:00')]), '2024-06-03 09:05:00'],
    ]);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-05 09:00:00'));
  });

  it('a late event revealing an earlier trigger moves the deadline earlier, never later', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      ...inTransitAndAccepted(),
      [track([ev('RETURNED', '2024-06-03 14:00:00')]), '2024-06-03 15:00:00'],
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-03 16:00:00'],
    ]);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-04 14:00:00'));
  });

  it('a trigger once seen stays: evidence withdrawn by a later message never moves the deadline later after agreement', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:00'), '2024-06-01 10:00:01'],
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-02 14:00:01'],
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: 'case-1:ix:ZT7000000001:1', at: bjIso('2024-06-02 12:00:00'), outcome: 'CANCELLED' },
        '2024-06-02 15:00:00',
      ],
    ]);
    expect(r.case.interceptions[0]?.state).toBe('CANCELLED');
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-04 14:00:00'));
  });

  it('"7 days from agreement" is our reading: agreedDeadlineFrom APPLIED_AT counts from the application instead', () => {
    const r = run(
      input(),
      '2024-06-01 10:00:00',
      [[agreedAt('2024-06-01 12:00:00'), '2024-06-01 12:00:01']],
      rules({ agreedDeadlineFrom: 'APPLIED_AT' }),
    );
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-08 10:00:00'));
  });

  it('DEADLINE_PLATFORM_CHANGED: duePlatform is kept beside dueComputed and lanjie acts on the earlier', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06'],
      [{ type: 'PLATFORM_DEADLINE_CHANGED', at: bjIso('2024-06-01 10:00:06'), due: bjIso('2024-06-07 00:00:00') }, '2024-06-01 10:00:07'],
    ]);
    expect(r.case.deadline).toMatchObject({
      dueComputed: bjIso('2024-06-08 10:00:05'),
      duePlatform: bjIso('2024-06-07 00:00:00'),
      due: bjIso('2024-06-07 00:00:00'),
    });
    expect(codes(r.last.reasons)).toContain('DEADLINE_PLATFORM_CHANGED');
    expect(r.case.timers.find((t) => t.kind === 'DEADLINE_DUE')?.at).toBe(bjIso('2024-06-07 00:00:00'));
    expect(r.case.timers.find((t) => t.kind === 'DEADLINE_AT_RISK')?.at).toBe(bjIso('2024-06-06 18:00:00'));
  });

  it('DEADLINE_AT_RISK: at due − 6 h with no evidence to act on, one support task', () => {
    const steps: Step[] = [[{ type: 'TIMER_FIRED', timerId: 'case-1:timer:DEADLINE_AT_RISK' }, '2024-06-03 04:00:00']];
    const before = run(input(), '2024-06-01 10:00:00', [[{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-03 03:59:59']]);
    expect(ofType(before.effects, 'OPEN_SUPPORT_TASK')).toEqual([]);
    const r = run(input(), '2024-06-01 10:00:00', [...steps, [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-03 05:00:00']]);
    const tasks = ofType(r.effects, 'OPEN_SUPPORT_TASK');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.kind).toBe('DEADLINE_AT_RISK');
    expect(r.case.supportTasks.map((t) => t.kind)).toEqual(['DEADLINE_AT_RISK']);
  });

  it('PLATFORM_TIMEOUT at due: douyin fetches the after-sale to observe the platform, generic notifies by webhook', () => {
    const d = run(input(), '2024-06-01 10:00:00', [[{ type: 'TIMER_FIRED', timerId: 'case-1:timer:DEADLINE_DUE' }, '2024-06-03 10:00:00']]);
    expect(codes(d.last.reasons)).toContain('PLATFORM_TIMEOUT');
    expect(ofType(d.last.effects, 'FETCH_AFTER_SALE')).toEqual([
      { type: 'FETCH_AFTER_SALE', afterSaleId: 'as-1', reason: 'PLATFORM_TIMEOUT' },
    ]);
    expect(d.case.deadline.timedOutAt).toBe(bjIso('2024-06-03 10:00:00'));
    const g = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [
      [{ type: 'TIMER_FIRED', timerId: 'case-1:timer:DEADLINE_DUE' }, '2024-06-03 10:00:00'],
    ]);
    expect(ofType(g.last.effects, 'NOTIFY_WEBHOOK')).toEqual([
      {
        type: 'NOTIFY_WEBHOOK',
        idempotencyKey: `case-1:timeout:${bjIso('2024-06-03 10:00:00')}`,
        topic: 'DEADLINE_TIMEOUT',
        reason: 'PLATFORM_TIMEOUT',
      },
    ]);
  });

  it('timers are set when the deadline moves and cancelled when no longer needed', () => {
    const r = run(input(), '2024-06-01 10:00:00', [[agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06']]);
    expect(ofType(r.last.effects, 'SET_TIMER').map((e) => [e.timer.kind, e.timer.at])).toEqual([
      ['DEADLINE_AT_RISK', bjIso('2024-06-08 04:00:05')],
      ['DEADLINE_DUE', bjIso('2024-06-08 10:00:05')],
    ]);
    const refunded = run(input(), '2024-06-01 10:00:00', [[{ type: 'REFUNDED', at: bjIso('2024-06-01 11:00:00') }, '2024-06-01 11:00:01']]);
    expect(
      ofType(refunded.last.effects, 'CANCEL_TIMER')
        .map((e) => e.timerId)
        .sort(),
    ).toEqual(['case-1:timer:DEADLINE_AT_RISK', 'case-1:timer:DEADLINE_DUE']);
    expect(refunded.case.timers).toEqual([]);
  });
});

describe('experience-score clock', () => {
  it('worked example: applied 10:00:00, agreed 10:00:05, resumed 06-02 14:00, refunded 06-02 15:00 → 1 h 0 m 5 s', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-02 14:00:00')]), '2024-06-02 14:00:30'],
      [{ type: 'REFUNDED', at: bjIso('2024-06-02 15:00:00') }, '2024-06-02 15:00:01'],
    ]);
    expect(r.case.experience).toMatchObject({
      resumedAt: bjIso('2024-06-02 14:00:00'),
      endAt: bjIso('2024-06-02 15:00:00'),
      running: false,
      keptPaused: false,
    });
    expect(r.case.experience.countedMs).toBe((3600 + 5) * 1000);
    expect(codes(r.reasons)).toEqual(
      expect.arrayContaining(['EXPERIENCE_CLOCK_PAUSED', 'EXPERIENCE_CLOCK_RESUMED', 'EXPERIENCE_CLOCK_STOPPED']),
    );
  });

  it('EXPERIENCE_CLOCK_KEPT_PAUSED: in a logistics-exception case the clock stays paused (our reading; configurable)', () => {
    const steps: Step[] = [
      [agreedAt('2024-06-01 10:00:05'), '2024-06-01 10:00:06'],
      [
        track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('EXCEPTION', '2024-06-01 20:00:00'), ev('REJECTED', '2024-06-02 14:00:00')]),
        '2024-06-02 14:00:30',
      ],
      [{ type: 'REFUNDED', at: bjIso('2024-06-02 15:00:00') }, '2024-06-02 15:00:01'],
    ];
    const r = run(input(), '2024-06-01 10:00:00', [...steps]);
    expect(r.case.experience.keptPaused).toBe(true);
    expect(r.case.experience.countedMs).toBe(5000);
    expect(codes(r.reasons)).toContain('EXPERIENCE_CLOCK_KEPT_PAUSED');
    const other = run(input(), '2024-06-01 10:00:00', [...steps], rules({ exceptionKeepsExperienceClockPaused: false }));
    expect(other.case.experience.countedMs).toBe((3600 + 5) * 1000);
  });

  it('without agreement the clock runs from application to refund', () => {
    const clock = computeExperienceClock(
      { appliedAt: bjIso('2024-06-01 10:00:00'), endAt: bjIso('2024-06-01 12:30:00') },
      bjIso('2024-06-02 00:00:00'),
      DEFAULT_RULES,
    );
    expect(clock.countedMs).toBe(2.5 * 3600 * 1000);
  });

  it('while paused the clock does not run; while resumed it counts up to now', () => {
    const paused = computeExperienceClock(
      { appliedAt: bjIso('2024-06-01 10:00:00'), agreedAt: bjIso('2024-06-01 10:00:05') },
      bjIso('2024-06-05 00:00:00'),
      DEFAULT_RULES,
    );
    expect(paused).toMatchObject({ countedMs: 5000, running: false });
    const resumed = computeExperienceClock(
      { appliedAt: bjIso('2024-06-01 10:00:00'), agreedAt: bjIso('2024-06-01 10:00:05'), resumeAt: bjIso('2024-06-02 14:00:00') },
      bjIso('2024-06-02 14:10:00'),
      DEFAULT_RULES,
    );
    expect(resumed).toMatchObject({ countedMs: 5000 + 600_000, running: true });
  });
});
