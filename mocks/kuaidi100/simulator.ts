// Kuaidi100 simulator: poll/query.do with the 48-per-day lock, poll subscribe, label/order interceptOrder, work orders, autonumber, signed pushes and the (inferred) interception callback.
import { createHash } from 'node:crypto';
import type { PushRequest } from '../../src/carrier/model.ts';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOrNumberOf } from '../kit/wire.ts';
import type { WorldEvent, WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Sandbox credentials of the simulated Kuaidi100 enterprise account. */
export const KUAIDI100_SIM_CREDENTIALS = {
  customer: 'KD100SANDBOXCUSTOMER',
  key: 'kd100-sandbox-key',
  secret: 'kd100-sandbox-secret-0123456789',
} as const;

/** Options of the Kuaidi100 simulator. */
export interface Kuaidi100SimulatorOptions extends SimulatorOptions {
  /** The account the simulator accepts; default KUAIDI100_SIM_CREDENTIALS. */
  credentials?: { customer: string; key: string; secret: string };
  /** Queries of one number allowed per 24 h before it is locked for 24 h. Default 48 (reference §13). */
  lockAfter?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The simulator's own signing (it never imports the plugin's).
function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/** World events → Kuaidi100 state code and name, plain (`resultv2` off) and detailed (`resultv2` on). */
const STATE: Record<WorldEventKind, { base: [string, string]; detailed: [string, string] }> = {
  COLLECTED: { base: ['1', '揽收'], detailed: ['103', '已揽收'] },
  IN_TRANSIT: { base: ['0', '在途'], detailed: ['1002', '干线'] },
  ARRIVED: { base: ['0', '在途'], detailed: ['1001', '到达派件城市'] },
  OUT_FOR_DELIVERY: { base: ['5', '派件'], detailed: ['5', '派件'] },
  AT_PICKUP_POINT: { base: ['5', '派件'], detailed: ['501', '投柜或驿站'] },
  DELIVERED: { base: ['3', '签收'], detailed: ['301', '本人签收'] },
  BUYER_REFUSED: { base: ['14', '拒签'], detailed: ['14', '拒签'] },
  RETURNING: { base: ['6', '退回'], detailed: ['6', '退回'] },
  RETURNED: { base: ['4', '退签'], detailed: ['4', '退签'] },
  EXCEPTION: { base: ['2', '疑难'], detailed: ['2', '疑难'] },
};

/** Event texts in the style of Kuaidi100's `context` (the real wording is the carrier's). */
const CONTEXT: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `【${p}】已揽收`,
  IN_TRANSIT: (p) => `快件已从【${p}】发出，发往下一站`,
  ARRIVED: (p) => `快件已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】快递员正在派件`,
  AT_PICKUP_POINT: (p) => `快件已放入【${p}】驿站`,
  DELIVERED: (p) => `快件已在【${p}】签收`,
  BUYER_REFUSED: (p) => `【${p}】收件人拒收`,
  RETURNING: (p) => `快件在【${p}】退回，退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】签收`,
  EXCEPTION: (p) => `【${p}】问题件`,
};

/** Companies whose query needs `phone` (reference §13). */
const PHONE_REQUIRED = new Set(['shunfeng', 'fengwang']);
/** Companies whose interceptOrder needs `callbackUrl` (reference §13). */
const CALLBACK_REQUIRED = new Set(['zhongtong', 'jtexpress', 'yuantong']);
/**
 * Company codes the simulator knows (those of the carriers in DESIGN §2.2). Kept here, not derived
 * from the declarations: it stands for Kuaidi100's own list, so a wrong code in a plugin fails the
 * contract tests instead of agreeing with itself (no simulator imports a plugin).
 */
const KNOWN_COMS = new Set([
  'zhongtong',
  'yuantong',
  'yunda',
  'shentong',
  'shunfeng',
  'youzhengbk',
  'huitongkuaidi',
  'jtexpress',
  'ems',
  'fengwang',
  'debangkuaidi',
  'youzhengguonei',
  'yuantongkuaiyun',
]);
const INTERCEPT_TYPES = new Set(['RETURN_SEND_STATION', 'RETURN_SEND_ADDR', 'MODIFY_ADDR']);

/** Number formats for autonumber (reference §17), in the simulator's own table: first match first. */
const AUTONUMBER: readonly { pattern: RegExp; coms: readonly [string, string][] }[] = [
  { pattern: /^SF\d{13}$/, coms: [['shunfeng', '顺丰速运']] },
  { pattern: /^YT\d{13}$/, coms: [['yuantong', '圆通速递']] },
  { pattern: /^JT\d{13}$/, coms: [['jtexpress', '极兔速递']] },
  { pattern: /^DPK\d{12}$/, coms: [['debangkuaidi', '德邦快递']] },
  { pattern: /^7[3-68]\d{12}$/, coms: [['zhongtong', '中通快递']] },
  { pattern: /^(77|43)\d{12,15}$/, coms: [['shentong', '申通快递']] },
  { pattern: /^[34]\d{14}$|^5\d{12}$/, coms: [['yunda', '韵达快递']] },
  {
    pattern: /^[981]\d{12}$/,
    coms: [
      ['ems', 'EMS'],
      ['youzhengguonei', '邮政快递包裹'],
    ],
  },
];

/**
 * Interception refusals. Kuaidi100 publishes no refusal codes (only "code != 200", and "only parcels
 * in transit and not signed"): code 400 with a reason in the message is OUR rendering; an unknown
 * number is 30009 查无此单 (documented for label/order).
 */
const REFUSAL: Record<WorldRefusal, { code: number; message: string }> = {
  NOT_COLLECTED: { code: 400, message: '快件未揽收，暂不支持拦截' },
  ALREADY_DELIVERED: { code: 400, message: '快件已签收，仅支持运输中的快件拦截' },
  DUPLICATE: { code: 400, message: '该单号已存在拦截请求，请勿重复提交' },
  NOT_ALLOWED: { code: 400, message: '该快件不满足拦截条件' },
  UNKNOWN_WAYBILL: { code: 30009, message: '查无此单' },
  NOT_CANCELLABLE: { code: 400, message: '该快件不满足拦截条件' },
  ALREADY_RETURNING: { code: 400, message: '快件已在退回中，不支持拦截' },
};

/**
 * OUR choices where Kuaidi100 publishes nothing: the quota answer of the poll host (502 服务器繁忙,
 * the closest documented code), the quota answer of the api host (HTTP 429), and the lock answer
 * of a number queried more than 48 times in 24 h (returnCode "429").
 */
export const KUAIDI100_SIM_QUOTA_ANSWER = { result: false, returnCode: '502', message: '服务器繁忙' } as const;
/** See KUAIDI100_SIM_QUOTA_ANSWER. */
export const KUAIDI100_SIM_LOCK_ANSWER = { result: false, returnCode: '429', message: '该单号24小时内查询超过48次，已锁定24小时' } as const;

/** INFERRED interception callback status values (print-status callback of the same API: 200 done, 201 not done). */
const CALLBACK_STATUS = {
  SUCCEEDED: { status: '200', message: '拦截成功' },
  FAILED: { status: '201', message: '拦截失败，快件已签收' },
} as const;

/** INFERRED work-order status values (see the README). */
const WORK_ORDER_STATUS = { open: '0', processing: '1', resolved: '2', closed: '3' } as const;

function labelAnswer(code: number, message: string, data: unknown = null): SimResponse {
  return jsonResponse({ code, message, data, time: 0 });
}

function pollFailure(returnCode: string, message: string): SimResponse {
  return jsonResponse({ result: false, returnCode, message });
}

function parseJsonObject(value: string | undefined): Record<string, unknown> | undefined {
  const read = readJsonObject(value);
  return read.ok ? read.value : undefined;
}

/** A work order as the simulator holds it. */
export interface SimWorkOrder {
  consultId: string;
  kuaidinum: string;
  content: string;
  secondType?: number;
  status: string;
  replies: { content: string; createTime: string }[];
}

/** A subscription as the simulator holds it. */
export interface SimSubscription {
  company: string;
  number: string;
  callbackurl: string;
  salt: string;
}

/** An interception as Kuaidi100 holds it (for the callback). */
interface HeldInterception {
  kuaidicom: string;
  interceptType: string;
  orderId?: string;
  taskId: string;
  salt?: string;
}

/**
 * Simulates poll.kuaidi100.com (POST /poll/query.do, /poll), api.kuaidi100.com (POST /label/order,
 * /workorder/api/create|status|reply) and www.kuaidi100.com (/autonumber/auto) on one origin.
 */
export class Kuaidi100Simulator extends BaseSimulator {
  readonly carrierId = 'kuaidi100';
  private readonly credentials: { customer: string; key: string; secret: string };
  private readonly lockAfter: number;
  /** Query times of each number (epoch ms), for the 48-in-24-h lock. */
  private readonly queryTimes = new Map<string, number[]>();
  /** Until when each locked number stays locked (epoch ms). */
  private readonly lockedUntil = new Map<string, number>();
  /** The operation of the request being handled, for the quota answer's form. */
  private currentOperation = '';
  private taskCounter = 0;
  private workOrderCounter = 0;
  readonly subscriptions = new Map<string, SimSubscription>();
  readonly workOrders = new Map<string, SimWorkOrder>();
  private readonly interceptions = new Map<string, HeldInterception>();

  constructor(options: Kuaidi100SimulatorOptions) {
    super(options);
    this.credentials = options.credentials ?? { ...KUAIDI100_SIM_CREDENTIALS };
    this.lockAfter = options.lockAfter ?? 48;
  }

  protected operationOf(request: SimRequest): string {
    const path = request.path.replace(/\/+$/, '');
    let operation: string;
    if (path.endsWith('/poll/query.do')) operation = 'query';
    else if (path.endsWith('/poll')) operation = 'subscribe';
    else if (path.endsWith('/label/order')) operation = `label:${parseForm(request.body).method ?? ''}`;
    else if (path.endsWith('/workorder/api/create')) operation = 'workorder:create';
    else if (path.endsWith('/workorder/api/status')) operation = 'workorder:status';
    else if (path.endsWith('/workorder/api/reply')) operation = `workorder:${parseForm(request.body).method ?? ''}`;
    else if (path.endsWith('/autonumber/auto')) operation = 'autonumber';
    else operation = `unknown:${path}`;
    this.currentOperation = operation;
    return operation;
  }

  private isPollHost(operation: string): boolean {
    return operation === 'query' || operation === 'subscribe' || operation === 'autonumber';
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const operation = this.currentOperation;
    const form = parseForm(request.body);
    if (operation === 'query') {
      const param = form.param ?? '';
      const expected = md5Upper(param + this.credentials.key + this.credentials.customer);
      if (form.customer !== this.credentials.customer || form.sign !== expected)
        return { ok: false, response: pollFailure('503', '验证签名失败') };
      return { ok: true };
    }
    if (operation === 'subscribe') {
      const key = textOrNumberOf(parseJsonObject(form.param)?.key);
      if (key !== this.credentials.key) return { ok: false, response: pollFailure('600', 'key错误') };
      return { ok: true };
    }
    if (operation === 'autonumber') {
      if (request.query.key !== this.credentials.key) return { ok: false, response: pollFailure('600', 'key错误') };
      return { ok: true };
    }
    if (operation.startsWith('label:') || operation.startsWith('workorder:')) {
      if (form.key !== this.credentials.key) return { ok: false, response: labelAnswer(30003, '账号信息不正确') };
      const expected = md5Upper((form.param ?? '') + (form.t ?? '') + this.credentials.key + this.credentials.secret);
      if (!form.t || form.sign !== expected) return { ok: false, response: labelAnswer(30002, '验证签名失败') };
      return { ok: true };
    }
    return { ok: true };
  }

  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    if (this.isPollHost(this.currentOperation)) return jsonResponse(KUAIDI100_SIM_QUOTA_ANSWER);
    return {
      status: 429,
      headers: { 'content-type': 'text/plain', 'retry-after': String(Math.ceil(retryAfterMs / 1000)) },
      body: 'Too Many Requests',
    };
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const form = parseForm(request.body);
    switch (operation) {
      case 'query':
        return this.query(form);
      case 'subscribe':
        return this.subscribe(form);
      case 'label:interceptOrder':
        return this.interceptOrder(form);
      case 'workorder:create':
        return this.createWorkOrder(form);
      case 'workorder:status':
        return this.workOrderStatus(form);
      case 'workorder:queryReply':
        return this.queryReply(form);
      case 'workorder:addReply':
        return this.addReply(form);
      case 'autonumber':
        return this.autonumber(request.query.num ?? '');
      default:
        if (operation.startsWith('label:') || operation.startsWith('workorder:')) return labelAnswer(30001, '参数错误');
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
    }
  }

  /** Counts one query of `num`; false when the number is (or just became) locked. */
  private admitQuery(num: string): boolean {
    const now = this.clock.nowMs();
    const until = this.lockedUntil.get(num);
    if (until !== undefined && now < until) return false;
    const recent = (this.queryTimes.get(num) ?? []).filter((at) => at > now - DAY);
    recent.push(now);
    this.queryTimes.set(num, recent);
    if (recent.length > this.lockAfter) {
      this.lockedUntil.set(num, now + DAY);
      this.queryTimes.set(num, []);
      return false;
    }
    return true;
  }

  /** The track result of a number: `state` of its latest event, `data` newest first (order desc) or oldest first. */
  trackResult(num: string, com: string, options: { detailed?: boolean; ascending?: boolean } = {}): Record<string, unknown> | undefined {
    const events = this.world.visible(num);
    if (events.length === 0) return undefined;
    const codeOf = (event: WorldEvent) => (options.detailed ? STATE[event.kind].detailed : STATE[event.kind].base);
    const rows = events.map((event) => {
      const [statusCode, status] = codeOf(event);
      const time = formatBeijingTime(event.at);
      return {
        time,
        ftime: time,
        context: CONTEXT[event.kind](event.place),
        location: event.place,
        status,
        ...(options.detailed ? { statusCode } : {}),
      };
    });
    const latest = events[events.length - 1]!;
    const state = codeOf(latest)[0];
    return {
      message: 'ok',
      nu: num,
      ischeck: latest.kind === 'DELIVERED' || latest.kind === 'RETURNED' ? '1' : '0',
      condition: 'F00',
      com,
      status: '200',
      state,
      data: options.ascending ? rows : rows.reverse(),
    };
  }

  private query(form: Record<string, string>): SimResponse {
    const param = parseJsonObject(form.param);
    const com = textOrNumberOf(param?.com);
    const num = textOrNumberOf(param?.num);
    if (!param || !com || !num) return pollFailure('400', '提交的数据不完整，或者贵公司没授权');
    if (!KNOWN_COMS.has(com)) return pollFailure('400', '找不到对应公司');
    if (!this.admitQuery(num)) return jsonResponse(KUAIDI100_SIM_LOCK_ANSWER);
    const parcel = this.world.get(num);
    const phone = textOrNumberOf(param.phone);
    if ((PHONE_REQUIRED.has(com) && !phone) || (parcel && phone !== undefined && phone.slice(-4) !== parcel.phoneLast4)) {
      return pollFailure('408', '快递公司参数异常：验证码错误');
    }
    const result = this.trackResult(num, com, {
      detailed: textOrNumberOf(param.resultv2) !== undefined && textOrNumberOf(param.resultv2) !== '0',
      ascending: textOrNumberOf(param.order) === 'asc',
    });
    return result ? jsonResponse(result) : pollFailure('500', '查询无结果，请隔段时间再查');
  }

  private subscribe(form: Record<string, string>): SimResponse {
    const param = parseJsonObject(form.param);
    const parameters = param?.parameters as Record<string, unknown> | undefined;
    const company = textOrNumberOf(param?.company);
    const number = textOrNumberOf(param?.number);
    const callbackurl = textOrNumberOf(parameters?.callbackurl);
    if (form.schema !== 'json' || !company || !number || !callbackurl)
      return jsonResponse({ result: false, returnCode: '700', message: '提交的数据有误' });
    if (!KNOWN_COMS.has(company)) return jsonResponse({ result: false, returnCode: '701', message: '不支持的快递公司' });
    if (this.subscriptions.has(number)) return jsonResponse({ result: false, returnCode: '501', message: '重复订阅' });
    this.subscriptions.set(number, { company, number, callbackurl, salt: textOrNumberOf(parameters?.salt) ?? '' });
    return jsonResponse({ result: true, returnCode: '200', message: '提交成功' });
  }

  private interceptOrder(form: Record<string, string>): SimResponse {
    const param = parseJsonObject(form.param);
    const kuaidicom = textOrNumberOf(param?.kuaidicom);
    const kuaidinum = textOrNumberOf(param?.kuaidinum);
    const interceptType = textOrNumberOf(param?.interceptType);
    if (!param || !kuaidicom || !kuaidinum || !interceptType || !INTERCEPT_TYPES.has(interceptType)) return labelAnswer(30001, '参数错误');
    if (CALLBACK_REQUIRED.has(kuaidicom) && !textOrNumberOf(param.callbackUrl)) return labelAnswer(30001, '参数错误：callbackUrl 必填');
    if (interceptType === 'MODIFY_ADDR') {
      const rec = param.recManInfo as Record<string, unknown> | undefined;
      if (!rec || !textOrNumberOf(rec.name) || !(textOrNumberOf(rec.mobile) ?? textOrNumberOf(rec.tel)) || !textOrNumberOf(rec.printAddr))
        return labelAnswer(30001, '参数错误：recManInfo 必填');
    }
    // Kuaidi100 deduplicates on nothing: a repeat is a duplicate whatever orderId it carries.
    const outcome = this.world.intercept(kuaidinum, interceptType, textOrNumberOf(param.orderId) ?? `kd100-${this.taskCounter + 1}`, {
      sameKeyIsDuplicate: true,
    });
    if (!outcome.ok) {
      const refusal = REFUSAL[outcome.refusal];
      return labelAnswer(refusal.code, refusal.message);
    }
    const taskId = `KD100T${String(++this.taskCounter).padStart(10, '0')}`;
    this.interceptions.set(kuaidinum, {
      kuaidicom,
      interceptType,
      taskId,
      orderId: textOrNumberOf(param.orderId),
      salt: textOrNumberOf(param.salt),
    });
    return labelAnswer(200, 'success', { taskId });
  }

  private createWorkOrder(form: Record<string, string>): SimResponse {
    const param = parseJsonObject(form.param);
    const kuaidinum = textOrNumberOf(param?.kuaidinum);
    const content = textOrNumberOf(param?.content);
    if (!param || !kuaidinum || !content) return labelAnswer(30001, '参数错误');
    const consultId = String(900_000 + ++this.workOrderCounter);
    const secondType = typeof param.secondType === 'number' ? param.secondType : undefined;
    this.workOrders.set(consultId, {
      consultId,
      kuaidinum,
      content,
      ...(secondType !== undefined ? { secondType } : {}),
      status: WORK_ORDER_STATUS.open,
      replies: [],
    });
    return labelAnswer(200, 'success', { consultId });
  }

  private workOrderOf(form: Record<string, string>): SimWorkOrder | undefined {
    const consultId = textOrNumberOf(parseJsonObject(form.param)?.consultId);
    return consultId ? this.workOrders.get(consultId) : undefined;
  }

  private workOrderStatus(form: Record<string, string>): SimResponse {
    const order = this.workOrderOf(form);
    if (!order) return labelAnswer(30009, '查无此单');
    return labelAnswer(200, 'success', { consultId: order.consultId, status: order.status });
  }

  private queryReply(form: Record<string, string>): SimResponse {
    const order = this.workOrderOf(form);
    if (!order) return labelAnswer(30009, '查无此单');
    return labelAnswer(200, 'success', order.replies);
  }

  private addReply(form: Record<string, string>): SimResponse {
    const order = this.workOrderOf(form);
    const content = textOrNumberOf(parseJsonObject(form.param)?.content);
    if (!order) return labelAnswer(30009, '查无此单');
    if (!content) return labelAnswer(30001, '参数错误');
    order.replies.push({ content, createTime: formatBeijingTime(this.clock.nowMs()) });
    return labelAnswer(200, 'success');
  }

  /** Kuaidi100's side of a work order moves on: a reply from its staff and a new status (inferred values: processing, resolved, closed). */
  answerWorkOrder(consultId: string, reply: string, status: 'processing' | 'resolved' | 'closed'): void {
    const order = this.workOrders.get(consultId);
    if (!order) throw new Error(`no work order ${consultId}`);
    order.replies.push({ content: reply, createTime: formatBeijingTime(this.clock.nowMs()) });
    order.status = WORK_ORDER_STATUS[status];
  }

  private autonumber(num: string): SimResponse {
    const match = AUTONUMBER.find(({ pattern }) => pattern.test(num));
    const list = (match?.coms ?? []).map(([comCode, name]) => ({
      lengthPre: num.length,
      comCode,
      name,
      noPre: num.slice(0, 4),
      noCount: 1,
    }));
    return jsonResponse(list);
  }

  /** A signed push form: `param` and `sign = UPPER(hexMD5(param + salt))`, plus `taskId` when given. `forged` signs with a wrong salt. */
  private signedForm(param: string, salt: string, forged: boolean, taskId?: string): PushRequest {
    const sign = md5Upper(param + (forged ? `${salt}-forged` : salt));
    const fields: Record<string, string> = taskId ? { taskId, sign, param } : { param, sign };
    return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body: new URLSearchParams(fields).toString() };
  }

  /**
   * The subscription push Kuaidi100 would send for one number now (status polling, or shutdown once
   * signed for), signed with `salt` (the subscription's salt when subscribed, else the one given).
   */
  buildPush(waybillNo: string, options: { salt?: string; com?: string; forged?: boolean } = {}): PushRequest {
    const subscription = this.subscriptions.get(waybillNo);
    const com = options.com ?? subscription?.company ?? 'zhongtong';
    const salt = options.salt ?? subscription?.salt ?? '';
    const lastResult = this.trackResult(waybillNo, com, { detailed: true });
    const done = lastResult?.ischeck === '1';
    const param = JSON.stringify({
      status: done ? 'shutdown' : 'polling',
      billstatus: '',
      message: '',
      autoCheck: '0',
      comOld: '',
      comNew: '',
      lastResult: lastResult ?? { message: 'ok', nu: waybillNo, ischeck: '0', condition: '', com, status: '200', state: '0', data: [] },
    });
    return this.signedForm(param, salt, options.forged ?? false);
  }

  /**
   * INFERRED interception callback for a number with an accepted interception, once its outcome is
   * visible: success when the parcel turned back, failure when it was delivered anyway; undefined
   * before. Form `taskId`, `param`, `sign = UPPER(hexMD5(param + salt))`, like label/order's print callback.
   */
  buildInterceptCallback(waybillNo: string, options: { salt?: string; forged?: boolean } = {}): PushRequest | undefined {
    const held = this.interceptions.get(waybillNo);
    if (!held) return undefined;
    const since = this.world.get(waybillNo)?.interception?.requestedAt ?? 0;
    const after = this.world.visible(waybillNo).filter((event) => event.at >= since);
    const turnedBack = after.some((event) => event.kind === 'RETURNING' || event.kind === 'RETURNED');
    const outcome = turnedBack ? 'SUCCEEDED' : after.some((event) => event.kind === 'DELIVERED') ? 'FAILED' : undefined;
    if (!outcome) return undefined;
    const param = JSON.stringify({
      kuaidicom: held.kuaidicom,
      kuaidinum: waybillNo,
      interceptType: held.interceptType,
      ...(held.orderId ? { orderId: held.orderId } : {}),
      ...CALLBACK_STATUS[outcome],
    });
    return this.signedForm(param, options.salt ?? held.salt ?? '', options.forged ?? false, held.taskId);
  }
}
