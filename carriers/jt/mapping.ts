// J&T code tables: API paths, traceNode / scanType → unified event kind, intercept kinds → applyTypeCode, and the (unconfirmed) error table.
import type { AddressFieldNames } from '../../src/carrier/address-fields.ts';
import type { ErrorKind, ErrorTable } from '../../src/carrier/errors.ts';
import type { EventKind, InterceptKind } from '../../src/carrier/model.ts';

/** API paths, relative to the base URL `…/webopenplatformapi` (reference §6). */
export const JT_PATHS = {
  /** Trace query, C-src. */
  track: '/api/logistics/trace',
  /** Interception (return 4 / re-address 5), S. */
  intercept: '/api/waybill/intercept',
} as const;

/** The `code` of a successful answer. */
export const JT_SUCCESS_CODE = '1';

/** Fixed fields of a trace query: Chinese texts, `timeType` "1" (as the sources send it). */
export const TRACK_QUERY_FIELDS = { lang: 'zh', timeType: '1' } as const;

/** Numbers per trace query: J&T's SDK advice is at most 10 (reference §6, §19.5). */
export const TRACK_BATCH_SIZE = 10;

/** traceNode number → scan type name (reference §6), so a numeric scanType reads like its name. */
export const SCAN_TYPE_BY_TRACE_NODE: Readonly<Record<string, string>> = {
  '1': '快件揽收',
  '2': '入仓扫描',
  '3': '发件扫描',
  '4': '到件扫描',
  '5': '出仓扫描',
  '6': '入库扫描',
  '7': '代理点收入扫描',
  '8': '快件取出扫描',
  '9': '出库扫描',
  '10': '快件签收',
  '11': '问题件扫描',
  '12': '安检扫描',
  '13': '其他扫描',
  '14': '退件扫描',
};

/**
 * Trace `scanType` → unified kind (reference §6 and §19.3). 出仓扫描 as OUT_FOR_DELIVERY is the
 * reference's inference (I). 入仓扫描 (retired), 快件取出扫描 and 其他扫描 have no unified meaning
 * and, like any unlisted type, read as UNKNOWN with the raw scanType and desc kept.
 */
export const EVENT_KIND_BY_SCAN_TYPE: Readonly<Record<string, EventKind>> = {
  快件揽收: 'COLLECTED',
  发件扫描: 'IN_TRANSIT',
  到件扫描: 'IN_TRANSIT',
  安检扫描: 'IN_TRANSIT',
  出仓扫描: 'OUT_FOR_DELIVERY',
  入库扫描: 'AT_PICKUP_POINT',
  代理点收入扫描: 'AT_PICKUP_POINT',
  快件签收: 'DELIVERED',
  出库扫描: 'DELIVERED',
  问题件扫描: 'EXCEPTION',
  退件扫描: 'RETURNING',
};

/** Unified kind → `applyTypeCode` of /api/waybill/intercept (reference §6, §19.1: 4 退回, 5 改址). */
export const APPLY_TYPE_CODE_BY_KIND: Readonly<Partial<Record<InterceptKind, number>>> = {
  RETURN_TO_SENDER: 4,
  REDIRECT: 5,
};

/** applyTypeCode values that carry the receive* fields (the new address). */
export const APPLY_TYPES_WITH_ADDRESS: ReadonlySet<number> = new Set([5]);

/** The receive* fields of an interception, in the order the body lists them (reference §6). */
export const RECEIVE_ADDRESS_FIELDS: AddressFieldNames = {
  name: 'receiveUsername',
  phone: 'receivePhone',
  province: 'receiveProvince',
  city: 'receiveCity',
  district: 'receiveDistrict',
  detail: 'receiveAddress',
};

/**
 * Business codes other than "1". NONE OF THESE ARE CONFIRMED: the reference gives no J&T code beyond
 * "1" = success (§6, §20 gap 3). They are the codes our simulator sends, kept in this one table (and
 * listed in both READMEs) so the real ones replace them in one place.
 */
export const JT_ERRORS: ErrorTable = {
  DIGEST_ERROR: { kind: 'auth', message: '签名校验失败' },
  API_ACCOUNT_ERROR: { kind: 'auth', message: 'apiAccount 无效' },
  PARAM_ERROR: { kind: 'invalid', message: '参数错误' },
  API_NOT_FOUND: { kind: 'not_supported', message: '接口不存在' },
  SYSTEM_BUSY: { kind: 'unavailable', message: '系统繁忙' },
  WAYBILL_NOT_EXIST: { kind: 'not_interceptable', message: '运单不存在', refusal: 'UNKNOWN_WAYBILL' },
  INTERCEPT_SIGNED: { kind: 'not_interceptable', message: '运单已签收，不能拦截', refusal: 'ALREADY_DELIVERED' },
  INTERCEPT_NOT_COLLECTED: { kind: 'not_interceptable', message: '运单未揽收，不能拦截', refusal: 'NOT_COLLECTED' },
  INTERCEPT_EXISTS: { kind: 'not_interceptable', message: '运单已申请拦截', refusal: 'DUPLICATE' },
  INTERCEPT_RETURNING: { kind: 'not_interceptable', message: '运单已退件', refusal: 'ALREADY_RETURNING' },
  INTERCEPT_NOT_ALLOWED: { kind: 'not_interceptable', message: '不满足拦截条件', refusal: 'NOT_ALLOWED' },
};

/**
 * How a code missing from JT_ERRORS is classified, per operation: on an interception an unknown code
 * is a refusal (REJECTED with J&T's code and msg kept); on a trace query an invalid request.
 */
export const ERROR_FALLBACK: Readonly<Record<'track' | 'intercept', ErrorKind>> = {
  track: 'invalid',
  intercept: 'not_interceptable',
};
