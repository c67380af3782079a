// Rule: agree the refund once every parcel with refunded goods is stopped or back, after a fresh tracking re-check.
import { issueRefund } from '../decide-actions.ts';
import type { Ctx } from '../decide-context.ts';
import { latestLeg, moneyOpen } from '../decide-context.ts';
import { isReturnDirection } from '../interception.ts';
import type { ReasonCode } from '../reasons.ts';
import type { Case, Shipment } from '../state.ts';
import { HOUR_MS, toMs } from '../time.ts';
import type { EvalState } from './evaluation.ts';

/** Why a parcel counts as stopped or back, and since when. */
interface Stop {
  at: string;
  reason: ReasonCode;
}

/** Why a parcel counts as stopped or back, and since when; undefined while it is not. */
export function stopOf(c: Case, s: Shipment, now: string): Stop | undefined {
  const v = s.view;
  if (v.deliveredAt !== undefined && v.returnedAt === undefined) return undefined;
  const cands: Stop[] = [];
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

/**
 * Refund (DESIGN §2.6) when every parcel carrying refunded goods is stopped or back (`stopOf`): the refund is
 * pending until each parcel has a tracking answer at or after its own evidence (`RECHECK_BEFORE_REFUND`), and goes
 * no later than due − `refundMarginHours`. In douyin mode a `PLATFORM_SERVICE` interception leaves the refund to the
 * platform. Emits `REFUND_LEFT_TO_PLATFORM`, `REFUND_HELD`, `REFUND_WAITING_OTHER_PARCELS`, `REFUND_RECHECK_TRACKING`,
 * and on the refund its cause: `REFUND_ON_INTERCEPT_SUCCESS`, `REFUND_ON_REJECTION_RETURN_SCAN`, `REFUND_TRUSTED_BUYER`,
 * `REFUND_NOT_COLLECTED`, `REFUND_ON_RETURN_RECEIVED`.
 *
 * Example: generic mode, agreed; the buyer refused 06-02 09:00 and the tracking answer at 12:05 shows a return scan
 * at 12:00 → pending since 12:05, `REFUND_RECHECK_TRACKING`, then at once an `AGREE_REFUND` with
 * `REFUND_ON_REJECTION_RETURN_SCAN` (that answer is the re-check). A HUB success callback with no tracking answer
 * since → a `TRACK_SHIPMENT RECHECK_BEFORE_REFUND` first, the refund on the answer.
 */
export function refundRule(ctx: Ctx, state: EvalState): void {
  const { c, now } = ctx;
  if (!moneyOpen(c)) {
    delete c.refundPending;
    return;
  }
  if (leftToPlatform(ctx)) return;
  const { relevant } = state;
  const stops = relevant.map((s) => ({ s, stop: stopOf(c, s, now) }));
  const missing = stops.filter((x) => x.stop === undefined);
  if (relevant.length === 0 || missing.length > 0) {
    holdOrWait(ctx, stops.length, missing.map((x) => x.s.id).join(','), missing.length);
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
  recheckOrRefund(ctx, relevant, new Map(stops.map((x) => [x.s.id, x.stop])), last.reason);
}

/** Douyin mode after a PLATFORM_SERVICE interception that was not refused: the platform refunds, lanjie never does. */
function leftToPlatform(ctx: Ctx): boolean {
  const { c } = ctx;
  if (c.mode !== 'douyin') return false;
  const platformIx = c.interceptions.find((ix) => ix.channel === 'PLATFORM_SERVICE' && ix.state !== 'REJECTED');
  if (platformIx === undefined) return false;
  delete c.refundPending;
  if (ctx.once(`left-to-platform:${platformIx.id}`)) ctx.reason('REFUND_LEFT_TO_PLATFORM', platformIx.id);
  return true;
}

/** Some parcel is not stopped: a pending refund is held, and waiting for the other parcels is said once per set. */
function holdOrWait(ctx: Ctx, parcels: number, missingIds: string, missing: number): void {
  const { c } = ctx;
  if (c.refundPending !== undefined) {
    ctx.reason('REFUND_HELD', undefined, missingIds);
    delete c.refundPending;
  }
  if (missing < parcels && ctx.once(`waiting:${missingIds}`)) {
    ctx.reason('REFUND_WAITING_OTHER_PARCELS', undefined, missingIds);
  }
}

/** Every parcel stopped, a refund pending: refund now, or first re-check the parcels whose tracking is stale. */
function recheckOrRefund(ctx: Ctx, relevant: readonly Shipment[], stops: ReadonlyMap<string, Stop | undefined>, reason: ReasonCode): void {
  const { c, rules, now } = ctx;
  const since = c.refundPending?.since ?? now;
  // The merchant holding the goods needs no re-check; otherwise a tracking answer at or after that parcel's own
  // evidence. A parcel that stopped on tracking (a return scan) is already re-checked by that answer, so a
  // multi-parcel order is refunded as soon as its last parcel stops, as one parcel would be.
  const stopAt = new Map([...stops].map(([id, stop]) => [id, toMs(stop?.at ?? since)]));
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
    issueRefund(ctx, reason);
    return;
  }
  for (const s of stale) {
    const leg = latestLeg(s);
    ctx.issue(`recheck:${leg.waybillNo}:${since}`, {
      type: 'TRACK_SHIPMENT',
      shipmentId: s.id,
      waybillNo: leg.waybillNo,
      carrierId: leg.carrierId,
      purpose: 'RECHECK_BEFORE_REFUND',
    });
  }
}
