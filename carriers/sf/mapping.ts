// SF tables: route opCodes → unified event kinds, interception kinds → SF serviceCodes, gateway and business error codes.
import type { AddressFieldNames } from '../../src/carrier/address-fields.ts';
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptKind, TrackingEvent } from '../../src/carrier/model.ts';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';

/** Gateway code of a request the gateway accepted. */
export const SF_GATEWAY_OK = 'A1000';
/** Business code of a successful call. */
export const SF_BUSINESS_OK = 'S0000';

/** How one SF route opCode reads in the unified model. */
export interface SfOpCodeEntry {
  kind: EventKind;
  /** SF's meaning, in its words (used when a route has no remark). */
  meaning: string;
  /** A new waybill number may be named in the route remark (648); read it with this pattern. */
  newWaybillInRemark?: RegExp;
}

/** SF waybill numbers as they appear inside free text (648 remarks). */
const SF_NUMBER_IN_TEXT = /SF\d{13}/g;

/** Route opCodes (reference §1 and §19.3). Codes not listed become UNKNOWN with the raw code kept. */
export const SF_OP_CODES: Readonly<Record<string, SfOpCodeEntry>> = {
  '50': { kind: 'COLLECTED', meaning: '顺丰速运 已收取快件' },
  '54': { kind: 'COLLECTED', meaning: '收件' },
  '30': { kind: 'IN_TRANSIT', meaning: '快件已装车，发往下一站' },
  '31': { kind: 'IN_TRANSIT', meaning: '快件到达' },
  '36': { kind: 'IN_TRANSIT', meaning: '快件在途' },
  '3036': { kind: 'IN_TRANSIT', meaning: '快件准备送往下一站' },
  '123': { kind: 'IN_TRANSIT', meaning: '快件正送往顺丰店/站' },
  '130': { kind: 'ARRIVED_DEST_CITY', meaning: '快件到达顺丰店/站' },
  '44': { kind: 'OUT_FOR_DELIVERY', meaning: '快件派送中' },
  '125': { kind: 'AT_PICKUP_POINT', meaning: '快件已到柜/驿站，待取件' },
  '642': { kind: 'AT_PICKUP_POINT', meaning: '快件已到柜/驿站，待取件' },
  '607': { kind: 'AT_PICKUP_POINT', meaning: '代理收件' },
  '80': { kind: 'DELIVERED', meaning: '已签收' },
  '8000': { kind: 'DELIVERED', meaning: '已签收，签收图可查' },
  '70': { kind: 'DELIVERY_FAILED', meaning: '派件不成功' },
  '33': { kind: 'EXCEPTION', meaning: '派件异常' },
  '99': { kind: 'REDIRECTED', meaning: '应客户要求，快件转寄中' },
  '648': { kind: 'RETURNING', meaning: '快件已退回/转寄，新单号', newWaybillInRemark: SF_NUMBER_IN_TEXT },
  '631': { kind: 'RETURNED', meaning: '快件已退回' },
};

/** SF interception `serviceCode` per unified kind. RETURN_TO_ORIGIN_STATION is not offered by SF. */
export const SF_INTERCEPT_SERVICE_CODES: Readonly<Partial<Record<InterceptKind, '1' | '2'>>> = {
  RETURN_TO_SENDER: '2', // 退回, to the sender's address (SF still wants it spelled out)
  RETURN_TO_ADDRESS: '2', // 退回 to a given address
  REDIRECT: '1', // 转寄
};

/** Fixed fields of an interception instruction: we act as the sender (role 1), paid on the monthly account (payMode 4). */
export const SF_INTERCEPT_ROLE = '1';
export const SF_INTERCEPT_PAY_MODE = '4';

/** The fields of an interception's `newDestAddress`, in the order the request lists them. */
export const SF_NEW_DEST_ADDRESS_FIELDS: AddressFieldNames = {
  province: 'province',
  city: 'city',
  district: 'county',
  detail: 'address',
  name: 'contact',
  phone: 'phone',
};

/**
 * Gateway (`apiResultCode`) and business (`errorCode`) codes.
 * - A1000 / S0000 are C-src; 8016, 8019, 4001 are from the reference (S / C-src).
 * - The other A1xxx gateway codes are not in the reference: they come from general knowledge of
 *   SF's gateway and are unconfirmed.
 * - 20001–20010 are the simulator's own choices (SF publishes no interception refusal table); they
 *   are unconfirmed and exist so the simulator and plugin agree. Unknown business codes on an
 *   interception fall back to a NotInterceptableError with refusal OTHER.
 */
export const SF_ERRORS: ErrorTable = {
  // Gateway codes (general knowledge, unconfirmed).
  A1001: { kind: 'invalid', message: '必传参数不可为空' },
  A1002: { kind: 'invalid', message: '请求时效已过期' },
  A1003: { kind: 'auth', message: 'IP无效' },
  A1004: { kind: 'auth', message: '无对应服务权限' },
  A1005: { kind: 'rate_limited', message: '流量受控', retryAfterMs: 1_000 },
  A1006: { kind: 'auth', message: '数字签名无效' },
  A1007: { kind: 'invalid', message: '重复请求' },
  A1008: { kind: 'invalid', message: '数据解密失败' },
  A1009: { kind: 'unavailable', message: '目标服务异常或不可达' },
  A1011: { kind: 'auth', message: 'OAuth2认证失败' },
  A1099: { kind: 'unavailable', message: '系统异常' },
  // Business codes from the reference.
  '8016': { kind: 'not_interceptable', message: '重复下单', refusal: 'DUPLICATE' },
  '8019': { kind: 'not_interceptable', message: '订单已确认或已取消', refusal: 'NOT_CANCELLABLE' },
  '4001': { kind: 'unavailable', message: '系统数据错误' },
  // The simulator's interception refusals (ours, unconfirmed).
  '20001': { kind: 'not_interceptable', message: '快件已签收，不可拦截', refusal: 'ALREADY_DELIVERED' },
  '20002': { kind: 'not_interceptable', message: '快件未收件，不可拦截', refusal: 'NOT_COLLECTED' },
  '20003': { kind: 'not_interceptable', message: '快件已在退回或转寄中', refusal: 'ALREADY_RETURNING' },
  '20004': { kind: 'not_interceptable', message: '该快件不支持拦截', refusal: 'NOT_ALLOWED' },
  '20005': { kind: 'not_interceptable', message: '运单号不存在', refusal: 'UNKNOWN_WAYBILL' },
  '20006': { kind: 'not_interceptable', message: '已存在拦截指令，请勿重复提交', refusal: 'DUPLICATE' },
  '20007': { kind: 'not_interceptable', message: '拦截指令不可取消', refusal: 'NOT_CANCELLABLE' },
  '20010': { kind: 'invalid', message: '参数错误' },
};

/** The fields of an SF route the mapping reads (route query and route push name them alike). */
export interface SfRouteFields {
  acceptTime: string;
  acceptAddress?: string | null | undefined;
  remark?: string | null | undefined;
  opCode: string | number;
}

/**
 * One SF route as a unified event. The time must already be validated (the schemas refine it).
 * For 648 the new waybill number is read from the remark: an inference, marked `newWaybillNoInferred`.
 */
export function eventFromRoute(route: SfRouteFields, mailNo: string): TrackingEvent {
  const rawCode = String(route.opCode);
  const entry = SF_OP_CODES[rawCode];
  const at = parseBeijingTime(route.acceptTime);
  if (!at) throw new RangeError(`SF route time "${route.acceptTime}" is not a Beijing time`);
  const event: TrackingEvent = {
    kind: entry?.kind ?? 'UNKNOWN',
    at: at.toISOString(),
    description: route.remark?.trim() || entry?.meaning || `opCode ${rawCode}`,
    rawCode,
  };
  const place = route.acceptAddress?.trim();
  if (place) event.place = place;
  if (entry?.newWaybillInRemark && route.remark) {
    const newNo = [...route.remark.matchAll(entry.newWaybillInRemark)].map((m) => m[0]).find((no) => no !== mailNo);
    if (newNo) {
      event.newWaybillNo = newNo;
      event.newWaybillNoInferred = true;
    }
  }
  return event;
}
