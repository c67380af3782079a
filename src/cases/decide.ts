// The pure decision core: decide(case, event, now, rules) → { case', effects, reasons }, holding every rule of DESIGN §2.
import { computeDeadline } from './deadlines.ts';
import { computeEligibility, sameEligibility } from './eligibility.ts';
import { CaseEventSchema, OpenCaseInputSchema } from './events.ts';
import type { CaseEventInput, OpenCaseInput } from './events.ts';
import { idempotencyKey } from './effects.ts';
import type { Effect } from './effects.ts';
import { computeExperienceClock } from './experience-clock.ts';
import { IN_FLIGHT_STATES, isReturnDirection } from './interception.ts';
import type { Reason, ReasonCode } from './reasons.ts';
import { returnOverdueHoursFor } from './rules-config.ts';
import type { Rules } from './rules-config.ts';
import type { Case, CaseStatus, Shipment, SupportTask, Timer } from './state.ts';
import { HOUR_MS, addHours, toIso, toMs } from './time.ts';
import { apply } from './apply/index.ts';
import { issueReject, issueRefund, openComplaint } from './decide-actions.ts';
import {
  Ctx,
  earliest,
  latestLeg,
  moneyOpen,
  newShipment,
  nowIso,
  openTask,
  refresh,
  relevantShipments,
  successfulInterception,
} from './decide-context.ts';

/** The result of a decision: the new case state, the effects to execute, and the reasons behind every change. */
export interface Decision {
  case: Case;
  effects: Effect[];
  reasons: Reason[];
}

/** Opens a case from a refund-only application (the equivalent of a "refund-only applied" event). */
export function openCase(input: OpenCaseInput, now: Date, rules: Rules): Decision {
  const inp = OpenCaseInputSchema.parse(input);
  const at = nowIso(now);
  const skus = new Map(inp.skuOrders.map((s) => [s.skuOrderId, s]));
  const seen = new Set<string>();
  const shipments: Shipment[] = inp.shipments.map((s, i) => {
    if (seen.has(s.waybillNo)) throw new RangeError(`shipments[${i}].waybillNo: duplicate waybill ${s.waybillNo}`);
    seen.add(s.waybillNo);
    s.skuOrderIds.forEach((id, j) => {
      if (!skus.has(id)) throw new RangeError(`shipments[${i}].skuOrderIds[${j}]: unknown SKU order ${id}`);
    });
    return newShipment(s, skus);
  });
  const appliedAt = toIso(toMs(inp.appliedAt));
  const c: Case = {
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
    issued: {},
    platformDeadlines: [],
    rulesVersion: rules.version,
    timeline: [],
  };
  const ctx = new Ctx(c, at, rules);
  ctx.reason('CASE_OPENED');
  ctx.reason('DEADLINE_48H_INITIAL', undefined, c.deadline.dueComputed);
  evaluate(ctx, true);
  c.timeline.push({ at, event: 'CASE_OPENED', reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
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
  refresh(c);
  apply(ctx, ev);
  evaluate(ctx, false);
  c.rulesVersion = rules.version;
  c.timeline.push({ at: ctx.now, event: ev.type, reasons: [...ctx.reasons], rulesVersion: rules.version });
  return { case: c, effects: ctx.effects, reasons: ctx.reasons };
}

/** Why a parcel counts as stopped or back, and since when; undefined while it is not. */
function stopOf(c: Case, s: Shipment, now: string): { at: string; reason: ReasonCode } | undefined {
  const v = s.view;
  if (v.deliveredAt !== undefined && v.returnedAt === undefined) return undefined;
  const cands: { at: string; reason: ReasonCode }[] = [];
  if (v.returnedAt !== undefined) cands.push({ at: v.returnedAt, reason: 'REFUND_ON_RETURN_RECEIVED' });
  for (const ix of c.interceptions) {
    if (ix.shipmentId === s.id && ix.succeededAt !== undefined && ix.breachedAt === undefined)
      cands.push({ at: ix.succeededAt, reason: 'REFUND_ON_INTERCEPT_SUCCESS' });
  }
  // A trusted buyer (generic mode) is refunded on the refusal itself (DESIGN §2.1 policy).
  if (v.refusedAt !== undefined && c.trustedBuyer === true && c.mode === 'generic')
    cands.push({ at: v.refusedAt, reason: 'REFUND_TRUSTED_BUYER' });
  if (v.refusedAt !== undefined) {
    const from = toMs(v.refusedAt);
    const scan = s.events.find((e) => toMs(e.at) >= from && isReturnDirection(e, s.legs));
    if (scan !== undefined) cands.push({ at: scan.at, reason: 'REFUND_ON_REJECTION_RETURN_SCAN' });
  }
  if (v.logistics === 'NOT_COLLECTED') cands.push({ at: s.lastTrackedAt ?? now, reason: 'REFUND_NOT_COLLECTED' });
  cands.sort((a, b) => toMs(a.at) - toMs(b.at));
  return cands[0];
}

function refundRule(ctx: Ctx): void {
  const { c, rules, now } = ctx;
  if (!moneyOpen(c)) {
    delete c.refundPending;
    return;
  }
  if (c.mode === 'douyin') {
    const platformIx = c.interceptions.find((ix) => ix.channel === 'PLATFORM_SERVICE' && ix.state !== 'REJECTED');
    if (platformIx !== undefined) {
      delete c.refundPending;
      if (ctx.once(`note:left-to-platform:${platformIx.id}`)) ctx.reason('REFUND_LEFT_TO_PLATFORM', platformIx.id);
      return;
    }
  }
  const relevant = relevantShipments(c);
  const stops = relevant.map((s) => ({ s, stop: stopOf(c, s, now) }));
  const missing = stops.filter((x) => x.stop === undefined);
  if (relevant.length === 0 || missing.length > 0) {
    if (c.refundPending !== undefined) {
      ctx.reason('REFUND_HELD', undefined, missing.map((x) => x.s.id).join(','));
      delete c.refundPending;
    }
    if (missing.length < stops.length && ctx.once(`note:waiting:${missing.map((x) => x.s.id).join(',')}`)) {
      ctx.reason('REFUND_WAITING_OTHER_PARCELS', undefined, missing.map((x) => x.s.id).join(','));
    }
    return;
  }
  const last = stops
    .map((x) => x.stop)
    .filter((x) => x !== undefined)
    .sort((a, b) => toMs(b.at) - toMs(a.at))[0];
  if (last === undefined) return;
  if (c.refundPending === undefined) {
    c.refundPending = { since: now, reason: last.reason };
    ctx.reason('REFUND_RECHECK_TRACKING', undefined, last.reason);
  }
  // The merchant holding the goods needs no re-check; otherwise a tracking answer at or after that parcel's own
  // evidence. A parcel that stopped on tracking (a return scan) is already re-checked by that answer, so a
  // multi-parcel order is refunded as soon as its last parcel stops, as one parcel would be.
  const stopAt = new Map(stops.map((x) => [x.s.id, toMs(x.stop?.at ?? c.refundPending?.since ?? now)]));
  const stale = relevant
    .filter(
      (s) =>
        s.returnRecord?.outcome !== 'RECEIVED' &&
        (s.lastTrackedAt === undefined || toMs(s.lastTrackedAt) < (stopAt.get(s.id) ?? toMs(now))),
    )
    // A trusted buyer (generic mode) needs no re-check.
    .filter(() => !(c.trustedBuyer === true && c.mode === 'generic'));
  const noLaterThan = toMs(c.deadline.due) - Math.round(rules.refundMarginHours * HOUR_MS);
  if (stale.length === 0 || toMs(now) >= noLaterThan) {
    issueRefund(ctx, last.reason);
    return;
  }
  for (const s of stale) {
    const leg = latestLeg(s);
    ctx.issue(`recheck:${leg.waybillNo}:${c.refundPending.since}`, {
      type: 'TRACK_SHIPMENT',
      shipmentId: s.id,
      waybillNo: leg.waybillNo,
      carrierId: leg.carrierId,
      purpose: 'RECHECK_BEFORE_REFUND',
    });
  }
}

// ---------------------------------------------------------------- evaluation

function evaluate(ctx: Ctx, opening: boolean): void {
  const { c, rules, now } = ctx;
  refresh(c);
  const cancelled = c.closed?.cause === 'BUYER_CANCELLED';

  // Interception outcomes and new legs, each said once.
  for (const ix of c.interceptions) {
    if (ix.state === 'REJECTED' && ctx.once(`note:${ix.id}:rejected`)) ctx.reason('INTERCEPT_REFUSED', ix.id, ix.reply?.refusal);
    if (ix.acceptedAt !== undefined && ctx.once(`note:${ix.id}:accepted`)) ctx.reason('INTERCEPT_ACCEPTED', ix.id);
    if (ix.succeededAt !== undefined && ctx.once(`note:${ix.id}:succeeded`))
      ctx.reason('INTERCEPT_SUCCEEDED', ix.id, `${ix.succeededBy ?? ''} ${ix.succeededAt}`);
    if (ix.failedAt !== undefined && ctx.once(`note:${ix.id}:failed`)) ctx.reason('INTERCEPT_FAILED', ix.id, ix.failedAt);
    if (ix.cancelledAt !== undefined && ctx.once(`note:${ix.id}:cancelled`)) ctx.reason('INTERCEPT_CANCELLED', ix.id);
  }
  for (const s of c.shipments) {
    for (const leg of s.legs) {
      if (leg.index > 0 && ctx.once(`note:leg:${leg.waybillNo}`))
        ctx.reason('RETURN_NEW_LEG', s.id, `${leg.waybillNo}${leg.inferred ? ' (inferred)' : ''}`);
    }
  }

  // Eligibility (§2.2): recorded with the rules version; every change is a reason.
  const elig = computeEligibility(c, rules, now);
  if (opening || !sameEligibility(elig, c.eligibility)) {
    c.eligibility = elig;
    if (elig.verdict !== 'ELIGIBLE') for (const r of elig.reasons) ctx.reasons.push({ ...r });
  }

  // Agreement (§2.1): generic mode decides itself; douyin mode only observes, or agrees itself where enabled.
  if (c.agreement.agreedAt === undefined && c.agreement.declinedAt === undefined && moneyOpen(c)) {
    if (c.mode === 'generic' && c.eligibility.verdict === 'ELIGIBLE') {
      if (
        ctx.issue('money:agree-refuse-sign', {
          type: 'AGREE_REFUSE_SIGN',
          action: 'agree-refuse-sign',
          idempotencyKey: idempotencyKey(c.id, 'agree-refuse-sign', c.afterSaleId),
          afterSaleId: c.afterSaleId,
          via: 'WEBHOOK',
          reason: 'REFUSE_SIGN_AGREED',
        })
      ) {
        c.agreement.agreedAt = now;
        c.agreement.by = 'LANJIE';
        c.eligibility = computeEligibility(c, rules, now);
        ctx.reason('REFUSE_SIGN_AGREED');
      }
    }
    if (
      c.mode === 'douyin' &&
      rules.douyinAgreeRefuseSignOurselves &&
      c.eligibility.estimate.verdict === 'ELIGIBLE' &&
      toMs(now) >= toMs(addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours))
    ) {
      if (
        ctx.issue('money:agree-refuse-sign', {
          type: 'AGREE_REFUSE_SIGN',
          action: 'agree-refuse-sign',
          idempotencyKey: idempotencyKey(c.id, 'agree-refuse-sign', c.afterSaleId),
          afterSaleId: c.afterSaleId,
          via: 'PLATFORM_API',
          reason: 'REFUSE_SIGN_SELF_AGREE',
        })
      )
        ctx.reason('REFUSE_SIGN_SELF_AGREE');
    }
  }

  // Deadline (§2.3) and experience clock (§2.4), from sticky facts.
  const relevant = relevantShipments(c);
  const trigger = earliest([
    ...relevant.flatMap((s) => [s.view.refusedAt, s.view.deliveredAt]),
    ...c.interceptions.filter((ix) => relevant.some((s) => s.id === ix.shipmentId)).map((ix) => ix.succeededAt),
    c.deadline.triggerAt,
  ]);
  const prevDeadline = c.deadline;
  const facts = {
    appliedAt: c.appliedAt,
    platformDeadlines: c.platformDeadlines,
    ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
    ...(trigger !== undefined ? { triggerAt: trigger } : {}),
  };
  c.deadline = computeDeadline(facts, rules, prevDeadline);
  const oldChanges = new Set(prevDeadline.history.map((h) => JSON.stringify(h)));
  for (const h of c.deadline.history) if (!oldChanges.has(JSON.stringify(h))) ctx.reason(h.reason, h.field, h.due);

  const exceptionAt = earliest([...relevant.map((s) => s.view.exceptionAt), ...c.interceptions.map((ix) => ix.failedAt)]);
  const endAt = earliest([c.refundedAt, c.closed?.at]);
  const prevClock = c.experience;
  c.experience = computeExperienceClock(
    {
      appliedAt: c.appliedAt,
      ...(c.agreement.agreedAt !== undefined ? { agreedAt: c.agreement.agreedAt } : {}),
      ...(trigger !== undefined ? { resumeAt: trigger } : {}),
      ...(exceptionAt !== undefined ? { exceptionAt } : {}),
      ...(endAt !== undefined ? { endAt } : {}),
    },
    now,
    rules,
  );
  if (c.experience.agreedAt !== undefined && prevClock.agreedAt === undefined && c.experience.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_PAUSED', undefined, c.experience.agreedAt);
  if (c.experience.resumedAt !== undefined && prevClock.resumedAt !== c.experience.resumedAt)
    ctx.reason('EXPERIENCE_CLOCK_RESUMED', undefined, c.experience.resumedAt);
  if (c.experience.keptPaused && !prevClock.keptPaused) ctx.reason('EXPERIENCE_CLOCK_KEPT_PAUSED', undefined, exceptionAt);
  if (c.experience.endAt !== undefined && prevClock.endAt === undefined)
    ctx.reason('EXPERIENCE_CLOCK_STOPPED', undefined, `${c.experience.countedMs} ms`);

  // Follow every leg of every shipment until it is terminal.
  if (!cancelled) {
    for (const s of c.shipments) {
      for (const leg of s.legs)
        ctx.issue(`track:${leg.waybillNo}`, {
          type: 'TRACK_SHIPMENT',
          shipmentId: s.id,
          waybillNo: leg.waybillNo,
          carrierId: leg.carrierId,
          purpose: 'FOLLOW',
        });
    }
  }

  // Not collected (§2.5): no interception; ask the merchant to cancel the handover. The refund follows below.
  if (moneyOpen(c)) {
    for (const s of relevant) {
      if (s.view.logistics !== 'NOT_COLLECTED') continue;
      if (c.mode === 'generic') {
        const key = idempotencyKey(c.id, 'cancel-handover', s.id);
        if (
          ctx.issue(`webhook:${key}`, {
            type: 'NOTIFY_WEBHOOK',
            idempotencyKey: key,
            topic: 'CANCEL_HANDOVER',
            reason: 'NOT_COLLECTED_CANCEL_HANDOVER',
            target: s.id,
          })
        )
          ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'WEBHOOK');
      } else if (!Object.hasOwn(c.issued, `${c.id}:task:NOT_COLLECTED_CANCEL_HANDOVER:${s.id}`)) {
        openTask(ctx, 'NOT_COLLECTED_CANCEL_HANDOVER', s.id, `cancel the handover of ${s.id}`);
        ctx.reason('NOT_COLLECTED_CANCEL_HANDOVER', s.id, 'SUPPORT_TASK');
      }
    }
  }

  // Buyer cancelled mid-interception: cancel what is in flight.
  if (cancelled) {
    for (const ix of c.interceptions) {
      if (!IN_FLIGHT_STATES.has(ix.state) || ix.cancelRequestedAt !== undefined) continue;
      ix.cancelRequestedAt = now;
      if (ix.channel === 'OFFLINE') {
        openTask(ctx, 'INTERCEPT_CANCEL_ON_BUYER_CANCEL', ix.id, 'cancel the offline interception with the courier');
      } else {
        ctx.issue(`cancel-intercept:${ix.id}`, {
          type: 'CANCEL_INTERCEPTION',
          interceptionId: ix.id,
          interceptIdempotencyKey: ix.idempotencyKey,
          waybillNo: ix.waybillNo,
          carrierId: ix.carrierId,
          route: ix.route,
          channel: ix.channel,
          reason: 'INTERCEPT_CANCEL_ON_BUYER_CANCEL',
        });
      }
      ctx.reason('INTERCEPT_CANCEL_ON_BUYER_CANCEL', ix.id);
    }
  }

  // Goods not returned (§2.6): breach, return overdue on the latest leg, return signed by someone else.
  const overdueTimers: Timer[] = [];
  if (!cancelled) {
    for (const s of c.shipments) {
      const breached = c.interceptions.find((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined);
      if (breached !== undefined && s.view.returnedAt === undefined) openComplaint(ctx, s, 'INTERCEPT_BREACHED', breached);
      if (s.returnRecord?.outcome === 'SIGNED_BY_OTHER') openComplaint(ctx, s, 'RETURN_SIGNED_BY_OTHER', successfulInterception(c, s));
      if (s.view.returnedAt !== undefined || breached !== undefined) continue;
      const okIx = successfulInterception(c, s);
      const refusalScan =
        s.view.refusedAt !== undefined
          ? s.events.find((e) => toMs(e.at) >= toMs(s.view.refusedAt ?? e.at) && isReturnDirection(e, s.legs))?.at
          : undefined;
      const returnStart = earliest([okIx?.succeededAt, refusalScan]);
      if (returnStart === undefined) continue;
      const leg = latestLeg(s);
      const legStart = leg.startedAt !== undefined && toMs(leg.startedAt) > toMs(returnStart) ? leg.startedAt : returnStart;
      const overdueAt = addHours(legStart, returnOverdueHoursFor(rules, leg.carrierId));
      if (toMs(now) >= toMs(overdueAt)) openComplaint(ctx, s, 'RETURN_OVERDUE', okIx);
      else overdueTimers.push({ id: `${c.id}:timer:RETURN_OVERDUE:${s.id}`, kind: 'RETURN_OVERDUE', at: overdueAt, target: s.id });
    }
  }

  // Buyer signed after the agreement (seed 3.5): reject (when enabled) or a support task. Only DELIVERED counts.
  if (moneyOpen(c) && c.agreement.agreedAt !== undefined) {
    const agreedMs = toMs(c.agreement.agreedAt);
    const signed = relevant.filter(
      (s) =>
        s.view.deliveredAt !== undefined &&
        s.view.returnedAt === undefined &&
        toMs(s.view.deliveredAt) >= agreedMs &&
        !c.interceptions.some((ix) => ix.shipmentId === s.id && ix.breachedAt !== undefined),
    );
    if (signed.length > 0) {
      if (rules.autoRejectAfterSigned && signed.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
      else
        openTask(
          ctx,
          'REJECT_AFTER_SIGNED',
          signed.map((s) => s.id).join(','),
          'buyer signed after the agreement: consider rejecting refund-only and advising return-and-refund',
        );
    }
  }

  deliveredBeforeInterception(ctx, relevant);

  // Refund (§2.6) when every parcel carrying refunded goods is stopped or back.
  refundRule(ctx);

  // Deadline at risk and timeout (§2.3).
  const dueMs = toMs(c.deadline.due);
  if (moneyOpen(c)) {
    const atRiskMs = dueMs - Math.round(rules.atRiskMarginHours * HOUR_MS);
    if (toMs(now) >= atRiskMs && toMs(now) < dueMs && c.refundPending === undefined) {
      openTask(ctx, 'DEADLINE_AT_RISK', undefined, `due ${c.deadline.due}`, c.deadline.due);
    }
    if (toMs(now) >= dueMs && c.deadline.timedOutAt !== c.deadline.due) {
      c.deadline.timedOutAt = c.deadline.due;
      ctx.reason('PLATFORM_TIMEOUT', undefined, c.deadline.due);
      if (c.mode === 'douyin')
        ctx.issue(`timeout:${c.deadline.due}`, { type: 'FETCH_AFTER_SALE', afterSaleId: c.afterSaleId, reason: 'PLATFORM_TIMEOUT' });
      else {
        const key = idempotencyKey(c.id, 'timeout', c.deadline.due);
        ctx.issue(`timeout:${c.deadline.due}`, {
          type: 'NOTIFY_WEBHOOK',
          idempotencyKey: key,
          topic: 'DEADLINE_TIMEOUT',
          reason: 'PLATFORM_TIMEOUT',
        });
      }
    }
  }

  c.status = statusOf(c);
  closeTasksWhoseCauseIsGone(ctx);
  reconcileTimers(ctx, overdueTimers);
}

/** Task kinds that only ask support to decide something about the money or the interception: moot once the case is final. */
const DECISION_TASKS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'DEADLINE_AT_RISK',
  'REJECT_AFTER_SIGNED',
  'DELIVERED_BEFORE_INTERCEPT',
  'INTERCEPT_NEEDS_CONFIRMATION',
]);

/** Why an open task no longer needs anyone, or undefined while it still does. */
function causeGone(c: Case, task: SupportTask): string | undefined {
  const complaint = c.complaints.find((x) => x.id === task.id);
  if (complaint !== undefined) return complaint.status === 'OPEN' ? undefined : `complaint ${complaint.status}`;
  if (task.kind === 'INTERCEPT_NEEDS_CONFIRMATION') {
    const s = c.shipments.find((x) => x.id === task.target);
    if (s?.view.deliveredAt !== undefined) return `parcel ${s.id} delivered`;
    if (s?.view.returnedAt !== undefined || s?.view.logistics === 'RETURNING') return `parcel ${s.id} on its way back`;
  }
  if (task.kind === 'DEADLINE_AT_RISK' && !moneyOpen(c)) return `money settled (${c.status})`;
  if (task.kind === 'CARRIER_CREDENTIALS_REJECTED') {
    const answered = c.shipments.some(
      (s) => s.carrierId === task.target && s.lastTrackedAt !== undefined && toMs(s.lastTrackedAt) > toMs(task.openedAt),
    );
    if (answered) return `${task.target} answered again`;
  }
  if (DECISION_TASKS.has(task.kind) && (c.status === 'REFUNDED' || c.status === 'CLOSED' || c.status === 'REJECTED'))
    return `case ${c.status}`;
  return undefined;
}

/** Closes the open tasks whose cause is gone, each with the reason in its outcome and in the timeline. */
function closeTasksWhoseCauseIsGone(ctx: Ctx): void {
  for (const task of ctx.c.supportTasks) {
    if (task.status !== 'OPEN') continue;
    const why = causeGone(ctx.c, task);
    if (why === undefined) continue;
    task.status = 'DONE';
    task.completedAt = ctx.now;
    task.outcome = `closed by lanjie: ${why}`;
    task.closedBy = 'lanjie';
    ctx.reason('SUPPORT_TASK_CLOSED_CAUSE_GONE', task.id, why);
  }
}

/**
 * Delivered to the buyer before any agreement or interception (DESIGN §2.5, seed 3.5): no interception is asked for
 * (`requestInterception` refuses a DELIVERED parcel); the merchant may reject refund-only and advise return-and-refund,
 * by rule when `autoRejectAfterSigned` is on and every parcel was delivered, otherwise as a support task.
 */
function deliveredBeforeInterception(ctx: Ctx, relevant: readonly Shipment[]): void {
  const { c, rules } = ctx;
  if (!moneyOpen(c) || relevant.length === 0) return;
  const agreedMs = c.agreement.agreedAt !== undefined ? toMs(c.agreement.agreedAt) : Number.POSITIVE_INFINITY;
  const delivered = relevant.filter(
    (s) =>
      s.view.deliveredAt !== undefined &&
      s.view.returnedAt === undefined &&
      toMs(s.view.deliveredAt) < agreedMs &&
      !c.interceptions.some((ix) => ix.shipmentId === s.id && (ix.succeededAt !== undefined || IN_FLIGHT_STATES.has(ix.state))),
  );
  if (delivered.length === 0) return;
  const ids = delivered.map((s) => s.id).join(',');
  if (ctx.once(`note:delivered-before-interception:${ids}`)) ctx.reason('DELIVERED_BEFORE_INTERCEPT', ids);
  if (rules.autoRejectAfterSigned && delivered.length === relevant.length && c.arbitration?.status !== 'OPENED') issueReject(ctx);
  else
    openTask(
      ctx,
      'DELIVERED_BEFORE_INTERCEPT',
      ids,
      'delivered to the buyer before any interception: consider rejecting refund-only and advising return-and-refund',
    );
}

function statusOf(c: Case): CaseStatus {
  if (c.closed !== undefined) return c.closed.cause === 'REFUNDED' ? 'REFUNDED' : 'CLOSED';
  if (c.refundedAt !== undefined) return 'REFUNDED';
  if (c.rejection !== undefined) return 'REJECTED';
  if (c.refund !== undefined) return 'REFUND_ISSUED';
  if (c.agreement.agreedAt !== undefined) return 'REFUSE_SIGN_AGREED';
  return 'OPEN';
}

/** Sets the timers the case needs now and cancels the ones it no longer needs (fired ones are dropped). */
function reconcileTimers(ctx: Ctx, overdue: Timer[]): void {
  const { c, rules, now } = ctx;
  const nowMs = toMs(now);
  const desired: Timer[] = [...overdue];
  const timer = (kind: Timer['kind'], at: string): void => {
    if (toMs(at) > nowMs) desired.push({ id: `${c.id}:timer:${kind}`, kind, at });
  };
  if (moneyOpen(c)) {
    timer('DEADLINE_AT_RISK', addHours(c.deadline.due, -rules.atRiskMarginHours));
    timer('DEADLINE_DUE', c.deadline.due);
    if (c.refundPending !== undefined) timer('REFUND_NO_LATER_THAN', addHours(c.deadline.due, -rules.refundMarginHours));
    if (
      c.mode === 'douyin' &&
      rules.douyinAgreeRefuseSignOurselves &&
      c.agreement.agreedAt === undefined &&
      c.agreement.declinedAt === undefined
    ) {
      timer('SELF_AGREE', addHours(c.appliedAt, rules.douyinSelfAgreeGraceHours));
    }
  }
  const wanted = desired.filter((t) => toMs(t.at) > nowMs);
  const next: Timer[] = [];
  for (const t of wanted) {
    const existing = c.timers.find((x) => x.id === t.id);
    if (existing === undefined || existing.at !== t.at) ctx.effects.push({ type: 'SET_TIMER', timer: t });
    next.push(t);
  }
  for (const old of c.timers) {
    if (!wanted.some((t) => t.id === old.id) && toMs(old.at) > nowMs) ctx.effects.push({ type: 'CANCEL_TIMER', timerId: old.id });
  }
  c.timers = next;
}
