// ZTO code tables: scan types / push actions → unified event kinds, intercept kinds → destinationType, and the error table.
import type { AddressFieldNames } from '../../src/carrier/address-fields.ts';
import type { ErrorKind, ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptKind } from '../../src/carrier/model.ts';

/**
 * Track query `scanType` (Chinese, plus the English names the v2 query also uses) and push `action`
 * → unified kind (reference §2 and §19.3). Codes not listed map to UNKNOWN, raw code kept.
 */
export const EVENT_KIND_BY_CODE: Readonly<Record<string, EventKind>> = {
  // Chinese scanType of the track query
  收件: 'COLLECTED',
  发件: 'IN_TRANSIT',
  到件: 'IN_TRANSIT',
  派件: 'OUT_FOR_DELIVERY',
  签收: 'DELIVERED',
  第三方签收: 'DELIVERED',
  退件: 'RETURNING',
  退件签收: 'RETURNED',
  问题件: 'EXCEPTION',
  // push action names (the query also returns ARRIVAL and SIGNED)
  GOT: 'COLLECTED',
  DEPARTURE: 'IN_TRANSIT',
  ARRIVAL: 'IN_TRANSIT',
  DISPATCH: 'OUT_FOR_DELIVERY',
  INBOUND: 'AT_PICKUP_POINT',
  SIGNED: 'DELIVERED',
  HANDOVERSCAN_SIGNED: 'DELIVERED',
  DEPARTURE_SIGNED: 'DELIVERED',
  RETURN_SCAN: 'RETURNING',
  RETURN_SIGNED: 'RETURNED',
  PROBLEM: 'EXCEPTION',
};

/**
 * Return scans (RETURN_SCAN / 退件) cover both "sent back" and "address changed"; ZTO says which in
 * `returnUpdateType`. Values listed here turn the scan into REDIRECTED. The value "改址" is inferred
 * (reference §19.3, mark I): ZTO's real enumeration is not public. Correct it here when known.
 */
export const REDIRECT_RETURN_UPDATE_TYPES: Readonly<Record<string, EventKind>> = {
  改址: 'REDIRECTED',
};

/** Codes whose kind may be refined by `returnUpdateType`. */
export const RETURN_SCAN_CODES: ReadonlySet<string> = new Set(['RETURN_SCAN', '退件']);

/** Unified intercept kind → `destinationType` of `thirdcenter.createIntercept`. */
export const DESTINATION_TYPE_BY_KIND: Readonly<Record<InterceptKind, number>> = {
  RETURN_TO_ORIGIN_STATION: 1, // 返回收件网点
  RETURN_TO_SENDER: 2, // 返回寄件人地址
  REDIRECT: 3, // 修改派送地址
  RETURN_TO_ADDRESS: 4, // 退回指定地址
};

/** destinationType values that need the receive* address fields. */
export const DESTINATION_TYPES_WITH_ADDRESS: ReadonlySet<number> = new Set([3, 4]);

/** The receive* fields of an interception to an address, in the order the body lists them. */
export const RECEIVE_ADDRESS_FIELDS: AddressFieldNames = {
  name: 'receiveUsername',
  phone: 'receivePhone',
  province: 'receiveProvince',
  city: 'receiveCity',
  district: 'receiveDistrict',
  detail: 'receiveAddress',
};

/** Push `msg_type` values this plugin reads. */
export const PUSH_MSG_TYPES: ReadonlySet<string> = new Set(['Traces']);

/** The exact reply ZTO expects to a push (status=true means delivered). */
export const PUSH_REPLY_BODY = '{"status":true,"message":"success","result":null,"statusCode":"SYS000"}';

/**
 * Every business code ZTO puts in an HTTP 200 body (reference §2; messages are the reference's words,
 * used only when ZTO's own message is missing): gateway S2xx, data-auth E4xx and
 * the interception codes E231xx. retryAfterMs of S206 (per-minute/hour quota) and S221 (QPS) are our
 * guesses: ZTO does not say how long to wait.
 */
export const ZTO_ERRORS: ErrorTable = {
  // gateway
  S200: { kind: 'timeout', message: 'timeout' },
  S202: { kind: 'unavailable', message: 'backend exception' },
  S203: { kind: 'unavailable', message: 'unavailable' },
  S206: { kind: 'rate_limited', message: 'api qos limit', retryAfterMs: 60_000 },
  S207: { kind: 'not_supported', message: 'API not found' },
  S208: { kind: 'invalid', message: 'missing parameter' },
  S210: { kind: 'auth', message: 'no permission' },
  S211: { kind: 'auth', message: 'bad signature' },
  S212: { kind: 'auth', message: 'IP not in whitelist' },
  S214: { kind: 'invalid', message: 'bad timestamp' },
  S221: { kind: 'rate_limited', message: 'api qps flow limit', retryAfterMs: 1_000 },
  // data authorisation
  E404: { kind: 'auth', message: 'no e-waybill account bound' },
  E409: { kind: 'invalid', message: 'phone mismatch' },
  E413: { kind: 'invalid', message: 'last 4 phone digits needed' },
  E416: { kind: 'not_found', message: 'not a ZTO waybill number' },
  E418: { kind: 'auth', message: 'no outlet authorization' },
  // interception
  E23101: { kind: 'not_interceptable', message: '已签收', refusal: 'ALREADY_DELIVERED' },
  E23102: { kind: 'not_interceptable', message: '订单不存在', refusal: 'UNKNOWN_WAYBILL' },
  E23108: { kind: 'not_interceptable', message: 'invalid destinationType', refusal: 'NOT_ALLOWED' },
  E23110: { kind: 'not_interceptable', message: 'no pickup outlet', refusal: 'OTHER' },
  E23111: { kind: 'not_interceptable', message: '时效件不可拦截', refusal: 'NOT_ALLOWED' },
  E23112: { kind: 'not_interceptable', message: '已第三方进站', refusal: 'AT_PICKUP_POINT' },
  E23113: { kind: 'not_interceptable', message: '有转单', refusal: 'NOT_ALLOWED' },
  E23114: { kind: 'not_interceptable', message: '派件网点不支持到付', refusal: 'NOT_ALLOWED' },
  E23115: { kind: 'not_interceptable', message: '派件网点不支持代收', refusal: 'NOT_ALLOWED' },
  E23116: { kind: 'not_interceptable', message: '渠道不一致/超最大拦截次数', refusal: 'NOT_ALLOWED' },
  E23118: { kind: 'not_interceptable', message: 'platform not allowed', refusal: 'NOT_ALLOWED' },
  E23119: { kind: 'not_interceptable', message: '无轨迹(揽收后再试)', refusal: 'NOT_COLLECTED' },
  E23120: { kind: 'not_interceptable', message: '有派件扫描', refusal: 'OUT_FOR_DELIVERY' },
  E23121: { kind: 'not_interceptable', message: '同渠道已有拦截件', refusal: 'DUPLICATE' },
  E23122: { kind: 'not_interceptable', message: '目的地停发', refusal: 'NOT_ALLOWED' },
  E23123: { kind: 'not_interceptable', message: '已有退改件', refusal: 'DUPLICATE' },
  E23124: { kind: 'not_interceptable', message: '轨迹异常', refusal: 'OTHER' },
  E23127: { kind: 'not_interceptable', message: '相同诉求已存在', refusal: 'DUPLICATE' },
  E23130: { kind: 'not_interceptable', message: '非拦截中不能取消', refusal: 'NOT_CANCELLABLE' },
  E23131: { kind: 'not_interceptable', message: '取消网点不一致', refusal: 'NOT_CANCELLABLE' },
  E23135: { kind: 'not_interceptable', message: '发起方不一致无权取消', refusal: 'NOT_CANCELLABLE' },
  E23136: { kind: 'not_interceptable', message: '港澳台', refusal: 'NOT_ALLOWED' },
  E23137: { kind: 'not_interceptable', message: '派件网点已到件', refusal: 'OUT_FOR_DELIVERY' },
  E23138: { kind: 'not_interceptable', message: '国际件', refusal: 'NOT_ALLOWED' },
  E23139: { kind: 'not_interceptable', message: '不满足规则', refusal: 'NOT_ALLOWED' },
  E23140: { kind: 'not_interceptable', message: '已遗失', refusal: 'LOST' },
  E23141: { kind: 'not_interceptable', message: '已弃件', refusal: 'ABANDONED' },
  E23144: { kind: 'not_interceptable', message: 'CRM 无权限', refusal: 'NOT_ALLOWED' },
  E23146: { kind: 'not_interceptable', message: '跨境客户', refusal: 'NOT_ALLOWED' },
  E23148: { kind: 'not_interceptable', message: 'receivePhone 格式', refusal: 'ADDRESS_INVALID' },
  E23149: { kind: 'not_interceptable', message: 'receivePhone 虚拟号', refusal: 'ADDRESS_INVALID' },
  E23150: { kind: 'not_interceptable', message: 'receivePhone 超16位', refusal: 'ADDRESS_INVALID' },
  E23151: { kind: 'not_interceptable', message: '相同诉求已存在', refusal: 'DUPLICATE' },
  E23153: { kind: 'not_interceptable', message: '发起人不属于网点', refusal: 'NOT_ALLOWED' },
  E23154: { kind: 'not_interceptable', message: '单号不属于网点', refusal: 'NOT_ALLOWED' },
  E23157: { kind: 'not_interceptable', message: '渠道不支持重复发起', refusal: 'DUPLICATE' },
  E23160: { kind: 'not_interceptable', message: '外部平台已拦截', refusal: 'DUPLICATE' },
};

/**
 * How a code missing from ZTO_ERRORS is classified, by prefix (first match wins); anything else is an
 * invalid request. A new E231xx interception code is still a refusal (normalised as OTHER).
 */
export const ERROR_FALLBACK_BY_PREFIX: readonly (readonly [prefix: string, kind: ErrorKind])[] = [['E231', 'not_interceptable']];

/**
 * A problem scan (PROBLEM / 问题件) is refined by its text: a buyer's refusal (拒收) is a problem
 * parcel at ZTO, with the reason in `desc`. Our inference (I) from the problem-parcel wording; the
 * problemCode values are not in the reference. First matching keyword wins.
 */
export const PROBLEM_TEXT_KINDS: readonly (readonly [keyword: string, kind: EventKind])[] = [
  ['拒收', 'REJECTED'],
  ['拒签', 'REJECTED'],
];
