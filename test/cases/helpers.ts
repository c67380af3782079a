// Shared fixtures for the case-rule tests: Beijing-time instants, a default case input, and a runner over event steps.
import type { EventKind } from '../../src/carrier/model.ts';
import { parseBeijingTime } from '../../src/clock/index.ts';
import { DEFAULT_RULES, decide, openCase, parseRules } from '../../src/cases/index.ts';
import type { Case, CaseEventInput, Effect, InterceptRoute, OpenCaseInput, Reason, Rules, RulesInput } from '../../src/cases/index.ts';

/** A Beijing local time ("2024-06-01 10:00:05") as a Date. */
export function bj(text: string): Date {
  const d = parseBeijingTime(text);
  if (d === null) throw new Error(`bad Beijing time ${text}`);
  return d;
}

/** A Beijing local time as an ISO UTC string. */
export function bjIso(text: string): string {
  return bj(text).toISOString();
}

/** Rules with overrides. */
export function rules(over: RulesInput = {}): Rules {
  return parseRules({ ...over });
}

export const WAYBILL = 'ZT7000000001';

/** A one-parcel, eligible-looking refund-only application at 2024-06-01 10:00:00 +08:00. */
export function input(over: Partial<OpenCaseInput> = {}): OpenCaseInput {
  return {
    caseId: 'case-1',
    mode: 'douyin',
    merchantId: 'm-1',
    merchantType: 'DOMESTIC',
    afterSaleId: 'as-1',
    orderId: 'o-1',
    appliedAt: bjIso('2024-06-01 10:00:00'),
    refundAmountFen: 5000,
    reason: 'NOT_RECEIVED',
    categoryId: 'cat-1',
    skuOrders: [{ skuOrderId: 'sku-1', amountFen: 5000, refunded: true }],
    shipments: [{ waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1'] }],
    ...over,
  };
}

/** A tracking event at a Beijing time. */
export function ev(kind: EventKind, at: string, extra: { newWaybillNo?: string; rawCode?: string; description?: string } = {}) {
  return {
    kind,
    at: bjIso(at),
    description: extra.description ?? kind.toLowerCase(),
    rawCode: extra.rawCode ?? kind,
    ...(extra.newWaybillNo !== undefined ? { newWaybillNo: extra.newWaybillNo } : {}),
  };
}

/** A tracking update for a waybill. */
export function track(events: ReturnType<typeof ev>[], waybillNo = WAYBILL, carrierId = 'zto'): CaseEventInput {
  return { type: 'TRACKING_UPDATE', waybillNo, carrierId, found: true, events };
}

/** One step: an event and the decision time (Beijing local). */
export type Step = [CaseEventInput, string];

/** Everything a sequence of decisions produced. */
export interface Run {
  case: Case;
  effects: Effect[];
  reasons: Reason[];
  /** Effects and reasons of the last step only. */
  last: { effects: Effect[]; reasons: Reason[] };
}

/** Opens a case at `openAt` and applies each [event, now] step. */
export function run(inp: OpenCaseInput, openAt: string, steps: Step[], r: Rules = DEFAULT_RULES): Run {
  const opened = openCase(inp, bj(openAt), r);
  return continueRun(
    { case: opened.case, effects: opened.effects, reasons: opened.reasons, last: { effects: opened.effects, reasons: opened.reasons } },
    steps,
    r,
  );
}

/** Applies more steps to a run. */
export function continueRun(prev: Run, steps: Step[], r: Rules = DEFAULT_RULES): Run {
  let c = prev.case;
  const effects = [...prev.effects];
  const reasons = [...prev.reasons];
  let last = prev.last;
  for (const [event, now] of steps) {
    const d = decide(c, event, bj(now), r);
    c = d.case;
    effects.push(...d.effects);
    reasons.push(...d.reasons);
    last = { effects: d.effects, reasons: d.reasons };
  }
  return { case: c, effects, reasons, last };
}

/** Codes of reasons. */
export function codes(reasons: readonly Reason[]): string[] {
  return reasons.map((r) => r.code);
}

/** Effects of one type. */
export function ofType<T extends Effect['type']>(effects: readonly Effect[], type: T): Extract<Effect, { type: T }>[] {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** The id of the n-th interception of the default waybill. */
export function ixId(n = 1, waybillNo = WAYBILL, caseId = 'case-1'): string {
  return `${caseId}:ix:${waybillNo}:${n}`;
}

/** Steps: in transit, then an interception by carrier API accepted. */
export function inTransitAndAccepted(route: InterceptRoute = { kind: 'CARRIER_API', carrierId: 'zto' }): Step[] {
  return [
    [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('IN_TRANSIT', '2024-06-01 09:00:00')]), '2024-06-01 10:00:01'],
    [{ type: 'REQUEST_INTERCEPTION', shipmentId: WAYBILL, route, kind: 'RETURN_TO_SENDER' }, '2024-06-01 10:01:00'],
    [{ type: 'INTERCEPT_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 10:01:01'), state: 'ACCEPTED' }, '2024-06-01 10:01:01'],
  ];
}
