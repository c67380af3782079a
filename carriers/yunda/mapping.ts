// Yunda code tables: scan actions → unified event kinds, the after-return rule, and the business error table.
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind } from '../../src/carrier/model.ts';

/**
 * Track step `action` → unified kind (reference §4 action list, §19.3 Yunda column; source
 * fuzui/aggregatelogistics YundaScanType, C-src). Codes not listed map to UNKNOWN, raw code kept.
 */
export const EVENT_KIND_BY_ACTION: Readonly<Record<string, EventKind>> = {
  ACCEPT: 'COLLECTED', // 收件扫描
  GOT: 'COLLECTED', // 已揽件
  ARRIVAL: 'IN_TRANSIT', // 入中转
  DEPARTURE: 'IN_TRANSIT', // 出中转
  SENT: 'OUT_FOR_DELIVERY', // 派件中
  INBOUND: 'AT_PICKUP_POINT', // 第三方代收入库
  OUTBOUND: 'DELIVERED', // 代收点取出
  SIGNED: 'DELIVERED', // 已签收
  SIGNFAIL: 'DELIVERY_FAILED', // 签收失败
  REJECTION: 'REJECTED', // 拒收
  RETURN: 'RETURNING', // 退回件
  TRANSFER: 'REDIRECTED', // 转单
  ISSUE: 'EXCEPTION', // 问题件
  OTHER: 'UNKNOWN',
  // cross-border
  OVERSEA_IN: 'IN_TRANSIT',
  OVERSEA_OUT: 'IN_TRANSIT',
  OVERSEA_ARRIVAL: 'IN_TRANSIT',
  OVERSEA_DEPARTURE: 'IN_TRANSIT',
  CLEARANCE_START: 'CUSTOMS',
  CLEARANCE_FINISH: 'CUSTOMS',
  CLEARANCE_FAIL: 'CUSTOMS',
};

/**
 * Yunda has no "returned and signed by the sender" action (§19.3: no RETURNED code): a returned
 * parcel is signed for with the ordinary codes. Once a RETURNING step has been seen on a waybill,
 * later steps of the kinds listed here are read as the kind given (mark I: our inference).
 */
export const KIND_AFTER_RETURN: Readonly<Partial<Record<EventKind, EventKind>>> = {
  DELIVERED: 'RETURNED',
};

/**
 * Yunda publishes no error codes (reference §4, §20). The one entry is the code our simulator
 * answers a bad signature with (UNCONFIRMED: Yunda's real code is unknown; a real auth failure
 * will surface as InvalidRequestError until its code is added here). Quotas are not a code: the
 * simulator answers them with HTTP 429, which the core classifies without a carrier code.
 */
export const YUNDA_SIM_AUTH_CODE = 'SIM_SIGN_ERROR';

/** Yunda business codes → typed errors (see YUNDA_SIM_AUTH_CODE). Unknown codes are invalid requests. */
export const YUNDA_ERRORS: ErrorTable = {
  [YUNDA_SIM_AUTH_CODE]: { kind: 'auth', message: '签名校验失败 (simulator code, unconfirmed)' },
};
