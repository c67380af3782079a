// STO link gateway simulator: signed form calls, the {success, errorCode, errorMsg, needRetry, requestId, data} envelope, traces, interception and cancel.
import { createHash } from 'node:crypto';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import { worldCity } from '../kit/render.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOrNumberOf, tooManyRequests } from '../kit/wire.ts';
import type { WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Sandbox credentials of the simulated STO app. */
export const STO_SIM_CREDENTIALS = {
  fromAppkey: 'sto-sandbox-appkey',
  fromCode: 'sto-sandbox-code',
  secretKey: 'sto-sandbox-secret-0123456789',
} as const;

/** Credentials the simulator accepts. */
export interface StoSimCredentials {
  fromAppkey: string;
  fromCode: string;
  secretKey: string;
}

/** Options of the STO simulator. */
export interface StoSimulatorOptions extends SimulatorOptions {
  /** The app the simulator accepts; default STO_SIM_CREDENTIALS. */
  credentials?: StoSimCredentials;
}

// The simulator's own signing (it never imports the plugin's): Base64 of the raw MD5 of content + secret.
function digest(content: string, secret: string): string {
  return createHash('md5')
    .update(content + secret, 'utf8')
    .digest('base64');
}

/** api_name → the to_appkey / to_code it must be addressed to (reference §5). */
const API_TARGET: Record<string, string> = {
  STO_TRACE_QUERY_COMMON: 'sto_trace_query',
  INTERCEPT_CREATE_STANDARD: 'reverse-center',
  INTERCEPT_DEL_STANDARD: 'reverse-center',
};

const RECEIVER_FIELDS = ['receiverName', 'receiverTel', 'receiverProvince', 'receiverCity', 'receiverArea', 'receiverAddress'] as const;

/**
 * World events → STO scanType. The first six are the strings of reference §5; 问题件 and 退回件 are
 * strings STO is said to use but not listed in the sources, so the plugin reads them as UNKNOWN.
 * How STO shows a return signed by the sender is not known: the simulator says 退回件 again.
 */
const SCAN_TYPE: Record<WorldEventKind, string> = {
  COLLECTED: '收件',
  IN_TRANSIT: '发件',
  ARRIVED: '到件',
  OUT_FOR_DELIVERY: '派件',
  AT_PICKUP_POINT: '驿站代收',
  DELIVERED: '客户签收',
  BUYER_REFUSED: '问题件',
  RETURNING: '退回件',
  RETURNED: '退回件',
  EXCEPTION: '问题件',
};

/** memo texts, in the style of STO's (the real wording varies). */
const MEMO: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `【${p}】的收件员已收件`,
  IN_TRANSIT: (p) => `快件由【${p}】发往下一站`,
  ARRIVED: (p) => `快件已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】的派件员正在为您派件`,
  AT_PICKUP_POINT: (p) => `快件已由【${p}】驿站代收`,
  DELIVERED: (p) => `快件已在【${p}】签收，签收人：本人`,
  BUYER_REFUSED: (p) => `【${p}】问题件：客户拒收`,
  RETURNING: (p) => `快件在【${p}】退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】由寄件人签收`,
  EXCEPTION: (p) => `【${p}】问题件`,
};

/**
 * Codes of this simulator. NOT STO's confirmed codes: the reference gives none. The plugin's error
 * table (carriers/sto/mapping.ts) lists the same codes; both READMEs say so.
 */
export const STO_SIM_CODES = {
  badSignature: 'SIGN_ERROR',
  unknownApp: 'APPKEY_ERROR',
  badParameter: 'PARAM_ERROR',
  unknownApi: 'API_NOT_FOUND',
  busy: 'SYSTEM_BUSY',
} as const;

/** World refusals → this simulator's interception codes (unconfirmed, see above). */
const REFUSAL_CODE: Record<WorldRefusal, { code: string; message: string }> = {
  UNKNOWN_WAYBILL: { code: 'WAYBILL_NOT_EXIST', message: '运单不存在' },
  ALREADY_DELIVERED: { code: 'INTERCEPT_SIGNED', message: '运单已签收，不能拦截' },
  NOT_COLLECTED: { code: 'INTERCEPT_NOT_COLLECTED', message: '运单未揽收，不能拦截' },
  DUPLICATE: { code: 'INTERCEPT_EXISTS', message: '运单已存在拦截' },
  ALREADY_RETURNING: { code: 'INTERCEPT_RETURNING', message: '运单已退回' },
  NOT_ALLOWED: { code: 'INTERCEPT_NOT_ALLOWED', message: '不满足拦截条件' },
  NOT_CANCELLABLE: { code: 'INTERCEPT_NOT_CANCELLABLE', message: '拦截不可取消' },
};

/** A return leg's number: 77… becomes 43… with the same digits (both are STO prefixes). */
function returnLegNumber(old: string): string {
  return `${old.startsWith('77') ? '43' : '77'}${old.slice(2)}`;
}

/** Simulates the STO link gateway: every call is a form POST to the gateway URL, routed by `api_name`. */
export class StoSimulator extends BaseSimulator {
  readonly carrierId = 'sto';
  private readonly credentials: StoSimCredentials;
  private requests = 0;
  /** Answer `SYSTEM_BUSY` with needRetry true to the next this-many served calls (tests). */
  busyNext = 0;

  constructor(options: StoSimulatorOptions) {
    super(options, returnLegNumber);
    this.credentials = options.credentials ?? { ...STO_SIM_CREDENTIALS };
  }

  private nextRequestId(): string {
    return `sto-sim-${this.clock.nowMs()}-${++this.requests}`;
  }

  private ok(data: unknown): SimResponse {
    // success as the string "true", the form of reference §19.4.
    return jsonResponse({
      success: 'true',
      errorCode: null,
      errorMsg: null,
      needRetry: null,
      requestId: this.nextRequestId(),
      expInfo: null,
      data,
    });
  }

  private fail(errorCode: string, errorMsg: string, needRetry = false): SimResponse {
    return jsonResponse({ success: 'false', errorCode, errorMsg, needRetry, requestId: this.nextRequestId(), expInfo: null, data: null });
  }

  protected operationOf(request: SimRequest): string {
    return parseForm(request.body).api_name ?? '(none)';
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const form = parseForm(request.body);
    if (form.from_appkey !== this.credentials.fromAppkey || form.from_code !== this.credentials.fromCode) {
      return { ok: false, response: this.fail(STO_SIM_CODES.unknownApp, 'from_appkey / from_code 无效') };
    }
    if (form.content === undefined || form.data_digest !== digest(form.content, this.credentials.secretKey)) {
      return { ok: false, response: this.fail(STO_SIM_CODES.badSignature, 'data_digest 校验失败') };
    }
    return { ok: true };
  }

  /** STO publishes no quota code: the simulator answers HTTP 429 with Retry-After (our choice). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs, 'text/plain');
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const form = parseForm(request.body);
    const target = API_TARGET[operation];
    if (!target || form.to_appkey !== target || form.to_code !== target)
      return this.fail(STO_SIM_CODES.unknownApi, `api_name ${operation} 不存在或 to_appkey / to_code 不符`);
    if (this.busyNext > 0) {
      this.busyNext--;
      return this.fail(STO_SIM_CODES.busy, '系统繁忙，请重试', true);
    }
    const read = readJsonObject(form.content);
    if (!read.ok) return this.fail(STO_SIM_CODES.badParameter, read.reason === 'not-json' ? 'content 不是 JSON' : 'content 不是 JSON 对象');
    const content = read.value;
    switch (operation) {
      case 'STO_TRACE_QUERY_COMMON':
        return this.trace(content);
      case 'INTERCEPT_CREATE_STANDARD':
        return this.createIntercept(content);
      default:
        return this.cancelIntercept(content);
    }
  }

  private trace(content: Record<string, unknown>): SimResponse {
    const list = content.waybillNoList;
    if (!Array.isArray(list) || list.length === 0 || !list.every((no) => typeof no === 'string'))
      return this.fail(STO_SIM_CODES.badParameter, 'waybillNoList 不能为空');
    const order = content.order === 'desc' ? 'desc' : 'asc';
    const data: Record<string, unknown[]> = {};
    for (const waybillNo of list as string[]) {
      // Unknown numbers are left out; a known parcel with no scan yet gets an empty list.
      if (!this.world.get(waybillNo)) continue;
      const scans = this.world.visible(waybillNo).map((event) => ({
        waybillNo,
        scanType: SCAN_TYPE[event.kind],
        opTime: formatBeijingTime(event.at),
        memo: MEMO[event.kind](event.place),
        opOrgCityName: worldCity(event.place),
      }));
      data[waybillNo] = order === 'desc' ? scans.reverse() : scans;
    }
    return this.ok(data);
  }

  private createIntercept(content: Record<string, unknown>): SimResponse {
    const waybillNo = textOrNumberOf(content.waybillNo);
    const act = textOrNumberOf(content.interceptForAct);
    if (!waybillNo || !act) return this.fail(STO_SIM_CODES.badParameter, 'waybillNo、interceptForAct 不能为空');
    const given = RECEIVER_FIELDS.filter((field) => textOrNumberOf(content[field]) !== undefined);
    if (given.length > 0 && given.length < RECEIVER_FIELDS.length) return this.fail(STO_SIM_CODES.badParameter, '收件人信息不完整');
    // STO deduplicates on nothing we send: every repeat of an accepted interception is a duplicate.
    const outcome = this.world.intercept(waybillNo, given.length > 0 ? 'REDIRECT' : 'RETURN', '(no key)', { sameKeyIsDuplicate: true });
    if (!outcome.ok) {
      const refusal = REFUSAL_CODE[outcome.refusal];
      return this.fail(refusal.code, refusal.message);
    }
    return this.ok(null);
  }

  private cancelIntercept(content: Record<string, unknown>): SimResponse {
    const waybillNo = textOrNumberOf(content.waybillNo);
    if (!waybillNo) return this.fail(STO_SIM_CODES.badParameter, 'waybillNo 不能为空');
    const outcome = this.world.cancelIntercept(waybillNo);
    if (!outcome.ok) {
      const refusal = REFUSAL_CODE[outcome.refusal];
      return this.fail(refusal.code, refusal.message);
    }
    return this.ok(null);
  }
}
