// Kuaidi100 tables: our carrier ids → company codes, state codes → event kinds, intercept kinds, outcomes and error codes.
import type { Confidence } from '../../src/carrier/define.ts';
import type { ErrorTable } from '../../src/carrier/errors.ts';
import type { ComplaintKind, ComplaintState, EventKind, InterceptKind, InterceptRefusal } from '../../src/carrier/model.ts';
import { carrierPlugins } from '../carriers.ts';

/** One carrier the hub serves: its Kuaidi100 company code and how sure we are of it. */
export interface HubCarrierCode {
  com: string;
  confidence: Confidence;
}

/**
 * Our carrier id → Kuaidi100 company code (`com` / `kuaidicom`), derived from each carrier's
 * declaration (`kuaidi100Code`, DESIGN §2.2 and reference §13): the hub serves exactly the carriers
 * that declare one.
 */
export const COM_BY_CARRIER: Readonly<Record<string, HubCarrierCode>> = Object.fromEntries(
  Object.values(carrierPlugins).flatMap((p) =>
    p.kuaidi100Code ? [[p.id, { com: p.kuaidi100Code.code, confidence: p.kuaidi100Code.confidence }]] : [],
  ),
);

/** Kuaidi100 company code → our carrier id (for auto-detection answers and pushes). */
export const CARRIER_BY_COM: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(COM_BY_CARRIER).map(([carrierId, { com }]) => [com, carrierId]),
);

/** The carrier ids the hub serves (DESIGN §2.2). */
export const SERVED_CARRIERS: readonly string[] = Object.keys(COM_BY_CARRIER);

/** Companies whose query needs `phone` (reference §13: SF and 丰网). We send the last four digits whenever we have them. */
export const PHONE_REQUIRED_COMS: ReadonlySet<string> = new Set(['shunfeng', 'fengwang']);

/** Companies for which interceptOrder needs `callbackUrl` (reference §13: ZTO, J&T, YTO). */
export const CALLBACK_REQUIRED_COMS: ReadonlySet<string> = new Set(['zhongtong', 'jtexpress', 'yuantong']);

/**
 * Kuaidi100 `state` / per-event `statusCode` → unified kind (reference §19.3, §13 "state values"
 * and "Advanced states (resultv2)"). Codes not listed are UNKNOWN, raw code kept.
 */
export const EVENT_KIND_BY_STATE: Readonly<Record<string, EventKind>> = {
  '0': 'IN_TRANSIT', // 在途
  '1': 'COLLECTED', // 揽收
  '2': 'EXCEPTION', // 疑难
  '3': 'DELIVERED', // 签收
  '4': 'RETURNED', // 退签
  '5': 'OUT_FOR_DELIVERY', // 派件
  '6': 'RETURNING', // 退回
  '7': 'REDIRECTED', // 转投 / 转单
  '8': 'CUSTOMS', // 清关
  '10': 'CUSTOMS', // 待清关
  '11': 'CUSTOMS', // 清关中
  '12': 'CUSTOMS', // 已清关
  '13': 'CUSTOMS', // 清关异常
  '14': 'REJECTED', // 拒签
  '101': 'INFO_RECEIVED', // 已下单
  '102': 'INFO_RECEIVED', // 待揽收
  '103': 'COLLECTED', // 已揽收
  '1001': 'ARRIVED_DEST_CITY', // 到达派件城市
  '1002': 'IN_TRANSIT', // 干线
  '1003': 'REDIRECTED', // 转递
  '501': 'AT_PICKUP_POINT', // 投柜或驿站
  '301': 'DELIVERED', // 本人签收
  '302': 'DELIVERED', // 派件异常后签收
  '303': 'DELIVERED', // 代签
  '304': 'DELIVERED', // 投柜或站签收
  '401': 'CANCELLED', // 已销单
};

/**
 * The Chinese status names of an event (`data[].status`), used when an event has no `statusCode`
 * (a query without resultv2). Same meanings as EVENT_KIND_BY_STATE.
 */
export const EVENT_KIND_BY_STATUS_NAME: Readonly<Record<string, EventKind>> = {
  在途: 'IN_TRANSIT',
  揽收: 'COLLECTED',
  疑难: 'EXCEPTION',
  签收: 'DELIVERED',
  退签: 'RETURNED',
  派件: 'OUT_FOR_DELIVERY',
  退回: 'RETURNING',
  转投: 'REDIRECTED',
  转单: 'REDIRECTED',
  清关: 'CUSTOMS',
  待清关: 'CUSTOMS',
  清关中: 'CUSTOMS',
  已清关: 'CUSTOMS',
  清关异常: 'CUSTOMS',
  拒签: 'REJECTED',
  已下单: 'INFO_RECEIVED',
  待揽收: 'INFO_RECEIVED',
  已揽收: 'COLLECTED',
  到达派件城市: 'ARRIVED_DEST_CITY',
  干线: 'IN_TRANSIT',
  转递: 'REDIRECTED',
  投柜或驿站: 'AT_PICKUP_POINT',
  本人签收: 'DELIVERED',
  派件异常后签收: 'DELIVERED',
  代签: 'DELIVERED',
  投柜或站签收: 'DELIVERED',
  已销单: 'CANCELLED',
};

/**
 * The interception outcome a tracking push's overall `state` states (DESIGN §3: Kuaidi100 states
 * 6, 4 and 14 feed the interception's outcome). 6 退回 and 4 退签: the parcel is going / has gone
 * back, the interception succeeded. 14 拒签: the parcel reached the door and the buyer refused it,
 * so the interception did not stop it (our reading; the refusal path takes over).
 */
export const INTERCEPT_OUTCOME_BY_STATE: Readonly<Record<string, 'SUCCEEDED' | 'FAILED'>> = {
  '6': 'SUCCEEDED',
  '4': 'SUCCEEDED',
  '14': 'FAILED',
};

/** Unified intercept kind → interceptOrder `interceptType` (reference §13, §19.1). RETURN_TO_ADDRESS has none. */
export const INTERCEPT_TYPE_BY_KIND: Readonly<Partial<Record<InterceptKind, string>>> = {
  RETURN_TO_SENDER: 'RETURN_SEND_ADDR', // 退回寄件地址
  RETURN_TO_ORIGIN_STATION: 'RETURN_SEND_STATION', // 退回寄件网点
  REDIRECT: 'MODIFY_ADDR', // 修改地址 (needs recManInfo)
};

/** interceptType values that need `recManInfo`. */
export const INTERCEPT_TYPES_WITH_RECIPIENT: ReadonlySet<string> = new Set(['MODIFY_ADDR']);

/**
 * INFERRED (reference §13 "Intercept callback payload: not found"; DESIGN §3). The interception
 * callback is taken to be a form `param` + `sign = md5(param + salt)` like Kuaidi100's other
 * callbacks, `param` carrying `kuaidinum`, `kuaidicom` and a `status`; the status values follow the
 * print-status callback of the same label/order API (200 done, 201 not done). Correct here when
 * the real payload is known.
 */
export const INTERCEPT_CALLBACK_OUTCOME: Readonly<Record<string, 'SUCCEEDED' | 'FAILED'>> = {
  '200': 'SUCCEEDED',
  '201': 'FAILED',
};

/** The exact reply Kuaidi100 expects to a push (reference §13 "Push"); also sent to the inferred interception callback. */
export const PUSH_REPLY_BODY = '{"result":true,"returnCode":"200","message":"提交成功"}';

/**
 * INFERRED: interceptOrder refusal reasons are not published (only "code != 200 is a refusal",
 * reference §19.2, and "only parcels in transit and not signed", §13). A refusal's reason is read
 * from its message by these keywords, first match wins; anything else is OTHER.
 */
export const REFUSAL_BY_MESSAGE_KEYWORD: readonly (readonly [keyword: string, refusal: InterceptRefusal])[] = [
  ['已签收', 'ALREADY_DELIVERED'],
  ['未揽收', 'NOT_COLLECTED'],
  ['重复', 'DUPLICATE'],
  ['已存在', 'DUPLICATE'],
  ['退回中', 'ALREADY_RETURNING'],
  ['派件', 'OUT_FOR_DELIVERY'],
  ['驿站', 'AT_PICKUP_POINT'],
  ['地址', 'ADDRESS_INVALID'],
  ['不满足', 'NOT_ALLOWED'],
  ['不支持', 'NOT_ALLOWED'],
];

/**
 * `returnCode` of `poll/query.do` failures (`{"result":false,"returnCode":…,"message":…}`). Not in
 * reference/carriers.md: taken from public code that calls the API (several independent sources
 * agree; README lists them). 502 as the quota answer and "429" as the lock answer are OUR choices
 * (Kuaidi100 publishes neither): 502 "服务器繁忙" is the closest documented "slow down"; the lock of
 * a number (> 48 queries in 24 h) is final for that number, never an account-wide pause.
 */
export const QUERY_ERRORS: ErrorTable = {
  '400': { kind: 'invalid', message: '找不到对应公司 / 提交的数据不完整，或者贵公司没授权' },
  '408': { kind: 'invalid', message: '快递公司参数异常：验证码错误 (phone digits missing or wrong)' },
  '500': { kind: 'not_found', message: '查询无结果，请隔段时间再查' },
  '501': { kind: 'unavailable', message: '服务器错误' },
  '502': { kind: 'rate_limited', message: '服务器繁忙', retryAfterMs: 1_000 },
  '503': { kind: 'auth', message: '验证签名失败' },
  '600': { kind: 'auth', message: 'key 错误' },
  '601': { kind: 'auth', message: 'key 已过期 / 没有可用单量' },
  '429': { kind: 'invalid', message: '(ours) number locked: more than 48 queries in 24 h' },
};

/**
 * Subscription (`poll`) answers (reference/anchors.md §5.1): 200 OK, 501 duplicate subscription
 * (already tracked: success), 600/601 bad or expired key, 700/701/702 bad data or unknown carrier.
 */
export const SUBSCRIBE_OK_CODES: ReadonlySet<string> = new Set(['200', '501']);
/** Subscription failure codes. */
export const SUBSCRIBE_ERRORS: ErrorTable = {
  '600': { kind: 'auth', message: 'key 错误' },
  '601': { kind: 'auth', message: 'key 已过期' },
  '700': { kind: 'invalid', message: '提交的数据有误' },
  '701': { kind: 'invalid', message: '不支持的快递公司' },
  '702': { kind: 'invalid', message: '提交的数据有误' },
};

/**
 * `code` of `api.kuaidi100.com/label/order` answers other than 200 (apifox Kuaidi100 doc of the same
 * endpoint, "返回信息代码含义"; confirmed for label/order, assumed to hold for interceptOrder and the
 * work-order API, which share the envelope). Any other code on interceptOrder is a refusal.
 */
export const LABEL_ERRORS: ErrorTable = {
  '-1': { kind: 'unavailable', message: '服务器错误' },
  '30001': { kind: 'invalid', message: '参数错误' },
  '30002': { kind: 'auth', message: '验证签名失败' },
  '30003': { kind: 'auth', message: '账号信息不正确' },
  '30004': { kind: 'auth', message: '账号单量不足' },
  '30009': { kind: 'not_found', message: '查无此单' },
};

/** interceptOrder's table: label/order codes, with 查无此单 read as a refusal (unknown waybill) rather than a lookup miss. */
export const INTERCEPT_ERRORS: ErrorTable = {
  ...LABEL_ERRORS,
  '30009': { kind: 'not_interceptable', message: '查无此单', refusal: 'UNKNOWN_WAYBILL' },
};

/** The plugin's declared business-code table: query codes and label/order codes (their code spaces do not overlap). */
export const KUAIDI100_ERRORS: ErrorTable = { ...QUERY_ERRORS, ...LABEL_ERRORS };

/** What we say a complaint is about, in the work order's `content`. */
export const COMPLAINT_KIND_TEXT: Readonly<Record<ComplaintKind, string>> = {
  NOT_RETURNED: '拦截后快件未退回',
  INTERCEPT_BREACHED: '拦截成功后仍被派送签收',
  RETURN_SIGNED_BY_OTHER: '退回件被他人签收',
  OTHER: '其他问题',
};

/**
 * INFERRED: work-order `status` values (reference §13 shows the status request, not its answer).
 * Unknown values read as PROCESSING, raw kept. Correct here when the real values are known.
 */
export const WORK_ORDER_STATE_BY_STATUS: Readonly<Record<string, ComplaintState>> = {
  '0': 'OPEN', // 待处理
  '1': 'PROCESSING', // 处理中
  '2': 'RESOLVED', // 已处理
  '3': 'CLOSED', // 已关闭
};
