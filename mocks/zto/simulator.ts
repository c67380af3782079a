// ZTO (ZOP) simulator: JSON calls signed with x-dataDigest, the ZOP envelope and error codes, interception with requestId dedup, and signed form pushes.
import { createHash } from 'node:crypto';
import type { PushRequest } from '../../src/carrier/model.ts';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOrNumberOf } from '../kit/wire.ts';
import type { WorldEvent, WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Sandbox credentials of the simulated ZOP app. */
export const ZTO_SIM_CREDENTIALS = { appKey: 'zto-sandbox-appkey', appSecret: 'zto-sandbox-secret-0123456789' } as const;

/** Options of the ZTO simulator. */
export interface ZtoSimulatorOptions extends SimulatorOptions {
  /** The app the simulator accepts; default ZTO_SIM_CREDENTIALS. */
  credentials?: { appKey: string; appSecret: string };
  /**
   * Refuse a call whose Content-Type is not application/json (reference §2: JSON body) with S208;
   * the code the real gateway uses for that is unconfirmed. Default true.
   */
  requireJsonContentType?: boolean;
}

/** One trace object of a ZTO push `data` field, as the simulator renders it. */
export interface ZtoSimPushTrace {
  billCode: string;
  action: string;
  actionTime: string;
  desc: string;
  facilityName: string;
}

// The simulator's own signing (it never imports the plugin's): Base64 of the raw MD5 of text + secret.
function digest(text: string, secret: string): string {
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('base64');
}

const WAYBILL = /^7[3-68]\d{12}$/;
const RECEIVE_FIELDS = ['receiveUsername', 'receivePhone', 'receiveProvince', 'receiveCity', 'receiveDistrict', 'receiveAddress'] as const;

/** World events → track query scanType (the v2 query speaks Chinese; INBOUND has no Chinese form in the reference). */
const SCAN_TYPE: Record<WorldEventKind, string> = {
  COLLECTED: '收件',
  IN_TRANSIT: '发件',
  ARRIVED: '到件',
  OUT_FOR_DELIVERY: '派件',
  AT_PICKUP_POINT: 'INBOUND',
  DELIVERED: '签收',
  BUYER_REFUSED: '问题件',
  RETURNING: '退件',
  RETURNED: '退件签收',
  EXCEPTION: '问题件',
};

/** World events → push action. */
const PUSH_ACTION: Record<WorldEventKind, string> = {
  COLLECTED: 'GOT',
  IN_TRANSIT: 'DEPARTURE',
  ARRIVED: 'ARRIVAL',
  OUT_FOR_DELIVERY: 'DISPATCH',
  AT_PICKUP_POINT: 'INBOUND',
  DELIVERED: 'SIGNED',
  BUYER_REFUSED: 'PROBLEM',
  RETURNING: 'RETURN_SCAN',
  RETURNED: 'RETURN_SIGNED',
  EXCEPTION: 'PROBLEM',
};

/** Description texts, in the style of ZTO's (the real wording varies). */
const DESC: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `【${p}】的快件已揽收`,
  IN_TRANSIT: (p) => `快件离开【${p}】，发往下一站`,
  ARRIVED: (p) => `快件已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】的业务员正在派件`,
  AT_PICKUP_POINT: (p) => `快件已到达【${p}】代收点`,
  DELIVERED: (p) => `快件已在【${p}】签收`,
  BUYER_REFUSED: (p) => `【${p}】问题件：客户拒收`,
  RETURNING: (p) => `快件在【${p}】退件，退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】签收`,
  EXCEPTION: (p) => `【${p}】问题件`,
};

/** World refusals → ZTO interception codes. */
const REFUSAL_CODE: Record<WorldRefusal, { code: string; message: string }> = {
  NOT_COLLECTED: { code: 'E23119', message: '无轨迹，请揽收后再试' },
  ALREADY_DELIVERED: { code: 'E23101', message: '运单已签收' },
  DUPLICATE: { code: 'E23121', message: '同渠道已有拦截件' },
  NOT_ALLOWED: { code: 'E23139', message: '不满足拦截规则' },
  UNKNOWN_WAYBILL: { code: 'E23102', message: '订单不存在' },
  NOT_CANCELLABLE: { code: 'E23130', message: '非拦截中状态不能取消' },
  ALREADY_RETURNING: { code: 'E23123', message: '已有退改件' },
};

/** A return leg's number: same digits, second digit rotated (3→4→5→6→8→3), still a valid ZTO number. */
function returnLegNumber(old: string): string {
  const next: Record<string, string> = { '3': '4', '4': '5', '5': '6', '6': '8', '8': '3' };
  return `7${next[old.charAt(1)] ?? '3'}${old.slice(2)}`;
}

function ok(result: unknown = null): SimResponse {
  return jsonResponse({ status: true, message: '操作成功', result, statusCode: 'SYS000' });
}

function fail(statusCode: string, message: string): SimResponse {
  return jsonResponse({ status: false, message, result: null, statusCode });
}

/** Simulates japi.zto.com: `POST /<api name>` with a JSON body and the x-appKey / x-dataDigest headers. */
export class ZtoSimulator extends BaseSimulator {
  readonly carrierId = 'zto';
  private readonly credentials: { appKey: string; appSecret: string };
  /** createIntercept answers by requestId: a repeat gets the first answer (ZTO's 幂等校验). */
  private readonly answers = new Map<string, SimResponse>();
  /** The thirdBizNo of each waybill's interception, for cancellation. */
  private readonly thirdBizNos = new Map<string, { thirdBizNo: string; ref: string }>();

  private readonly requireJsonContentType: boolean;

  constructor(options: ZtoSimulatorOptions) {
    super(options, returnLegNumber);
    this.credentials = options.credentials ?? { ...ZTO_SIM_CREDENTIALS };
    this.requireJsonContentType = options.requireJsonContentType ?? true;
  }

  protected operationOf(request: SimRequest): string {
    return request.path.replace(/^\/+/, '');
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (this.requireJsonContentType && type !== 'application/json')
      return { ok: false, response: fail('S208', 'Content-Type 必须为 application/json') };
    const appKey = request.headers['x-appkey'];
    const received = request.headers['x-datadigest'];
    if (appKey !== this.credentials.appKey || received !== digest(request.body, this.credentials.appSecret)) {
      return { ok: false, response: fail('S211', '签名验证失败') };
    }
    return { ok: true };
  }

  protected quotaError(window: 'second' | 'minute'): SimResponse {
    return window === 'minute' ? fail('S206', 'api qos limit') : fail('S221', 'api qps flow limit');
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const read = readJsonObject(request.body);
    if (!read.ok) return fail('S208', '缺少参数');
    const body = read.value;
    switch (operation) {
      case 'zto.merchant.waybill.track.query':
        return this.track(body);
      case 'thirdcenter.createIntercept':
        return this.createIntercept(body);
      case 'thirdcenter.cancelIntercept':
        return this.cancelIntercept(body);
      default:
        return fail('S207', `api not found: ${operation}`);
    }
  }

  private track(body: Record<string, unknown>): SimResponse {
    const billCode = textOrNumberOf(body.billCode);
    if (!billCode) return fail('S208', '缺少参数 billCode');
    if (!WAYBILL.test(billCode)) return fail('E416', '非中通运单号');
    const parcel = this.world.get(billCode);
    const phone = textOrNumberOf(body.mobilePhone);
    if (parcel && phone !== undefined && phone !== parcel.phoneLast4) return fail('E409', '手机号不匹配');
    // Not found: success with an empty list (the form ZTO uses is not in the reference).
    const result = this.world.visible(billCode).map((event) => ({
      scanType: SCAN_TYPE[event.kind],
      scanDate: event.at,
      desc: DESC[event.kind](event.place),
      scanSite: { name: event.place },
    }));
    return ok(result);
  }

  private createIntercept(body: Record<string, unknown>): SimResponse {
    const billCode = textOrNumberOf(body.billCode);
    const requestId = textOrNumberOf(body.requestId);
    const thirdBizNo = textOrNumberOf(body.thirdBizNo);
    const destinationType = Number(body.destinationType);
    if (!billCode || !requestId || !thirdBizNo || body.destinationType === undefined) return fail('S208', '缺少参数');
    const previous = this.answers.get(requestId);
    if (previous) return previous;
    if (![1, 2, 3, 4].includes(destinationType)) return fail('E23108', 'destinationType 不合法');
    if (destinationType === 3 || destinationType === 4) {
      if (RECEIVE_FIELDS.some((field) => !textOrNumberOf(body[field]))) return fail('S208', '缺少收件人信息');
      const phone = textOrNumberOf(body.receivePhone) ?? '';
      if (phone.length > 16) return fail('E23150', 'receivePhone 超过16位');
      if (!/^[0-9-]+$/.test(phone)) return fail('E23148', 'receivePhone 格式不正确');
    }
    const outcome = this.world.intercept(billCode, String(destinationType), requestId);
    if (!outcome.ok) {
      const refusal = REFUSAL_CODE[outcome.refusal];
      return fail(refusal.code, refusal.message);
    }
    this.thirdBizNos.set(billCode, { thirdBizNo, ref: outcome.interception.ref });
    const answer = ok(null);
    this.answers.set(requestId, answer);
    return answer;
  }

  private cancelIntercept(body: Record<string, unknown>): SimResponse {
    const billCode = textOrNumberOf(body.billCode);
    const thirdBizNo = textOrNumberOf(body.thirdBizNo);
    if (!billCode || !thirdBizNo || !textOrNumberOf(body.dealRemark)) return fail('S208', '缺少参数');
    const held = this.thirdBizNos.get(billCode);
    // An unknown thirdBizNo names no interception in progress: E23130.
    const outcome = this.world.cancelIntercept(billCode, held?.thirdBizNo === thirdBizNo ? held.ref : '(none)');
    if (!outcome.ok) {
      const refusal = REFUSAL_CODE[outcome.refusal === 'UNKNOWN_WAYBILL' ? 'UNKNOWN_WAYBILL' : 'NOT_CANCELLABLE'];
      return fail(refusal.code, refusal.message);
    }
    return ok(null);
  }

  /** The push traces of a waybill's visible events, oldest first. */
  pushTraces(waybillNo: string): ZtoSimPushTrace[] {
    return this.world.visible(waybillNo).map((event: WorldEvent) => ({
      billCode: waybillNo,
      action: PUSH_ACTION[event.kind],
      actionTime: formatBeijingTime(event.at),
      desc: DESC[event.kind](event.place),
      facilityName: event.place,
    }));
  }

  /**
   * A push as ZTO posts it: form fields data, data_digest, msg_type=Traces, company_id. `data` is one
   * object when given one trace (the simulator's normal form) and an array otherwise. `forged` signs
   * with a wrong secret. `credentials` defaults to the simulator's own. Traces are sent as given (tests
   * may add fields such as returnUpdateType).
   */
  buildPush(
    traces: readonly object[],
    options: { forged?: boolean; credentials?: { appKey: string; appSecret: string } } = {},
  ): PushRequest {
    const credentials = options.credentials ?? this.credentials;
    const data = JSON.stringify(traces.length === 1 ? traces[0] : traces);
    const secret = options.forged ? `${credentials.appSecret}-forged` : credentials.appSecret;
    const body = new URLSearchParams({
      data,
      data_digest: digest(data, secret),
      msg_type: 'Traces',
      company_id: credentials.appKey,
    }).toString();
    return { headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, query: {}, body };
  }

  /** One push per visible event of the waybills: how the simulator delivers traces. */
  pushes(waybillNos: readonly string[], options: { credentials?: { appKey: string; appSecret: string } } = {}): PushRequest[] {
    return waybillNos.flatMap((no) => this.pushTraces(no)).map((trace) => this.buildPush([trace], options));
  }
}
