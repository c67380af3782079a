// The pure decision core: decide(case, event, now, rules) → { case', effects, reasons }, running the rules of DESIGN §2 (rules/).
import { computeDeadline } from './deadlines.ts';
import { CaseEventSchema, OpenCaseInputSchema } from './events.ts';
import type { CaseEventInput, OpenCaseInput } from './events.ts';
import type { Effect } from './effects.ts';
import { computeExperienceClock } from './experience-clock.ts';
import type { Reason } from './reasons.ts';
import type { Rules } from './rules-config.ts';
import { type Case, type Shipment, splitIssuedRecord } from './state.ts';
import { toIso, toMs } from './time.ts';
import { apply } from './apply/index.ts';
import { Ctx, newShipment, nowIso, refresh } from './decide-context.ts';
import { RULES, newEvaluation } from './rules/index.ts';

/** The result of a decision: the new case state, the effects to execute, and the reasons behind every change. */
export interface Decision {
  case: Case;
  effects: Effect[];
  reasons: Reason[];
}

type OpenInput = ReturnType<typeof OpenCaseInputSchema.parse>;

/** Opens a case from a refund-only application (the equivalent of a "refund-only applied" event). */
export function openCase(input: OpenCaseInput, now: Date, rules: Rules): Decision {
  const inp = OpenCaseInputSchema.parse(input);
  const at = nowIso(now);
  const c = newCase(inp, shipmentsOf(inp), at, rules);
  const ctx = new Ctx(c, at, rules);
  ctx.reason('CASE_OPENED');
  ctx.reason('DEADLINE_48H_INITIAL', undefined, c.deadline.dueComputed);
  evaluate(ctx, true);
  c.timeline.push({ at, event: 'CASE_OPENED', reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
}

/** The application's shipments; a RangeError on a duplicate waybill or an unknown SKU order. */
function shipmentsOf(inp: OpenInput): Shipment[] {
  const skus = new Map(inp.skuOrders.map((s) => [s.skuOrderId, s]));
  const seen = new Set<string>();
  return inp.shipments.map((s, i) => {
    if (seen.has(s.waybillNo)) throw new RangeError(`shipments[${i}].waybillNo: duplicate waybill ${s.waybillNo}`);
    seen.add(s.waybillNo);
    s.skuOrderIds.forEach((id, j) => {
      if (!skus.has(id)) throw new RangeError(`shipments[${i}].skuOrderIds[${j}]: unknown SKU order ${id}`);
    });
    return newShipment(s, skus);
  });
}

/** A case as it starts: OPEN, eligibility UNKNOWN, the initial 48 h deadline, nothing issued yet. */
function newCase(inp: OpenInput, shipments: Shipment[], at: string, rules: Rules): Case {
  const appliedAt = toIso(toMs(inp.appliedAt));
  return {
    id: inp.caseId,
    mode: inp.mode,
    merchantId: inp.merchantId,
    merchantType: inp.merchantType,
    afterSaleId: inp.afterSaleId,
    orderId: inp.orderId,
    appliedAt,
    refundAmountFen: inp.refundAmountFen,
    reason: inp.reason,
    ...(inp.reasonText !== undefined ? { reasonText: inp.reasonText } : {}),
    categoryId: inp.categoryId,
    ...(inp.trustedBuyer && inp.mode === 'generic' ? { trustedBuyer: true } : {}),
    skuOrders: inp.skuOrders.map((s) => ({ ...s })),
    status: 'OPEN',
    agreement: {},
    eligibility: {
      verdict: 'UNKNOWN',
      reasons: [],
      source: 'ESTIMATE',
      estimate: { verdict: 'UNKNOWN', reasons: [] },
      rulesVersion: rules.version,
      at,
    },
    shipments,
    interceptions: [],
    heldInterceptions: [],
    deadline: computeDeadline({ appliedAt, platformDeadlines: [] }, rules),
    experience: computeExperienceClock({ appliedAt }, at, rules),
    complaints: [],
    supportTasks: [],
    timers: [],
    money: {},
    issued: {},
    notes: {},
    platformDeadlines: [],
    rulesVersion: rules.version,
    timeline: [],
  };
}

// ---------------------------------------------------------------- the entry point

/**
 * Applies one event to a case under `rules` at `now`. Pure: the input case is not modified, time comes only
 * from `now`, and the same inputs always give the same output (idempotency keys included).
 * Throws a ZodError when the event is invalid.
 */
export function decide(current: Case, event: CaseEventInput, now: Date, rules: Rules): Decision {
  return decideInPlace(structuredClone(current), event, now, rules);
}

/**
 * decide() on a case the caller owns and gives up: `c` itself is changed and returned as the decision's
 * case, without the copy decide() makes. For a state just read from the store that nothing else holds.
 */
export function decideInPlace(c: Case, event: CaseEventInput, now: Date, rules: Rules): Decision {
  const ev = CaseEventSchema.parse(event);
  const ctx = new Ctx(c, nowIso(now), rules);
  // States stored before the issued record was split into money, dedupe and note keys.
  splitIssuedRecord(c);
  refresh(c);
  apply(ctx, ev);
  evaluate(ctx, false);
  c.rulesVersion = rules.version;
  c.timeline.push({ at: ctx.now, event: ev.type, reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
}

// ---------------------------------------------------------------- evaluation

/** Runs every rule of `RULES`, in its order, on the refreshed case, sharing one per-evaluation state. */
function evaluate(ctx: Ctx, opening: boolean): void {
  refresh(ctx.c);
  const state = newEvaluation(ctx, opening);
  for (const rule of RULES) rule.run(ctx, state);
}
