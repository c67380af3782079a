// Property tests (fast-check) over random event sequences on the pure decision function.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../src/carrier/model.ts';
import { computeExperienceClock, decide, isMoneyEffect, openCase, parseRules } from '../../src/cases/index.ts';
import type { Case, CaseEventInput, Decision, Effect, OpenCaseInput, Rules } from '../../src/cases/index.ts';
import { toIso, toMs } from '../../src/cases/time.ts';
import { bjIso, input } from './helpers.ts';

const APPLIED = toMs(bjIso('2024-06-01 10:00:00'));
const MIN = 60_000;
const W1 = 'ZT7000000001';
const W2 = 'YT9000000002';
const LEG = 'RT8000000009';
const at = (minutes: number): string => toIso(APPLIED + minutes * MIN);

const ALL_KINDS: EventKind[] = [
  'INFO_RECEIVED',
  'COLLECTED',
  'IN_TRANSIT',
  'ARRIVED_DEST_CITY',
  'OUT_FOR_DELIVERY',
  'AT_PICKUP_POINT',
  'DELIVERED',
  'DELIVERY_FAILED',
  'REJECTED',
  'RETURNING',
  'RETURNED',
  'REDIRECTED',
  'INTERCEPTED',
  'EXCEPTION',
  'CUSTOMS',
  'CANCELLED',
  'UNKNOWN',
];
/** Kinds that carry no stop evidence (no return direction, no refusal, no "not collected"). */
const NO_STOP_KINDS: EventKind[] = [
  'COLLECTED',
  'IN_TRANSIT',
  'ARRIVED_DEST_CITY',
  'OUT_FOR_DELIVERY',
  'AT_PICKUP_POINT',
  'DELIVERED',
  'DELIVERY_FAILED',
  'REDIRECTED',
  'EXCEPTION',
  'CUSTOMS',
];

const minutes = fc.integer({ min: -600, max: 12 * 24 * 60 });
const waybill = fc.constantFrom(W1, W2);
const route = fc.constantFrom(
  { kind: 'CARRIER_API' as const, carrierId: 'zto' },
  { kind: 'CARRIER_API' as const, carrierId: 'yto' },
  { kind: 'DOUYIN_INTERCEPT_SERVICE' as const },
  { kind: 'KUAIDI100' as const },
  { kind: 'OFFLINE' as const },
);
const ixRef = fc.tuple(waybill, fc.integer({ min: 1, max: 3 })).map(([w, n]) => `case-1:ix:${w}:${n}`);

function trackingArb(kinds: EventKind[], legs: boolean) {
  const one = fc
    .record({
      kind: fc.constantFrom(...kinds),
      m: minutes,
      code: fc.constantFrom('a', 'b'),
      leg: legs ? fc.boolean() : fc.constant(false),
    })
    .map(({ kind, m, code, leg }) => ({
      kind,
      at: at(m),
      description: kind,
      rawCode: code,
      ...(leg && kind === 'RETURNING' ? { newWaybillNo: LEG } : {}),
    }));
  return fc.record({ w: legs ? fc.constantFrom(W1, W2, LEG) : waybill, events: fc.array(one, { minLength: 1, maxLength: 4 }) }).map(
    ({ w, events }): CaseEventInput => ({
      type: 'TRACKING_UPDATE',
      waybillNo: w,
      carrierId: w === W2 ? 'yto' : 'zto',
      found: true,
      events,
    }),
  );
}

/** Any event the case accepts, with random but valid content. */
const anyEvent: fc.Arbitrary<CaseEventInput> = fc.oneof(
  { weight: 6, arbitrary: trackingArb(ALL_KINDS, true) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        w: waybill,
        route,
        kind: fc.constantFrom('RETURN_TO_SENDER', 'RETURN_TO_ORIGIN_STATION', 'REDIRECT') as fc.Arbitrary<
          'RETURN_TO_SENDER' | 'RETURN_TO_ORIGIN_STATION' | 'REDIRECT'
        >,
        override: fc.boolean(),
      })
      .map(
        ({ w, route: rt, kind, override }): CaseEventInput => ({
          type: 'REQUEST_INTERCEPTION',
          shipmentId: w,
          route: rt,
          kind,
          overrideNotWorth: override,
        }),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        id: ixRef,
        m: minutes,
        state: fc.constantFrom('ACCEPTED', 'REJECTED', 'SUCCEEDED') as fc.Arbitrary<'ACCEPTED' | 'REJECTED' | 'SUCCEEDED'>,
      })
      .map(({ id, m, state }): CaseEventInput => ({ type: 'INTERCEPT_REPLY', interceptionId: id, at: at(m), state })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        id: ixRef,
        m: minutes,
        outcome: fc.constantFrom('SUCCEEDED', 'FAILED', 'CANCELLED') as fc.Arbitrary<'SUCCEEDED' | 'FAILED' | 'CANCELLED'>,
      })
      .map(({ id, m, outcome }): CaseEventInput => ({ type: 'INTERCEPT_CALLBACK', interceptionId: id, at: at(m), outcome })),
  },
  { weight: 1, arbitrary: minutes.map((m): CaseEventInput => ({ type: 'REFUSE_SIGN_AGREED', at: at(Math.max(0, m)) })) },
  { weight: 1, arbitrary: minutes.map((m): CaseEventInput => ({ type: 'REFUSE_SIGN_DECLINED', at: at(Math.max(0, m)), rawReason: 'x' })) },
  { weight: 1, arbitrary: minutes.map((m): CaseEventInput => ({ type: 'REFUNDED', at: at(Math.max(0, m)) })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ m: minutes, cause: fc.constantFrom('BUYER_CANCELLED', 'OTHER') as fc.Arbitrary<'BUYER_CANCELLED' | 'OTHER'> })
      .map(({ m, cause }): CaseEventInput => ({ type: 'CLOSED', at: at(Math.max(0, m)), cause })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ m: minutes, d: minutes })
      .map(({ m, d }): CaseEventInput => ({ type: 'PLATFORM_DEADLINE_CHANGED', at: at(Math.max(0, m)), due: at(Math.max(60, d)) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        w: waybill,
        m: minutes,
        outcome: fc.constantFrom('RECEIVED', 'SIGNED_BY_OTHER') as fc.Arbitrary<'RECEIVED' | 'SIGNED_BY_OTHER'>,
      })
      .map(({ w, m, outcome }): CaseEventInput => ({ type: 'RECORD_RETURN', shipmentId: w, at: at(m), outcome })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        w: waybill,
        m: minutes,
        outcome: fc.constantFrom('ACCEPTED', 'REFUSED', 'FAILED') as fc.Arbitrary<'ACCEPTED' | 'REFUSED' | 'FAILED'>,
      })
      .map(({ w, m, outcome }): CaseEventInput => ({ type: 'RECORD_OFFLINE_RESULT', shipmentId: w, at: at(m), outcome })),
  },
  { weight: 1, arbitrary: waybill.map((w): CaseEventInput => ({ type: 'CONFIRM_MIXED_PARCEL', shipmentId: w, by: 'support' })) },
  { weight: 1, arbitrary: fc.constant<CaseEventInput>({ type: 'REJECT_AFTER_SIGNED' }) },
  { weight: 2, arbitrary: fc.constant<CaseEventInput>({ type: 'TIMER_FIRED', timerId: 'tick' }) },
);

/** Events that never carry evidence that a parcel stopped: only ACCEPTED replies, no success callbacks, no returns, no refusals. */
const acceptedOnlyEvent: fc.Arbitrary<CaseEventInput> = fc.oneof(
  { weight: 4, arbitrary: trackingArb(NO_STOP_KINDS, false).map((e) => e) },
  {
    weight: 3,
    arbitrary: fc.record({ w: waybill, route, override: fc.boolean() }).map(
      ({ w, route: rt, override }): CaseEventInput => ({
        type: 'REQUEST_INTERCEPTION',
        shipmentId: w,
        route: rt,
        kind: 'RETURN_TO_SENDER',
        overrideNotWorth: override,
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ id: ixRef, m: minutes })
      .map(({ id, m }): CaseEventInput => ({ type: 'INTERCEPT_REPLY', interceptionId: id, at: at(m), state: 'ACCEPTED' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ w: waybill, m: minutes })
      .map(({ w, m }): CaseEventInput => ({ type: 'RECORD_OFFLINE_RESULT', shipmentId: w, at: at(m), outcome: 'ACCEPTED' })),
  },
  { weight: 1, arbitrary: minutes.map((m): CaseEventInput => ({ type: 'REFUSE_SIGN_AGREED', at: at(Math.max(0, m)) })) },
  { weight: 1, arbitrary: fc.constant<CaseEventInput>({ type: 'TIMER_FIRED', timerId: 'tick' }) },
);

const caseInput: fc.Arbitrary<OpenCaseInput> = fc
  .record({ mode: fc.constantFrom('douyin', 'generic') as fc.Arbitrary<'douyin' | 'generic'>, two: fc.boolean(), mixed: fc.boolean() })
  .map(({ mode, two, mixed }) =>
    input({
      mode,
      refundAmountFen: two ? 8000 : 5000,
      skuOrders: [
        { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
        { skuOrderId: 'sku-2', amountFen: 3000, refunded: two },
        { skuOrderId: 'sku-3', amountFen: 1000, refunded: false },
      ],
      shipments: [
        { waybillNo: W1, carrierId: 'zto', skuOrderIds: mixed ? ['sku-1', 'sku-3'] : ['sku-1'] },
        { waybillNo: W2, carrierId: 'yto', skuOrderIds: ['sku-2'] },
      ],
    }),
  );

const rulesArb: fc.Arbitrary<Rules> = fc
  .record({
    autoRejectAfterSigned: fc.boolean(),
    douyinAgreeRefuseSignOurselves: fc.boolean(),
    exceptionKeepsExperienceClockPaused: fc.boolean(),
  })
  .map((r) => parseRules(r));

/** Steps: an event and how many minutes the clock moves before it (never backwards). */
const stepsOf = (events: fc.Arbitrary<CaseEventInput>) =>
  fc.array(fc.tuple(events, fc.integer({ min: 0, max: 18 * 60 })), { maxLength: 28 });

interface Trace {
  opened: Decision;
  steps: { event: CaseEventInput; decision: Decision; before: Case; nowMs: number }[];
}

function trace(inp: OpenCaseInput, rules: Rules, steps: [CaseEventInput, number][]): Trace {
  let nowMs = APPLIED + MIN;
  const opened = openCase(inp, new Date(nowMs), rules);
  let c = opened.case;
  const out: Trace['steps'] = [];
  for (const [event, delta] of steps) {
    nowMs += delta * MIN;
    const decision = decide(c, event, new Date(nowMs), rules);
    out.push({ event, decision, before: c, nowMs });
    c = decision.case;
  }
  return { opened, steps: out };
}

const allEffects = (t: Trace): Effect[] => [...t.opened.effects, ...t.steps.flatMap((s) => s.decision.effects)];
const RUNS = { numRuns: 300 };

describe('properties of decide over random event sequences', () => {
  it('never more than one money effect per case and action, each with a deterministic key', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        const money = allEffects(trace(inp, rules, steps)).filter(isMoneyEffect);
        const actions = money.map((e) => e.action);
        expect(new Set(actions).size).toBe(actions.length);
        for (const e of money) expect(e.idempotencyKey).toBe(`case-1:${e.action}:as-1`);
      }),
      RUNS,
    );
  });

  it('douyin: no refund effect after a PLATFORM_SERVICE interception or an observed platform refund', () => {
    fc.assert(
      fc.property(
        caseInput.map((i) => ({ ...i, mode: 'douyin' as const })),
        rulesArb,
        stepsOf(anyEvent),
        (inp, rules, steps) => {
          let observed = false;
          for (const s of trace(inp, rules, steps).steps) {
            const refund = s.decision.effects.some((e) => e.type === 'AGREE_REFUND');
            const platformIx = s.decision.case.interceptions.some((ix) => ix.channel === 'PLATFORM_SERVICE' && ix.state !== 'REJECTED');
            observed ||= s.decision.case.refundedAt !== undefined;
            if (refund) {
              expect(platformIx).toBe(false);
              expect(observed).toBe(false);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('no money effect from a REDIRECT: replacing every REDIRECT request by a no-op changes no decision', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        const noop: CaseEventInput = { type: 'TIMER_FIRED', timerId: 'tick' };
        const without = steps.map(([e, d]): [CaseEventInput, number] => [
          e.type === 'REQUEST_INTERCEPTION' && e.kind === 'REDIRECT' ? noop : e,
          d,
        ]);
        const a = trace(inp, rules, steps);
        const b = trace(inp, rules, without);
        expect(a.steps.map((s) => s.decision.effects.filter(isMoneyEffect))).toEqual(
          b.steps.map((s) => s.decision.effects.filter(isMoneyEffect)),
        );
        for (const s of a.steps) expect(s.decision.case.interceptions.every((ix) => ix.kind !== 'REDIRECT')).toBe(true);
      }),
      RUNS,
    );
  });

  it('dueComputed never moves later after agreement', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        for (const s of trace(inp, rules, steps).steps) {
          if (s.before.agreement.agreedAt === undefined) continue;
          expect(toMs(s.decision.case.deadline.dueComputed)).toBeLessThanOrEqual(toMs(s.before.deadline.dueComputed));
        }
      }),
      RUNS,
    );
  });

  it('the counted experience duration never includes paused time', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        for (const s of trace(inp, rules, steps).steps) {
          const x = s.decision.case.experience;
          const end = x.endAt !== undefined ? toMs(x.endAt) : s.nowMs;
          const applied = toMs(x.appliedAt);
          const pausedFrom = x.agreedAt !== undefined ? Math.min(toMs(x.agreedAt), end) : end;
          const pausedTo = x.resumedAt !== undefined ? Math.min(toMs(x.resumedAt), end) : end;
          const paused = Math.max(0, pausedTo - pausedFrom);
          expect(x.countedMs).toBeGreaterThanOrEqual(0);
          expect(x.countedMs + paused).toBeLessThanOrEqual(Math.max(0, end - applied));
          if (x.agreedAt !== undefined && x.resumedAt === undefined)
            expect(x.countedMs).toBe(Math.max(0, Math.min(toMs(x.agreedAt), end) - applied));
        }
      }),
      RUNS,
    );
  });

  it('the experience clock counts exactly the unpaused time (direct, random instants)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 900_000 }),
        fc.boolean(),
        (agreedS, resumeS, endS, nowS, ended) => {
          const applied = toIso(APPLIED);
          const agreed = APPLIED + agreedS * 1000;
          const resume = agreed + resumeS * 1000;
          const end = agreed + endS * 1000;
          const now = toIso(agreed + nowS * 1000);
          const rules = parseRules({});
          const x = computeExperienceClock(
            { appliedAt: applied, agreedAt: toIso(agreed), resumeAt: toIso(resume), ...(ended ? { endAt: toIso(end) } : {}) },
            now,
            rules,
          );
          const stop = ended ? end : agreed + nowS * 1000;
          // Everything from application to the stop, minus the paused stretch [agreed, resume).
          expect(x.countedMs).toBe(stop - APPLIED - (Math.min(resume, stop) - agreed));
        },
      ),
      RUNS,
    );
  });

  it('a case never reaches a refund on ACCEPTED alone', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(acceptedOnlyEvent), (inp, rules, steps) => {
        const t = trace(inp, rules, steps);
        expect(allEffects(t).filter((e) => e.type === 'AGREE_REFUND')).toEqual([]);
        for (const s of t.steps) for (const ix of s.decision.case.interceptions) expect(ix.succeededAt).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('never changes the case it is given (callers may keep using it)', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        let nowMs = APPLIED + MIN;
        let c = openCase(inp, new Date(nowMs), rules).case;
        for (const [event, delta] of steps) {
          nowMs += delta * MIN;
          const before = JSON.stringify(c);
          const decision = decide(c, event, new Date(nowMs), rules);
          expect(JSON.stringify(c)).toBe(before);
          c = decision.case;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('replaying the same decisions gives the same states, effects and keys', () => {
    fc.assert(
      fc.property(caseInput, rulesArb, stepsOf(anyEvent), (inp, rules, steps) => {
        const a = trace(inp, rules, steps);
        const b = trace(inp, rules, steps);
        expect(b.steps.map((s) => s.decision)).toEqual(a.steps.map((s) => s.decision));
      }),
      { numRuns: 100 },
    );
  });
});
