// The per-evaluation state the rules share: values computed once per decision and handed from one rule to the next.
import { relevantShipments } from '../decide-context.ts';
import type { Ctx } from '../decide-context.ts';
import type { Shipment, Timer } from '../state.ts';

/**
 * What one evaluation's rules share besides the case itself (DESIGN §2). Made fresh by {@link newEvaluation}
 * for every decision, never kept: a rule reads the fields earlier rules filled and fills its own.
 */
export interface EvalState {
  /** True when the case is being opened (eligibility is then recorded even when unchanged). */
  readonly opening: boolean;
  /** The buyer cancelled the after-sale: nothing is tracked or complained about, in-flight interceptions are cancelled. */
  readonly cancelled: boolean;
  /** The shipments that carry refunded goods (apply decides that; no rule changes it). */
  readonly relevant: readonly Shipment[];
  /** The earliest trigger of the 48 h deadline (refusal, delivery, interception success), set by the deadline rule. */
  trigger?: string;
  /** RETURN_OVERDUE timers still to come, set by the goods-not-returned rule, read by reconcile-timers. */
  readonly overdueTimers: Timer[];
}

/** One rule of the evaluation: a name (for the ordered list and its tests) and what it does. */
export interface Rule {
  readonly name: string;
  readonly run: (ctx: Ctx, state: EvalState) => void;
}

/** The shared state at the start of an evaluation, read from the refreshed case. */
export function newEvaluation(ctx: Ctx, opening: boolean): EvalState {
  const { c } = ctx;
  return {
    opening,
    cancelled: c.closed?.cause === 'BUYER_CANCELLED',
    relevant: relevantShipments(c),
    overdueTimers: [],
  };
}
