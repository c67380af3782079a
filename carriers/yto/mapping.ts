// YTO code tables: infoContent → unified event kinds, intercept kinds → gateway methods, and the business error table.
import type { AddressFieldNames } from '../../src/carrier/address-fields.ts';
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptKind } from '../../src/carrier/model.ts';

/** Gateway method names (reference §3); the URL is `open/{method}/v1/{pathId}/{customerCode}`. */
export const YTO_METHODS = {
  track: 'track_query_adapter',
  interceptReturn: 'wanted_report_adapter',
  interceptChange: 'wanted_change_adapter',
  cancelIntercept: 'wanted_cancel_adapter',
} as const;

/**
 * `infoContent` of track items and push UpdateInfo → unified kind (reference §3 and §19.3). Codes not
 * listed (e.g. PACKAGE 已打包, seen in one client's comments) map to UNKNOWN with the raw code kept.
 */
export const EVENT_KIND_BY_INFO_CONTENT: Readonly<Record<string, EventKind>> = {
  ACCEPT: 'INFO_RECEIVED', // 接单
  ORDER_BOOKING: 'INFO_RECEIVED', // 修改预约
  GOT: 'COLLECTED', // 已揽收
  NOT_SEND: 'EXCEPTION', // 揽收失败
  ARRIVAL: 'IN_TRANSIT', // 已收入
  DEPARTURE: 'IN_TRANSIT', // 已发出
  AIRSEND: 'IN_TRANSIT', // 航空发货
  AIRPICK: 'IN_TRANSIT', // 航空提货
  SENT_SCAN: 'OUT_FOR_DELIVERY', // 派件
  INBOUND: 'AT_PICKUP_POINT', // 自提柜入柜
  SIGNED: 'DELIVERED', // 签收成功
  FAILED: 'DELIVERY_FAILED', // 签收失败
  TMS_RETURN: 'RETURNING', // 退回
  FORWARDING: 'REDIRECTED', // 转寄
};

/** YTO's own words for each infoContent (reference §3): the description of a push event that carries no remark. */
export const INFO_CONTENT_TEXT: Readonly<Record<string, string>> = {
  ACCEPT: '接单',
  ORDER_BOOKING: '修改预约',
  GOT: '已揽收',
  NOT_SEND: '揽收失败',
  ARRIVAL: '已收入',
  DEPARTURE: '已发出',
  SENT_SCAN: '派件',
  INBOUND: '自提柜入柜',
  SIGNED: '签收成功',
  FAILED: '签收失败',
  TMS_RETURN: '退回',
  FORWARDING: '转寄',
  AIRSEND: '航空发货',
  AIRPICK: '航空提货',
};

/** infoContent codes that start the way back (TMS_RETURN 退回). */
export const RETURN_INFO_CONTENTS: ReadonlySet<string> = new Set(['TMS_RETURN']);

/**
 * YTO has no "returned parcel signed" code: a return keeps its waybill number and ends in SIGNED.
 * Within one track answer, a code listed here that comes after a RETURN_INFO_CONTENTS event takes
 * this kind instead of its own (inferred, mark I). A push carries one event, so it cannot apply this.
 */
export const KIND_AFTER_RETURN: Readonly<Record<string, EventKind>> = {
  SIGNED: 'RETURNED',
};

/** How each unified intercept kind is sent: the method, and whether the receiver fields go with it. */
export interface YtoInterceptRoute {
  method: string;
  withReceiver: boolean;
}

/**
 * Unified intercept kind → YTO method (reference §19.1). YTO offers no return to the origin outlet
 * or to another address: those kinds are absent (the core answers them as NOT_ALLOWED).
 */
export const INTERCEPT_ROUTE_BY_KIND: Readonly<Partial<Record<InterceptKind, YtoInterceptRoute>>> = {
  RETURN_TO_SENDER: { method: YTO_METHODS.interceptReturn, withReceiver: false },
  REDIRECT: { method: YTO_METHODS.interceptChange, withReceiver: true },
};

/** The receiver fields of wanted_change_adapter (a REDIRECT's new receiver), in the order the param lists them. */
export const RECEIVER_ADDRESS_FIELDS: AddressFieldNames = {
  name: 'receiverName',
  phone: 'receiverTel',
  province: 'receiveProvName',
  city: 'receiveCityName',
  district: 'receiveCountyName',
  detail: 'receiveAddress',
};

/** The `statusCode` of an accepted wanted_* call (reference §3: success when statusCode == 0). */
export const YTO_OK_STATUS_CODE = '0';

/** The track answer's `code` when YTO has no route for the number (reference §3: "1001", 查询结果为空). */
export const YTO_TRACK_EMPTY_CODE = '1001';

/** `logisticProviderID` of YTO's push XML and of the reply. */
export const YTO_PROVIDER_ID = 'YTO';

/** `infoType` of the status pushes this plugin reads. */
export const PUSH_INFO_TYPES: ReadonlySet<string> = new Set(['STATUS']);

/** Content type of the push reply (unconfirmed: YTO's docs name only the XML body). */
export const PUSH_REPLY_CONTENT_TYPE = 'application/xml;charset=UTF-8';

/**
 * The business codes the plugin classifies. Only 1001 comes from the reference; every code marked
 * UNCONFIRMED is the simulator's own choice, standing where YTO publishes no code (an auth code, a
 * parameter error, interception refusals). Replace them here when YTO's real codes are known.
 *
 * Gateway errors arrive as `{ code, reason | message }`; wanted_* answers as `{ statusCode }`, where
 * any statusCode other than 0 is a refusal (§19.2), classified NOT_INTERCEPTABLE / OTHER when not listed.
 */
export const YTO_ERRORS: ErrorTable = {
  // gateway `code`
  '1001': { kind: 'not_found', message: '查询结果为空' },
  '99400': { kind: 'invalid', message: '参数错误 (UNCONFIRMED: simulator code)' },
  '99401': { kind: 'auth', message: '签名验证失败 (UNCONFIRMED: simulator code)' },
  // wanted_* `statusCode` (all UNCONFIRMED: simulator codes)
  '99101': { kind: 'not_interceptable', message: '运单已签收', refusal: 'ALREADY_DELIVERED' },
  '99102': { kind: 'not_interceptable', message: '运单未揽收', refusal: 'NOT_COLLECTED' },
  '99103': { kind: 'not_interceptable', message: '已存在拦截件', refusal: 'DUPLICATE' },
  '99104': { kind: 'not_interceptable', message: '运单已退回', refusal: 'ALREADY_RETURNING' },
  '99105': { kind: 'not_interceptable', message: '不满足拦截规则', refusal: 'NOT_ALLOWED' },
  '99106': { kind: 'not_interceptable', message: '运单不存在', refusal: 'UNKNOWN_WAYBILL' },
  '99107': { kind: 'not_interceptable', message: '拦截件不可取消', refusal: 'NOT_CANCELLABLE' },
};
