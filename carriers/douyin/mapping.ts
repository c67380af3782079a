// Douyin tables: envelope and business codes, company_code ↔ carrier id (with confidence), route-node states and intercept refusals.
import type { Confidence } from '../../src/carrier/define.ts';
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptRefusal } from '../../src/carrier/model.ts';
import { carrierPlugins } from '../carriers.ts';

/** The success code of the envelope. */
export const DOUYIN_SUCCESS = 10000;

/**
 * Envelope codes and business sub-codes in one table (reference §16 and the C# SDK's operate codes).
 * Sub-codes arrive as `isv.business-failed:11001`; the number after the colon is looked up first.
 */
export const DOUYIN_ERRORS: ErrorTable = {
  '40004': { kind: 'invalid', message: '非法的参数 (isv.parameter-invalid)' },
  '20000': { kind: 'unavailable', message: '系统错误 (isp.service-error)' },
  '50002': { kind: 'invalid', message: '业务处理失败 (isv.business-failed)' },
  '11001': { kind: 'not_supported', message: '暂不支持通过OPEN处理，请登录抖店后台人工审核售后单' },
  '11005': { kind: 'invalid', message: '操作失败' },
  '20309541': { kind: 'invalid', message: '售后状态错误 (重新同步获取&检查售后数据)' },
};

/** The most specific code of an error envelope: the number after the sub_code's colon, else the code. */
export function errorCodeOf(code: number, subCode: string | undefined): string {
  const tail = subCode?.split(':').pop()?.trim();
  return tail && /^\d+$/.test(tail) && DOUYIN_ERRORS[tail] ? tail : String(code);
}

/** One row of the company-code table. */
export interface CompanyCodeRow {
  /** Douyin `company_code` (from `/order/logisticsCompanyList`). */
  code: string;
  confidence: Confidence;
}

/**
 * Our carrier id → Douyin `company_code`, derived from each carrier's declaration
 * (`douyinCompanyCode`). Not assumed equal to our ids; an account may override any row with
 * `companyCodes` in its configuration.
 */
export const DOUYIN_COMPANY_CODES: Readonly<Record<string, CompanyCodeRow>> = Object.fromEntries(
  Object.values(carrierPlugins).flatMap((p) => (p.douyinCompanyCode ? [[p.id, { ...p.douyinCompanyCode }]] : [])),
);

/** The carrier ids the Douyin services act for: those that declare a company code. */
export const DOUYIN_SERVED_CARRIERS: readonly string[] = Object.keys(DOUYIN_COMPANY_CODES);

/** company_code of a carrier id, with per-account overrides. */
export function companyCodeOf(carrierId: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  return overrides[carrierId] ?? DOUYIN_COMPANY_CODES[carrierId]?.code;
}

/** Carrier id of a company_code, with per-account overrides; undefined when unknown. */
export function carrierIdOfCompany(code: string, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  for (const [id, c] of Object.entries(overrides)) if (c === code) return id;
  for (const [id, row] of Object.entries(DOUYIN_COMPANY_CODES)) if (row.code === code) return id;
  return undefined;
}

/**
 * Route-node `state_description` / `content` keywords → unified kind, first match wins (I: the state
 * enum, doc 94/1642, was not retrieved, so the node is read by its words; the raw state is kept).
 */
export const ROUTE_KEYWORDS: readonly (readonly [string, EventKind])[] = [
  ['退回签收', 'RETURNED'],
  ['退件签收', 'RETURNED'],
  ['拦截', 'INTERCEPTED'],
  ['拒收', 'REJECTED'],
  ['拒签', 'REJECTED'],
  ['退回', 'RETURNING'],
  ['退件', 'RETURNING'],
  ['驿站', 'AT_PICKUP_POINT'],
  ['代收', 'AT_PICKUP_POINT'],
  ['待取', 'AT_PICKUP_POINT'],
  ['签收', 'DELIVERED'],
  ['派送', 'OUT_FOR_DELIVERY'],
  ['派件', 'OUT_FOR_DELIVERY'],
  ['揽收', 'COLLECTED'],
  ['揽件', 'COLLECTED'],
  ['异常', 'EXCEPTION'],
  ['问题件', 'EXCEPTION'],
  ['到达', 'IN_TRANSIT'],
  ['运输', 'IN_TRANSIT'],
  ['发往', 'IN_TRANSIT'],
  ['离开', 'IN_TRANSIT'],
];

/** Unified kind of a route node from its words; UNKNOWN when nothing matches. */
export function routeKind(text: string): EventKind {
  return ROUTE_KEYWORDS.find(([word]) => text.includes(word))?.[1] ?? 'UNKNOWN';
}

/**
 * `unavailable_reason` keywords → normalised refusal, first match wins (I: the reason-code list is not
 * published; the code is kept as `carrierCode`, the words decide).
 */
export const REFUSAL_KEYWORDS: readonly (readonly [string, InterceptRefusal])[] = [
  ['已签收', 'ALREADY_DELIVERED'],
  ['未揽收', 'NOT_COLLECTED'],
  ['揽收', 'NOT_COLLECTED'],
  ['重复', 'DUPLICATE'],
  ['已拦截', 'DUPLICATE'],
  ['退回', 'ALREADY_RETURNING'],
  ['派送', 'OUT_FOR_DELIVERY'],
  ['驿站', 'AT_PICKUP_POINT'],
  ['不支持', 'NOT_ALLOWED'],
];

/** The refusal of an unavailable reason; OTHER when no keyword matches. */
export function refusalOf(reason: string): InterceptRefusal {
  return REFUSAL_KEYWORDS.find(([word]) => reason.includes(word))?.[1] ?? 'OTHER';
}

/** op_from of an interception request: 1 商家 (merchant), 3 客服 (customer service). */
export const OP_FROM = { MERCHANT: 1, CUSTOMER_SERVICE: 3 } as const;

/** After-sale statuses that are finished (12 售后成功, 14 换货成功, 27/29 rejected, 28 售后失败): no interception on them. */
export const FINISHED_AFTER_SALE_STATUSES: ReadonlySet<number> = new Set([12, 14, 27, 28, 29]);
