// The decision context shared by decide.ts, its apply handlers and its rules: the Ctx class, time and case queries, support tasks.
import type { AfterSaleVia, Effect } from './effects.ts';
import { projectInterception, projectLegs, projectShipment } from './interception.ts';
import type { Reason, ReasonCode } from './reasons.ts';
import type { Rules } from './rules-config.ts';
import type { Case, Interception, MoneyAction, Shipment } from './state.ts';
import { minIso, toIso } from './time.ts';

/** Decision context: the case being changed and what the decision says. */
export class Ctx {
  readonly effects: Effect[] = [];
  readonly reasons: Reason[] = [];
  constructor(
    readonly c: Case,
    readonly now: string,
    readonly rules: Rules,
  ) {}

  /** Records a reason of the decision (target and detail only when given). */
  reason(code: ReasonCode, target?: string, detail?: string): void {
    const r: Reason = { code };
    if (target !== undefined) r.target = target;
    if (detail !== undefined) r.detail = detail;
    this.reasons.push(r);
  }

  /** True the first time the note `key` is seen for this case (then remembered across decisions): a reason said once. */
  once(key: string): boolean {
    if (Object.hasOwn(this.c.notes, key)) return false;
    this.c.notes[key] = this.now;
    return true;
  }

  /** Emits `effect` unless an effect with the dedupe `key` was already issued for this case. */
  issue(key: string, effect: Effect): boolean {
    if (Object.hasOwn(this.c.issued, key)) return false;
    this.c.issued[key] = this.now;
    this.effects.push(effect);
    return true;
  }

  /** Emits the money call `effect` unless `action` was already issued for this case (each money action at most once). */
  issueMoney(action: MoneyAction, effect: Effect): boolean {
    if (this.c.money[action] !== undefined) return false;
    this.c.money[action] = this.now;
    this.effects.push(effect);
    return true;
  }

  /** How the case's money actions reach the platform: the Douyin API, or the merchant's webhook. */
  get via(): AfterSaleVia {
    return this.c.mode === 'douyin' ? 'PLATFORM_API' : 'WEBHOOK';
  }
}

/** `now` as an ISO UTC string; a RangeError when it is not a valid instant. */
export function nowIso(now: Date): string {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new RangeError('decide: `now` is not a valid instant');
  return toIso(ms);
}

/** The earliest of the given instants (undefined ones ignored), or undefined when there is none. */
export function earliest(times: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const t of times) best = minIso(best, t);
  return best;
}

/** Whether the after-sale can still be refunded, agreed or rejected by lanjie. */
export function moneyOpen(c: Case): boolean {
  return c.closed === undefined && c.refundedAt === undefined && c.refund === undefined && c.rejection === undefined;
}

/** The shipments that carry refunded goods: the ones the refund waits for. */
export function relevantShipments(c: Case): Shipment[] {
  return c.shipments.filter((s) => s.carriesRefunded);
}

/** The shipment one of whose legs is `waybillNo`, if any. */
export function shipmentOfWaybill(c: Case, waybillNo: string): Shipment | undefined {
  return c.shipments.find((s) => s.legs.some((l) => l.waybillNo === waybillNo));
}

/** The latest leg of a shipment (its first waybill when it has no legs yet). */
export function latestLeg(s: Shipment): { waybillNo: string; carrierId: string; startedAt?: string } {
  return s.legs[s.legs.length - 1] ?? { waybillNo: s.id, carrierId: s.carrierId };
}

/** The interception that stopped a parcel (the latest one that succeeded), if any. */
export function successfulInterception(c: Case, s: Shipment): Interception | undefined {
  return c.interceptions.filter((ix) => ix.shipmentId === s.id && ix.succeededAt !== undefined).at(-1);
}

/** Recomputes legs, shipment views and interception states from all facts. */
export function refresh(c: Case): void {
  for (const s of c.shipments) {
    s.legs = projectLegs(s);
    const refusedNotCollected = c.interceptions.some(
      (ix) => ix.shipmentId === s.id && ix.reply?.state === 'REJECTED' && ix.reply.refusal === 'NOT_COLLECTED',
    );
    s.view = projectShipment(s, refusedNotCollected);
  }
  for (const ix of c.interceptions) {
    const s = c.shipments.find((x) => x.id === ix.shipmentId);
    if (s !== undefined) projectInterception(ix, s);
  }
}

/**
 * Opens a support task of `kind` (at most once: its id is `<caseId>:task:<kind>:<target or "case">[:<suffix>]`),
 * with an OPEN_SUPPORT_TASK effect and the task on the case.
 */
export function openTask(ctx: Ctx, kind: ReasonCode, target?: string, detail?: string, suffix?: string): void {
  const id = [ctx.c.id, 'task', kind, target ?? 'case', ...(suffix !== undefined ? [suffix] : [])].join(':');
  const effect: Effect = { type: 'OPEN_SUPPORT_TASK', taskId: id, kind };
  if (target !== undefined) effect.target = target;
  if (detail !== undefined) effect.detail = detail;
  if (ctx.issue(id, effect)) {
    const task: Case['supportTasks'][number] = { id, kind, status: 'OPEN', openedAt: ctx.now };
    if (target !== undefined) task.target = target;
    ctx.c.supportTasks.push(task);
  }
}

/** A shipment as it starts: one leg, no events yet, what it carries from the case's SKU orders. */
export function newShipment(
  s: { waybillNo: string; carrierId: string; skuOrderIds: readonly string[] },
  skus: ReadonlyMap<string, { amountFen: number; refunded: boolean }>,
): Shipment {
  const carried = s.skuOrderIds.map((id) => skus.get(id)).filter((x) => x !== undefined);
  return {
    id: s.waybillNo,
    carrierId: s.carrierId,
    skuOrderIds: [...s.skuOrderIds],
    carriesRefunded: carried.some((k) => k.refunded),
    carriesOther: carried.some((k) => !k.refunded),
    refundedValueFen: carried.filter((k) => k.refunded).reduce((sum, k) => sum + k.amountFen, 0),
    trackingKnown: false,
    events: [],
    legs: [{ index: 0, waybillNo: s.waybillNo, carrierId: s.carrierId }],
    view: { logistics: 'UNKNOWN' },
  };
}
