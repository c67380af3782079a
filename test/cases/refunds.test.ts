// Refunds, rejections and complaints (DESIGN §2.6), what each mode does itself (§2.1), and the purity of decide.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, decide, isMoneyEffect, openCase } from '../../src/cases/index.ts';
import type { Case } from '../../src/cases/index.ts';
import { WAYBILL, bj, bjIso, codes, continueRun, ev, input, inTransitAndAccepted, ixId, ofType, rules, run, track } from './helpers.ts';
import type { Step } from './helpers.ts';

const agreed = { type: 'REFUSE_SIGN_AGREED' as const, at: bjIso('2024-06-01 10:00:05') };
const returnScan = track([ev('RETURNING', '2024-06-02 14:00:00')]);

describe('refunds', () => {
  it('REFUND_ON_INTERCEPT_SUCCESS (douyin, carrier API): lanjie agrees the refund once, through the platform API, with a deterministic key', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [returnScan, '2024-06-02 14:00:30'],
      [returnScan, '2024-06-02 15:00:00'],
    ]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([
      {
        type: 'AGREE_REFUND',
        action: 'refund',
        idempotencyKey: 'case-1:refund:as-1',
        afterSaleId: 'as-1',
        amountFen: 5000,
        via: 'PLATFORM_API',
        reason: 'REFUND_ON_INTERCEPT_SUCCESS',
      },
    ]);
    expect(r.case.refund).toMatchObject({ reason: 'REFUND_ON_INTERCEPT_SUCCESS', issuedAt: bjIso('2024-06-02 14:00:30') });
    expect(r.case.status).toBe('REFUND_ISSUED');
  });

  it("generic mode: the refund is a webhook instruction to the merchant's system", () => {
    const r = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [...inTransitAndAccepted(), [returnScan, '2024-06-02 14:00:30']]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toMatchObject([{ via: 'WEBHOOK', reason: 'REFUND_ON_INTERCEPT_SUCCESS' }]);
  });

  it('REFUND_RECHECK_TRACKING: after a hub callback, tracking is re-checked before refunding, and the refund goes no later than due − margin', () => {
    const steps: Step[] = [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted({ kind: 'KUAIDI100' }),
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(), at: bjIso('2024-06-02 14:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-02 14:00:01',
      ],
    ];
    const r = run(input(), '2024-06-01 10:00:00', [...steps]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(codes(r.last.reasons)).toContain('REFUND_RECHECK_TRACKING');
    expect(ofType(r.last.effects, 'TRACK_SHIPMENT')).toEqual([
      { type: 'TRACK_SHIPMENT', shipmentId: WAYBILL, waybillNo: WAYBILL, carrierId: 'zto', purpose: 'RECHECK_BEFORE_REFUND' },
    ]);
    // due is 06-04 14:00 (48 h after success); default refund margin 2 h.
    expect(r.case.timers.find((t) => t.kind === 'REFUND_NO_LATER_THAN')?.at).toBe(bjIso('2024-06-04 12:00:00'));
    const rechecked = continueRun(r, [[track([ev('IN_TRANSIT', '2024-06-02 13:00:00')]), '2024-06-02 14:10:00']]);
    expect(ofType(rechecked.last.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_ON_INTERCEPT_SUCCESS' }]);
    const noAnswer = continueRun(r, [[{ type: 'TIMER_FIRED', timerId: 'case-1:timer:REFUND_NO_LATER_THAN' }, '2024-06-04 12:00:00']]);
    expect(ofType(noAnswer.last.effects, 'AGREE_REFUND')).toHaveLength(1);
    // The re-check shows the parcel delivered to the buyer: the refund is held, not issued.
    const delivered = continueRun(r, [[track([ev('DELIVERED', '2024-06-02 13:30:00')]), '2024-06-02 14:10:00']]);
    expect(ofType(delivered.effects, 'AGREE_REFUND')).toEqual([]);
    expect(codes(delivered.last.reasons)).toContain('REFUND_HELD');
  });

  it('REFUND_ON_REJECTION_RETURN_SCAN: the buyer refused and a return-direction scan was seen (a refusal alone is not enough)', () => {
    const refused = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('REJECTED', '2024-06-02 09:00:00')]), '2024-06-02 09:00:01'],
    ]);
    expect(ofType(refused.effects, 'AGREE_REFUND')).toEqual([]);
    const scanned = continueRun(refused, [[track([ev('RETURNING', '2024-06-02 11:00:00')]), '2024-06-02 11:00:01']]);
    expect(ofType(scanned.last.effects, 'AGREE_REFUND')).toMatchObject([
      { reason: 'REFUND_ON_REJECTION_RETURN_SCAN', via: 'PLATFORM_API' },
    ]);
  });

  it('REFUND_ON_RETURN_RECEIVED: the merchant records the return received', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:01'],
      [{ type: 'RECORD_RETURN', shipmentId: WAYBILL, at: bjIso('2024-06-02 10:00:00'), outcome: 'RECEIVED' }, '2024-06-02 10:00:01'],
    ]);
    expect(ofType(r.last.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_ON_RETURN_RECEIVED' }]);
  });

  it('PLATFORM_REFUND_OBSERVED: the platform refunded (tag 206); lanjie never calls refund afterwards', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [{ type: 'REFUNDED', at: bjIso('2024-06-02 13:00:00') }, '2024-06-02 13:00:01'],
      [returnScan, '2024-06-02 14:00:30'],
    ]);
    expect(codes(r.reasons)).toContain('PLATFORM_REFUND_OBSERVED');
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(r.case.status).toBe('REFUNDED');
  });

  it('REFUND_LEFT_TO_PLATFORM (douyin): after a PLATFORM_SERVICE interception the platform refunds, never lanjie', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [agreed, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted({ kind: 'DOUYIN_INTERCEPT_SERVICE' }),
      [
        {
          type: 'INTERCEPT_CALLBACK',
          interceptionId: ixId(),
          at: bjIso('2024-06-02 14:00:00'),
          outcome: 'SUCCEEDED',
          serviceOrderLink: 'https://fxg.jinritemai.com/so/1',
        },
        '2024-06-02 14:00:01',
      ],
      [returnScan, '2024-06-02 14:00:30'],
      [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-04 13:00:00'],
    ]);
    expect(r.case.interceptions[0]?.state).toBe('SUCCEEDED');
    expect(codes(r.reasons)).toContain('REFUND_LEFT_TO_PLATFORM');
    expect(r.effects.filter(isMoneyEffect)).toEqual([]);
  });

  it('a case closed or rejected is never refunded', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [{ type: 'CLOSED', at: bjIso('2024-06-01 12:00:00'), cause: 'OTHER' }, '2024-06-01 12:00:01'],
      [returnScan, '2024-06-02 14:00:30'],
    ]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
  });
});

describe('rejection after signature', () => {
  const signedAfterAgreement: Step[] = [
    [agreed, '2024-06-01 10:00:06'],
    [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-03 09:00:00')]), '2024-06-03 09:00:01'],
  ];

  it('REJECT_AFTER_SIGNED: off by default → a support task, no rejection', () => {
    const r = run(input(), '2024-06-01 10:00:00', [...signedAfterAgreement]);
    expect(ofType(r.effects, 'REJECT_REFUND')).toEqual([]);
    expect(ofType(r.last.effects, 'OPEN_SUPPORT_TASK')).toMatchObject([{ kind: 'REJECT_AFTER_SIGNED', target: WAYBILL }]);
  });

  it('REJECT_AFTER_SIGNED: when enabled, lanjie rejects and advises return-and-refund (douyin API / generic webhook)', () => {
    const on = rules({ autoRejectAfterSigned: true });
    const d = run(input(), '2024-06-01 10:00:00', [...signedAfterAgreement], on);
    expect(ofType(d.effects, 'REJECT_REFUND')).toEqual([
      {
        type: 'REJECT_REFUND',
        action: 'reject',
        idempotencyKey: 'case-1:reject:as-1',
        afterSaleId: 'as-1',
        via: 'PLATFORM_API',
        advice: 'RETURN_AND_REFUND',
        reason: 'REJECT_AFTER_SIGNED',
      },
    ]);
    expect(d.case.status).toBe('REJECTED');
    const g = run(
      input({ mode: 'generic' }),
      '2024-06-01 10:00:00',
      [
        [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:06'],
        [track([ev('DELIVERED', '2024-06-03 09:00:00')]), '2024-06-03 09:00:01'],
      ],
      on,
    );
    expect(ofType(g.effects, 'REJECT_REFUND')).toMatchObject([{ via: 'WEBHOOK' }]);
  });

  it('DELIVERED_BEFORE_INTERCEPT: a parcel delivered before any agreement is not intercepted; reject is offered (task), or sent when enabled', () => {
    const deliveredFirst: Step[] = [
      [track([ev('COLLECTED', '2024-05-30 08:00:00'), ev('DELIVERED', '2024-05-31 14:00:00')]), '2024-06-01 10:00:01'],
      [
        { type: 'REQUEST_INTERCEPTION', shipmentId: WAYBILL, route: { kind: 'CARRIER_API', carrierId: 'zto' }, kind: 'RETURN_TO_SENDER' },
        '2024-06-01 10:01:00',
      ],
    ];
    const off = run(input(), '2024-06-01 10:00:00', deliveredFirst);
    expect(ofType(off.effects, 'INTERCEPT')).toEqual([]);
    expect(off.last.reasons).toMatchObject([{ code: 'INTERCEPT_NOT_POSSIBLE', detail: 'DELIVERED' }]);
    expect(codes(off.reasons)).toContain('DELIVERED_BEFORE_INTERCEPT');
    expect(ofType(off.effects, 'OPEN_SUPPORT_TASK')).toMatchObject([{ kind: 'DELIVERED_BEFORE_INTERCEPT', target: WAYBILL }]);
    expect(ofType(off.effects, 'REJECT_REFUND')).toEqual([]);
    const on = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', deliveredFirst, rules({ autoRejectAfterSigned: true }));
    expect(ofType(on.effects, 'REJECT_REFUND')).toMatchObject([{ via: 'WEBHOOK', advice: 'RETURN_AND_REFUND' }]);
    expect(ofType(on.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('REJECT_NOT_ALLOWED: arrival at a station or locker is not a signature, for the rule and for a manual request', () => {
    const on = rules({ autoRejectAfterSigned: true });
    const r = run(
      input(),
      '2024-06-01 10:00:00',
      [
        [agreed, '2024-06-01 10:00:06'],
        [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('AT_PICKUP_POINT', '2024-06-03 09:00:00')]), '2024-06-03 09:00:01'],
        [{ type: 'REJECT_AFTER_SIGNED', by: 'merchant-1' }, '2024-06-03 10:00:00'],
      ],
      on,
    );
    expect(ofType(r.effects, 'REJECT_REFUND')).toEqual([]);
    expect(r.last.reasons).toEqual([{ code: 'REJECT_NOT_ALLOWED', detail: `${WAYBILL}:AT_PICKUP_POINT` }]);
    // Collection from the pickup point is a DELIVERED event: now the merchant may reject.
    const collected = continueRun(
      r,
      [[track([ev('DELIVERED', '2024-06-03 18:00:00', { description: '已从驿站取件' })]), '2024-06-03 18:00:01']],
      on,
    );
    expect(ofType(collected.last.effects, 'REJECT_REFUND')).toHaveLength(1);
  });

  it('a manual REJECT_AFTER_SIGNED request is honoured once the buyer signed', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...signedAfterAgreement,
      [{ type: 'REJECT_AFTER_SIGNED' }, '2024-06-03 10:00:00'],
      [{ type: 'REJECT_AFTER_SIGNED' }, '2024-06-03 10:00:01'],
    ]);
    expect(ofType(r.effects, 'REJECT_REFUND')).toHaveLength(1);
  });
});

describe('complaints', () => {
  const intercepted = (route: Parameters<typeof inTransitAndAccepted>[0]): Step[] => [
    ...inTransitAndAccepted(route),
    [returnScan, '2024-06-02 14:00:30'],
  ];

  it('RETURN_OVERDUE: past the per-carrier limit on the latest leg → a complaint as a support task; at most one', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...intercepted({ kind: 'CARRIER_API', carrierId: 'zto' }),
      [{ type: 'TIMER_FIRED', timerId: `case-1:timer:RETURN_OVERDUE:${WAYBILL}` }, '2024-06-09 14:00:00'],
      [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-10 14:00:00'],
    ]);
    expect(ofType(r.effects, 'OPEN_COMPLAINT')).toEqual([
      {
        type: 'OPEN_COMPLAINT',
        complaintId: `case-1:complaint:${WAYBILL}:RETURN_OVERDUE`,
        shipmentId: WAYBILL,
        waybillNo: WAYBILL,
        via: 'SUPPORT_TASK',
        claimCompensation: false,
        reason: 'RETURN_OVERDUE',
      },
    ]);
    expect(r.case.complaints).toMatchObject([{ status: 'OPEN', via: 'SUPPORT_TASK' }]);
    const before = run(input(), '2024-06-01 10:00:00', [
      ...intercepted({ kind: 'CARRIER_API', carrierId: 'zto' }),
      [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-09 13:59:59'],
    ]);
    expect(ofType(before.effects, 'OPEN_COMPLAINT')).toEqual([]);
  });

  it('a complaint is a hub work order when Kuaidi100 carried out the interception; status and compensation are tracked', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...intercepted({ kind: 'KUAIDI100' }),
      [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-09 14:00:00'],
    ]);
    expect(ofType(r.effects, 'OPEN_COMPLAINT')).toMatchObject([{ via: 'HUB_WORK_ORDER', hubId: 'kuaidi100', reason: 'RETURN_OVERDUE' }]);
    const resolved = continueRun(r, [
      [
        {
          type: 'COMPLAINT_UPDATED',
          complaintId: `case-1:complaint:${WAYBILL}:RETURN_OVERDUE`,
          at: bjIso('2024-06-12 10:00:00'),
          status: 'RESOLVED',
          compensationFen: 5000,
          hubRef: 'WO-1',
        },
        '2024-06-12 10:00:01',
      ],
    ]);
    expect(resolved.case.complaints[0]).toMatchObject({
      status: 'RESOLVED',
      compensationFen: 5000,
      hubRef: 'WO-1',
      closedAt: bjIso('2024-06-12 10:00:00'),
    });
  });

  it('a complaint for a platform-service interception carries the platform service-order link', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [moving(), '2024-06-01 10:00:01'],
      [
        {
          type: 'REQUEST_INTERCEPTION',
          shipmentId: WAYBILL,
          route: { kind: 'DOUYIN_INTERCEPT_SERVICE' },
          kind: 'RETURN_TO_SENDER',
          quotedCostFen: 400,
        },
        '2024-06-01 10:01:00',
      ],
      [
        {
          type: 'INTERCEPT_REPLY',
          interceptionId: ixId(),
          at: bjIso('2024-06-01 10:01:01'),
          state: 'ACCEPTED',
          serviceOrderLink: 'https://fxg.jinritemai.com/so/9',
          cost: { fen: 400, payer: 'MERCHANT' },
        },
        '2024-06-01 10:01:02',
      ],
      [returnScan, '2024-06-02 14:00:30'],
      [{ type: 'RECORD_RETURN', shipmentId: WAYBILL, at: bjIso('2024-06-04 10:00:00'), outcome: 'SIGNED_BY_OTHER' }, '2024-06-04 10:00:01'],
    ]);
    expect(r.case.interceptions[0]?.cost).toEqual({ fen: 400, payer: 'MERCHANT' });
    expect(ofType(r.effects, 'OPEN_COMPLAINT')).toMatchObject([
      { via: 'SUPPORT_TASK', serviceOrderLink: 'https://fxg.jinritemai.com/so/9', reason: 'RETURN_SIGNED_BY_OTHER' },
    ]);
    expect(codes(r.last.reasons)).toContain('RETURN_SIGNED_BY_OTHER');
    // A support task stands for the complaint; completing it resolves the complaint with its compensation.
    const done = continueRun(r, [
      [
        {
          type: 'COMPLETE_SUPPORT_TASK',
          taskId: `case-1:complaint:${WAYBILL}:RETURN_SIGNED_BY_OTHER`,
          at: bjIso('2024-06-06 10:00:00'),
          compensationFen: 3000,
        },
        '2024-06-06 10:00:01',
      ],
    ]);
    expect(done.case.complaints[0]).toMatchObject({ status: 'RESOLVED', compensationFen: 3000 });
  });

  it('COMPLAINT_ALREADY_OPEN: at most one open complaint per parcel; the next opens when the first is closed', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...intercepted({ kind: 'CARRIER_API', carrierId: 'zto' }),
      [{ type: 'RECORD_RETURN', shipmentId: WAYBILL, at: bjIso('2024-06-04 10:00:00'), outcome: 'SIGNED_BY_OTHER' }, '2024-06-04 10:00:01'],
      [track([ev('DELIVERED', '2024-06-04 12:00:00')]), '2024-06-04 12:00:01'],
    ]);
    expect(ofType(r.effects, 'OPEN_COMPLAINT').map((c) => c.reason)).toEqual(['RETURN_SIGNED_BY_OTHER']);
    expect(codes(r.last.reasons)).toContain('COMPLAINT_ALREADY_OPEN');
    const next = continueRun(r, [
      [
        {
          type: 'COMPLAINT_UPDATED',
          complaintId: `case-1:complaint:${WAYBILL}:RETURN_SIGNED_BY_OTHER`,
          at: bjIso('2024-06-05 10:00:00'),
          status: 'REJECTED',
        },
        '2024-06-05 10:00:01',
      ],
    ]);
    expect(ofType(next.last.effects, 'OPEN_COMPLAINT').map((c) => c.reason)).toEqual(['INTERCEPT_BREACHED']);
  });
});

describe('the decision function', () => {
  it('is pure: the input case is not modified, a replay gives the same case, effects and keys, and the state survives JSON', () => {
    const opened = openCase(input(), bj('2024-06-01 10:00:00'), DEFAULT_RULES);
    const frozen = JSON.stringify(opened.case);
    const event = track([ev('COLLECTED', '2024-06-01 08:00:00')]);
    const a = decide(opened.case, event, bj('2024-06-01 10:00:01'), DEFAULT_RULES);
    const b = decide(JSON.parse(frozen) as Case, event, bj('2024-06-01 10:00:01'), DEFAULT_RULES);
    expect(JSON.stringify(opened.case)).toBe(frozen);
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a.case))).toEqual(a.case);
  });

  it('rejects an invalid event with a zod error naming the field', () => {
    const opened = openCase(input(), bj('2024-06-01 10:00:00'), DEFAULT_RULES);
    expect(() => decide(opened.case, { type: 'REFUNDED', at: 'yesterday' } as never, bj('2024-06-01 10:00:01'), DEFAULT_RULES)).toThrow(
      /at/,
    );
    expect(() =>
      openCase(
        input({ shipments: [{ waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['nope'] }] }),
        bj('2024-06-01 10:00:00'),
        DEFAULT_RULES,
      ),
    ).toThrow(/skuOrderIds/);
  });

  it('every decision is in the timeline with its reasons and the rules version', () => {
    const r = run(input(), '2024-06-01 10:00:00', [[agreed, '2024-06-01 10:00:06']], rules({ version: 'merchant-7-v3' }));
    expect(r.case.timeline.map((t) => [t.event, t.rulesVersion])).toEqual([
      ['CASE_OPENED', 'merchant-7-v3'],
      ['REFUSE_SIGN_AGREED', 'merchant-7-v3'],
    ]);
    expect(r.case.eligibility.rulesVersion).toBe('merchant-7-v3');
    expect(codes(r.case.timeline[1]?.reasons ?? [])).toContain('REFUSE_SIGN_AGREED_OBSERVED');
  });

  it('follows every shipment from the start (TRACK_SHIPMENT once per waybill)', () => {
    const opened = openCase(input(), bj('2024-06-01 10:00:00'), DEFAULT_RULES);
    expect(ofType(opened.effects, 'TRACK_SHIPMENT')).toEqual([
      { type: 'TRACK_SHIPMENT', shipmentId: WAYBILL, waybillNo: WAYBILL, carrierId: 'zto', purpose: 'FOLLOW' },
    ]);
    const r = run(input(), '2024-06-01 10:00:00', [[track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:01']]);
    expect(ofType(r.last.effects, 'TRACK_SHIPMENT')).toEqual([]);
  });
});

function moving() {
  return track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('IN_TRANSIT', '2024-06-01 09:00:00')]);
}

describe('platform events and offline interceptions', () => {
  it('BUYER_MODIFIED: a new amount is re-checked for eligibility and used by the refund', () => {
    const r = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [
      [{ type: 'BUYER_MODIFIED', at: bjIso('2024-06-01 10:00:01'), refundAmountFen: 100000 }, '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:02'],
    ]);
    expect(codes(r.case.eligibility.reasons)).toEqual(['AMOUNT_LIMIT']);
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
    const refunded = continueRun(r, [
      [{ type: 'RECORD_RETURN', shipmentId: WAYBILL, at: bjIso('2024-06-02 10:00:00'), outcome: 'RECEIVED' }, '2024-06-02 10:00:01'],
    ]);
    expect(ofType(refunded.last.effects, 'AGREE_REFUND')).toMatchObject([{ amountFen: 100000, via: 'WEBHOOK' }]);
  });

  it('RECORD_OFFLINE_RESULT: an offline interception is recorded with channel OFFLINE; ACCEPTED is not success, a return scan is; lanjie refunds', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:01'],
      [
        { type: 'RECORD_OFFLINE_RESULT', shipmentId: WAYBILL, at: bjIso('2024-06-01 11:00:00'), outcome: 'ACCEPTED', costFen: 200 },
        '2024-06-01 11:00:01',
      ],
    ]);
    expect(r.case.interceptions[0]).toMatchObject({ channel: 'OFFLINE', state: 'ACCEPTED', cost: { fen: 200, payer: 'MERCHANT' } });
    expect(ofType(r.effects, 'INTERCEPT')).toEqual([]);
    const back = continueRun(r, [[track([ev('RETURNING', '2024-06-01 15:00:00')]), '2024-06-01 15:00:01']]);
    expect(ofType(back.last.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_ON_INTERCEPT_SUCCESS', via: 'PLATFORM_API' }]);
  });

  it('ARBITRATION_OBSERVED: while arbitration is open, no automatic rejection (a support task instead)', () => {
    const r = run(
      input(),
      '2024-06-01 10:00:00',
      [
        [agreed, '2024-06-01 10:00:06'],
        [{ type: 'ARBITRATION', at: bjIso('2024-06-02 10:00:00'), status: 'OPENED' }, '2024-06-02 10:00:01'],
        [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-03 09:00:00')]), '2024-06-03 09:00:01'],
      ],
      rules({ autoRejectAfterSigned: true }),
    );
    expect(codes(r.reasons)).toContain('ARBITRATION_OBSERVED');
    expect(ofType(r.effects, 'REJECT_REFUND')).toEqual([]);
    expect(ofType(r.last.effects, 'OPEN_SUPPORT_TASK')).toMatchObject([{ kind: 'REJECT_AFTER_SIGNED' }]);
  });

  it('EVENT_IGNORED: tracking for a waybill that is not a leg of the case changes nothing', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [track([ev('DELIVERED', '2024-06-01 12:00:00')], 'OTHER0000001'), '2024-06-01 12:00:01'],
    ]);
    expect(r.last.reasons).toEqual([
      { code: 'EVENT_IGNORED', target: 'OTHER0000001', detail: 'waybill is not a leg of any shipment of this case' },
    ]);
    expect(r.case.shipments[0]?.events).toEqual([]);
  });
});
