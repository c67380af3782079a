// Eligibility for automatic refund-after-rejection (DESIGN §2.2): every failing reason, verdict ELIGIBLE / INELIGIBLE / UNKNOWN.
import { QUALIFYING_BUYER_REASON, normaliseBuyerReason } from './buyer-reasons.ts';
import type { Reason, ReasonCode } from './reasons.ts';
import type { Rules } from './rules-config.ts';
import type { Case, Eligibility, LogisticsState } from './state.ts';

/** The buyer reason that qualifies: 未收到货. */
export const REASON_NOT_RECEIVED_VALUE = QUALIFYING_BUYER_REASON;

const LOGISTICS_REASON: Partial<Record<LogisticsState, ReasonCode>> = {
  NOT_COLLECTED: 'LOGISTICS_NOT_COLLECTED',
  DELIVERED: 'LOGISTICS_DELIVERED',
  AT_PICKUP_POINT: 'LOGISTICS_AT_PICKUP_POINT',
  EXCEPTION: 'LOGISTICS_EXCEPTION',
  RETURNING: 'LOGISTICS_RETURNING',
  RETURNED: 'LOGISTICS_RETURNING',
};

/** lanjie's own estimate, from the case facts and the rules. Shipments' views must be projected first. */
export function estimateEligibility(c: Case, rules: Rules): { verdict: Eligibility['verdict']; reasons: Reason[] } {
  const reasons: Reason[] = [];
  if (!rules.eligibleMerchantTypes.includes(c.merchantType)) reasons.push({ code: 'MERCHANT_TYPE_NOT_ELIGIBLE', detail: c.merchantType });
  if (!(c.refundAmountFen < rules.amountLimitFen))
    reasons.push({ code: 'AMOUNT_LIMIT', detail: `${c.refundAmountFen} fen ≥ ${rules.amountLimitFen} fen` });
  // A case opened before the reason enum may hold the raw words (未收到货): they count as what they stand for.
  if ((normaliseBuyerReason(c.reason) ?? c.reason) !== REASON_NOT_RECEIVED_VALUE)
    reasons.push({ code: 'REASON_NOT_RECEIVED', detail: c.reasonText ? `${c.reason} (${c.reasonText})` : c.reason });
  let unknown = false;
  for (const s of c.shipments.filter((x) => x.carriesRefunded)) {
    if (s.view.logistics === 'UNKNOWN') unknown = true;
    const code = LOGISTICS_REASON[s.view.logistics];
    if (code !== undefined) reasons.push({ code, target: s.id });
    if (!rules.eligibleCarrierIds.includes(s.carrierId)) reasons.push({ code: 'CARRIER_NOT_ELIGIBLE', target: s.id, detail: s.carrierId });
  }
  if (rules.excludedCategories.includes(c.categoryId)) reasons.push({ code: 'CATEGORY_NOT_ELIGIBLE', detail: c.categoryId });
  const verdict = reasons.length > 0 ? 'INELIGIBLE' : unknown ? 'UNKNOWN' : 'ELIGIBLE';
  if (unknown) reasons.push({ code: 'LOGISTICS_UNKNOWN' });
  return { verdict, reasons };
}

/**
 * The verdict: in douyin mode the platform's stated verdict wins (agreed → ELIGIBLE, declined → INELIGIBLE);
 * an agreement lanjie made itself (generic mode) freezes the verdict at ELIGIBLE; otherwise the estimate.
 */
export function computeEligibility(c: Case, rules: Rules, now: string): Eligibility {
  const estimate = estimateEligibility(c, rules);
  const base = { estimate, rulesVersion: rules.version, at: now };
  if (c.agreement.agreedAt !== undefined) {
    return { verdict: 'ELIGIBLE', reasons: [], source: c.agreement.by === 'LANJIE' ? 'ESTIMATE' : 'PLATFORM', ...base };
  }
  if (c.agreement.declinedAt !== undefined) {
    const known = estimate.reasons.filter((r) => r.code !== 'LOGISTICS_UNKNOWN');
    const reasons: Reason[] = known.length > 0 ? known : [{ code: 'PLATFORM_DECLINED', detail: c.agreement.declinedReason ?? '' }];
    return { verdict: 'INELIGIBLE', reasons, source: 'PLATFORM', ...base };
  }
  return { verdict: estimate.verdict, reasons: estimate.reasons, source: 'ESTIMATE', ...base };
}

/** Whether two eligibility records say the same thing (verdict, source and reasons), ignoring time. */
export function sameEligibility(a: Eligibility, b: Eligibility): boolean {
  const key = (e: Eligibility): string => JSON.stringify([e.verdict, e.source, e.reasons, e.estimate, e.rulesVersion]);
  return key(a) === key(b);
}
