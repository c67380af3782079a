// STO code tables: link gateway APIs, scanType → unified event kind, intercept kinds → content, and the (unconfirmed) error table.
import type { AddressFieldNames } from '../../src/carrier/address-fields.ts';
import type { ErrorKind, ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptKind } from '../../src/carrier/model.ts';

/** One link gateway API: its `api_name` and the `to_appkey` / `to_code` pair it is addressed to. */
export interface StoApi {
  apiName: string;
  toAppkey: string;
  toCode: string;
}

/** The link gateway APIs this plugin calls (reference §5). */
export const STO_APIS = {
  /** Trace query, C-src. */
  track: { apiName: 'STO_TRACE_QUERY_COMMON', toAppkey: 'sto_trace_query', toCode: 'sto_trace_query' },
  /** Interception create (return, or re-address with receiver fields), S. */
  intercept: { apiName: 'INTERCEPT_CREATE_STANDARD', toAppkey: 'reverse-center', toCode: 'reverse-center' },
  /** Interception cancel, S. */
  cancelIntercept: { apiName: 'INTERCEPT_DEL_STANDARD', toAppkey: 'reverse-center', toCode: 'reverse-center' },
} as const satisfies Record<string, StoApi>;

/** Scan order asked of the trace query ("asc" or "desc"); events are sorted by time either way. */
export const TRACK_ORDER = 'asc';

/**
 * Numbers per trace query. The reference gives no limit for `waybillNoList`: 10 is our assumption
 * (the batch SF and J&T document), not an STO figure.
 */
export const TRACK_BATCH_SIZE = 10;

/**
 * Trace `scanType` → unified kind (reference §19.3, from ShentongScanType.java), plus two scan types
 * the reference names without listing (问题件, 退回件 in §5/§20): 退回件 ("returned parcel") read as
 * RETURNING and 问题件 as EXCEPTION are our inference (I) from the words. Others read as UNKNOWN, with
 * the raw scanType and memo kept on the event.
 */
export const EVENT_KIND_BY_SCAN_TYPE: Readonly<Record<string, EventKind>> = {
  收件: 'COLLECTED',
  发件: 'IN_TRANSIT',
  到件: 'IN_TRANSIT',
  装袋: 'IN_TRANSIT',
  派件: 'OUT_FOR_DELIVERY',
  驿站代收: 'AT_PICKUP_POINT',
  客户签收: 'DELIVERED',
  退回件: 'RETURNING',
  问题件: 'EXCEPTION',
};

/** How one unified interception kind is asked of INTERCEPT_CREATE_STANDARD. */
export interface StoInterceptForm {
  /** `interceptForAct` value. */
  interceptForAct: string;
  /** Whether the receiver* fields (the new address) are sent. */
  withReceiver: boolean;
}

/**
 * Unified kind → INTERCEPT_CREATE_STANDARD content (reference §5, §19.1, mark S). A return is
 * `{waybillNo, interceptForAct:"DEFAULT"}`; a re-address adds the receiver fields. That a re-address
 * also sends interceptForAct "DEFAULT" is our reading of the source (it adds fields, it does not
 * change the act): correct it here if STO documents another value.
 */
export const INTERCEPT_FORM_BY_KIND: Readonly<Partial<Record<InterceptKind, StoInterceptForm>>> = {
  RETURN_TO_SENDER: { interceptForAct: 'DEFAULT', withReceiver: false },
  REDIRECT: { interceptForAct: 'DEFAULT', withReceiver: true },
};

/** The receiver* fields of an interception with a new receiver, in the order the content lists them (reference §5). */
export const RECEIVER_ADDRESS_FIELDS: AddressFieldNames = {
  name: 'receiverName',
  phone: 'receiverTel',
  province: 'receiverProvince',
  city: 'receiverCity',
  district: 'receiverArea',
  detail: 'receiverAddress',
};

/**
 * Business codes in `errorCode` of a `success: false` envelope. NONE OF THESE ARE CONFIRMED: the
 * reference gives no STO error or refusal code (§20 gap 4). They are the codes our simulator sends,
 * kept in this one table (and listed in both READMEs) so the real ones replace them in one place.
 */
export const STO_ERRORS: ErrorTable = {
  SIGN_ERROR: { kind: 'auth', message: 'data_digest 校验失败' },
  APPKEY_ERROR: { kind: 'auth', message: 'from_appkey / from_code 无效' },
  PARAM_ERROR: { kind: 'invalid', message: '参数错误' },
  API_NOT_FOUND: { kind: 'not_supported', message: 'api_name 不存在或 to_appkey / to_code 不符' },
  SYSTEM_BUSY: { kind: 'unavailable', message: '系统繁忙，请重试' },
  WAYBILL_NOT_EXIST: { kind: 'not_interceptable', message: '运单不存在', refusal: 'UNKNOWN_WAYBILL' },
  INTERCEPT_SIGNED: { kind: 'not_interceptable', message: '运单已签收，不能拦截', refusal: 'ALREADY_DELIVERED' },
  INTERCEPT_NOT_COLLECTED: { kind: 'not_interceptable', message: '运单未揽收，不能拦截', refusal: 'NOT_COLLECTED' },
  INTERCEPT_EXISTS: { kind: 'not_interceptable', message: '运单已存在拦截', refusal: 'DUPLICATE' },
  INTERCEPT_RETURNING: { kind: 'not_interceptable', message: '运单已退回', refusal: 'ALREADY_RETURNING' },
  INTERCEPT_NOT_ALLOWED: { kind: 'not_interceptable', message: '不满足拦截条件', refusal: 'NOT_ALLOWED' },
  INTERCEPT_NOT_CANCELLABLE: { kind: 'not_interceptable', message: '拦截不可取消', refusal: 'NOT_CANCELLABLE' },
};

/**
 * How a code missing from STO_ERRORS is classified, per operation: on an interception or a
 * cancellation an unknown `success: false` is a refusal (REJECTED with STO's code and message kept);
 * on a trace query it is an invalid request. `needRetry: true` overrides both (transient).
 */
export const ERROR_FALLBACK: Readonly<Record<'track' | 'intercept' | 'cancelIntercept', ErrorKind>> = {
  track: 'invalid',
  intercept: 'not_interceptable',
  cancelIntercept: 'not_interceptable',
};

/** Error kinds that are already transient: `needRetry: true` leaves them as they are. */
export const TRANSIENT_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rate_limited', 'unavailable', 'timeout']);
