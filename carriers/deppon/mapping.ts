// Deppon code tables: trace status codes → unified event kinds, a description refinement, and the business error table.
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind } from '../../src/carrier/model.ts';

/**
 * `trace_list[].status` → unified kind. The reference has no Deppon event codes (§11 gap); this list
 * comes from the NEW_TRACE_QUERY response documented in imZTY/kuaididouble
 * (DepponMaptrackQueryResponse.java, citing dop.deppon.com), and seven of its codes also appear in
 * a sandbox sample of a second SDK (GOT, DEPARTURE, ARRIVAL, SENT_SCAN, ERROR, FAILED, SIGNED).
 * UNCONFIRMED (mark S). Any other code (the sandbox sample also shows "20") is UNKNOWN, raw code kept.
 */
export const EVENT_KIND_BY_STATUS: Readonly<Record<string, EventKind>> = {
  GOT: 'COLLECTED', // 开单
  DEPARTURE: 'IN_TRANSIT', // 出站
  ARRIVAL: 'IN_TRANSIT', // 进站
  ADVANCE_DELIVERY: 'OUT_FOR_DELIVERY', // 预派送
  SENT_SCAN: 'OUT_FOR_DELIVERY', // 派送
  ERROR: 'EXCEPTION', // 滞留, 延时派送
  FAILED: 'REJECTED', // 客户拒签 / 运单作废
  SIGNED: 'DELIVERED', // 签收
  BACK_SIGNED: 'RETURNED', // 退回件签收
  OPERATETRACK: 'REDIRECTED', // 转寄
  STA_INBOUND: 'AT_PICKUP_POINT', // 快递员入柜
  STA_SIGN: 'DELIVERED', // 用户提货 (快递柜签收)
};

/**
 * Codes whose meaning the description decides: FAILED covers both "客户拒签" (refused) and
 * "运单作废" (waybill voided). A description containing the keyword turns the event into the kind
 * given (mark I: our reading of the documented double meaning).
 */
export const DESCRIPTION_REFINEMENTS: Readonly<Record<string, readonly (readonly [keyword: string, kind: EventKind])[]>> = {
  FAILED: [['作废', 'CANCELLED']],
};

/**
 * The code our simulator answers a bad digest or unknown companyCode with. Deppon's own code for
 * that is not published (§11): UNCONFIRMED, the simulator's own.
 */
export const DEPPON_SIM_AUTH_CODE = 'SIM_DIGEST_ERROR';

/**
 * DOP business codes → typed errors. 2006 and 3002 come from one third-party adapter each (S);
 * 1000 is success and never looked up. Quotas have no known code: the simulator answers them with
 * HTTP 429, which the core classifies. Unknown codes are invalid requests.
 */
export const DEPPON_ERRORS: ErrorTable = {
  '2006': { kind: 'invalid', message: '运单号重复 (logisticID reused)' },
  '3002': { kind: 'auth', message: '接口权限不足 (API not subscribed for this account)' },
  [DEPPON_SIM_AUTH_CODE]: { kind: 'auth', message: '签名校验失败 (simulator code, unconfirmed)' },
};
