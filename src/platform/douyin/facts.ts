// What an after-sale detail says, as case events with stable fingerprints (push, reconciliation and handlers agree), and the case it opens.
import type { CaseEventInput } from '../../cases/index.ts';
import type { OpenCaseRequest } from '../../coordinator/index.ts';
import type { TrackingEvent } from '../../carrier/model.ts';
import type { MerchantConfig } from '../../merchants/merchant-config.ts';
import { carrierIdOfCompany } from '../../../carriers/douyin/mapping.ts';
import { normaliseBuyerReason, type BuyerReasonCode } from '../../cases/buyer-reasons.ts';
import type { AfterSaleDetail, OrderParcel } from './schemas.ts';

/** A case event with the fingerprint that makes it apply once, whoever reports it. */
export interface Fact {
  fingerprint: string;
  event: CaseEventInput;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Statuses of a rejected after-sale (27 商家一次拒绝, 29 商家二次拒绝). */
export const REJECTED_STATUSES: ReadonlySet<number> = new Set([27, 29]);
/** Statuses in which the merchant can still operate (6 待商家同意). */
export const OPERABLE_STATUSES: ReadonlySet<number> = new Set([6]);
/** Arbitration statuses of an arbitration in progress (1 仲裁中, 4 待商家举证, 5 协商期); others with a value end it. */
const ARBITRATION_OPEN: ReadonlySet<number> = new Set([1, 4, 5]);

/**
 * Forward-parcel states (order_logistics_state, our reading for `logistics_state`) → a tracking event the case can use
 * (I: the enum of the parcel field is not published; the list filter's enum is).
 */
export const PARCEL_STATE_EVENTS: Readonly<Record<number, { kind: TrackingEvent['kind']; description: string }>> = {
  1: { kind: 'REJECTED', description: '平台: 买家已拒签' },
  2: { kind: 'DELIVERED', description: '平台: 买家已签收' },
  3: { kind: 'RETURNING', description: '平台: 快递退回中(含拦截成功)' },
  4: { kind: 'RETURNED', description: '平台: 商家已签收退回件' },
};

/** Why an after-sale closed (I: read from the refund state and who acted last; the close reason is not a field). */
export function closeCause(detail: AfterSaleDetail): 'BUYER_CANCELLED' | 'REJECTED' | 'REFUNDED' | 'OTHER' {
  const info = detail.process_info.after_sale_info;
  if (info.refund_status === 3) return 'REFUNDED';
  if (REJECTED_STATUSES.has(info.after_sale_status)) return 'REJECTED';
  const last = detail.process_info.record_logs_list?.at(-1);
  if (last?.role === 1) return 'BUYER_CANCELLED';
  return 'OTHER';
}

/**
 * A case reason from the platform's words: a phrase of the buyer-reason table (未收到货 is NOT_RECEIVED), or a text
 * containing 未收到货, or else OTHER; the platform's own words are kept beside it by {@link caseReasonText}.
 */
export function caseReason(text: string): BuyerReasonCode {
  return normaliseBuyerReason(text) ?? (text.includes('未收到货') ? 'NOT_RECEIVED' : 'OTHER');
}

/** The platform's words for the reason, to keep on the case: undefined when empty. */
export function caseReasonText(text: string): { reasonText: string } | Record<string, never> {
  const trimmed = text.trim();
  return trimmed === '' ? {} : { reasonText: trimmed };
}

/** Tracking events the platform's parcel states imply, per waybill (never for state 0). */
export function parcelFacts(
  afterSaleId: string,
  parcels: readonly OrderParcel[],
  overrides: Readonly<Record<string, string>> = {},
): Fact[] {
  const out: Fact[] = [];
  for (const p of parcels) {
    const row = PARCEL_STATE_EVENTS[p.logistics_state];
    if (!row || p.logistics_time <= 0) continue;
    const carrierId = carrierIdOfCompany(p.company_code, overrides) ?? otherCarrier(p.company_code);
    out.push({
      fingerprint: `douyin:${afterSaleId}:parcel:${p.tracking_no}:${p.logistics_state}`,
      event: {
        type: 'TRACKING_UPDATE',
        waybillNo: p.tracking_no,
        carrierId,
        found: true,
        events: [
          {
            kind: row.kind,
            at: iso(p.logistics_time),
            description: row.description,
            rawCode: `douyin:order_logistics_state:${p.logistics_state}`,
          },
        ],
      },
    });
  }
  return out;
}

/** A carrier id for a company_code we do not know (kept visible, never eligible). */
export function otherCarrier(code: string): string {
  return `other-${
    code
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'unknown'
  }`;
}

/** Everything a detail says that the case should know, each with its fingerprint. */
export function observe(detail: AfterSaleDetail, overrides: Readonly<Record<string, string>> = {}): Fact[] {
  const info = detail.process_info.after_sale_info;
  const id = info.after_sale_id;
  const at = iso(info.update_time);
  const facts: Fact[] = [];
  if (info.agree_refuse_sign === 1)
    facts.push({ fingerprint: `douyin:${id}:REFUSE_SIGN_AGREED`, event: { type: 'REFUSE_SIGN_AGREED', at } });
  if (info.agree_refuse_sign === 2)
    facts.push({
      fingerprint: `douyin:${id}:REFUSE_SIGN_DECLINED`,
      event: { type: 'REFUSE_SIGN_DECLINED', at, rawReason: 'agree_refuse_sign=2 (不同意拒签后退款)' },
    });
  if (info.status_deadline > 0)
    facts.push({
      fingerprint: `douyin:${id}:DEADLINE:${info.status_deadline}`,
      event: { type: 'PLATFORM_DEADLINE_CHANGED', at, due: iso(info.status_deadline) },
    });
  facts.push(...parcelFacts(id, detail.process_info.logistics_info?.order ?? [], overrides));
  const arb = detail.process_info.arbitrate_info;
  if (arb && arb.arbitrate_status > 0) {
    const status = ARBITRATION_OPEN.has(arb.arbitrate_status) ? 'OPENED' : 'CLOSED';
    facts.push({
      fingerprint: `douyin:${id}:ARBITRATION:${arb.arbitrate_id}:${status}`,
      event: { type: 'ARBITRATION', at, status, raw: arb },
    });
  }
  if (info.refund_status === 3)
    facts.push({
      fingerprint: `douyin:${id}:REFUNDED`,
      event: { type: 'REFUNDED', at: iso(info.refund_time > 0 ? info.refund_time : info.update_time) },
    });
  if (REJECTED_STATUSES.has(info.after_sale_status) || (info.after_sale_status === 28 && info.refund_status !== 3)) {
    facts.push({ fingerprint: `douyin:${id}:CLOSED`, event: { type: 'CLOSED', at, cause: closeCause(detail) } });
  }
  return facts;
}

/** Our case id of a Douyin after-sale of a merchant. */
export function douyinCaseId(merchantId: string, afterSaleId: string): string {
  return `dy-${merchantId}-${afterSaleId}`;
}

/**
 * The case a buyer's application opens (tag 200), from the detail. The after-sale's SKU orders are the refunded
 * ones; the detail does not say which parcel carries which SKU order, so each parcel carries all of them (the
 * refund then waits for every parcel). The category is not in the detail: `UNKNOWN` (the platform's verdict wins).
 */
export function openRequestFrom(
  detail: AfterSaleDetail,
  merchant: MerchantConfig,
  overrides: Readonly<Record<string, string>> = {},
): OpenCaseRequest {
  const info = detail.process_info.after_sale_info;
  const skus = (detail.order_info.sku_order_infos ?? []).map((k) => ({
    skuOrderId: k.sku_order_id,
    amountFen: k.pay_amount,
    refunded: true,
  }));
  const skuOrders =
    skus.length > 0 ? skus : [{ skuOrderId: `${detail.order_info.shop_order_id}`, amountFen: info.refund_total_amount, refunded: true }];
  const parcels = detail.process_info.logistics_info?.order ?? [];
  return {
    caseId: douyinCaseId(merchant.id, info.after_sale_id),
    platform: 'douyin',
    mode: 'douyin',
    merchantId: merchant.id,
    merchantType: merchant.type,
    afterSaleId: info.after_sale_id,
    orderId: detail.order_info.shop_order_id,
    appliedAt: iso(info.apply_time),
    refundAmountFen: info.refund_total_amount,
    reason: caseReason(info.reason),
    ...caseReasonText(info.reason),
    categoryId: 'UNKNOWN',
    skuOrders,
    shipments: parcels.map((p) => ({
      waybillNo: p.tracking_no,
      carrierId: carrierIdOfCompany(p.company_code, overrides) ?? otherCarrier(p.company_code),
      skuOrderIds: skuOrders.map((k) => k.skuOrderId),
    })),
  };
}
