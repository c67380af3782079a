// J&T open platform simulator: bizContent form calls signed in the digest header, the {code, msg, data} envelope, traces and interception.
import { createHash } from 'node:crypto';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import { worldCity } from '../kit/render.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOrNumberOf, tooManyRequests } from '../kit/wire.ts';
import type { WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Sandbox credentials of the simulated J&T account. */
export const JT_SIM_CREDENTIALS = { apiAccount: '178337126125932605', privateKey: 'jt-sandbox-private-key-0123456789' } as const;

/** Credentials the simulator accepts. */
export interface JtSimCredentials {
  apiAccount: string;
  privateKey: string;
}

/** Options of the J&T simulator. */
export interface JtSimulatorOptions extends SimulatorOptions {
  /** The account the simulator accepts; default JT_SIM_CREDENTIALS. */
  credentials?: JtSimCredentials;
}

// The simulator's own signing (it never imports the plugin's): Base64 of the raw MD5 of bizContent + key.
function digest(bizContent: string, key: string): string {
  return createHash('md5')
    .update(bizContent + key, 'utf8')
    .digest('base64');
}

const RECEIVE_FIELDS = ['receiveUsername', 'receivePhone', 'receiveProvince', 'receiveCity', 'receiveDistrict', 'receiveAddress'] as const;

/**
 * World events → J&T scanType (the traceNode names of reference §6). How J&T shows a return signed
 * by the sender is not known: the simulator uses 其他扫描 (13), which the plugin reads as UNKNOWN.
 */
const SCAN_TYPE: Record<WorldEventKind, string> = {
  COLLECTED: '快件揽收',
  IN_TRANSIT: '发件扫描',
  ARRIVED: '到件扫描',
  OUT_FOR_DELIVERY: '出仓扫描',
  AT_PICKUP_POINT: '入库扫描',
  DELIVERED: '快件签收',
  BUYER_REFUSED: '问题件扫描',
  RETURNING: '退件扫描',
  RETURNED: '其他扫描',
  EXCEPTION: '问题件扫描',
};

/** desc texts, in the style of J&T's (the real wording varies). */
const DESC: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `您的快件已由【${p}】揽收`,
  IN_TRANSIT: (p) => `快件离开【${p}】，发往下一站`,
  ARRIVED: (p) => `快件到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】快递员正在派件`,
  AT_PICKUP_POINT: (p) => `快件已到达【${p}】代理点，请及时取件`,
  DELIVERED: (p) => `快件已在【${p}】签收`,
  BUYER_REFUSED: (p) => `【${p}】问题件：客户拒收`,
  RETURNING: (p) => `快件在【${p}】退件，退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】由寄件人签收`,
  EXCEPTION: (p) => `【${p}】问题件`,
};

/**
 * Codes of this simulator. NOT J&T's confirmed codes: the reference gives only "1" = success. The
 * plugin's error table (carriers/jt/mapping.ts) lists the same codes; both READMEs say so.
 */
export const JT_SIM_CODES = {
  success: '1',
  badDigest: 'DIGEST_ERROR',
  unknownAccount: 'API_ACCOUNT_ERROR',
  badParameter: 'PARAM_ERROR',
  unknownApi: 'API_NOT_FOUND',
} as const;

/** World refusals → this simulator's interception codes (unconfirmed, see above). */
const REFUSAL_CODE: Record<WorldRefusal, { code: string; msg: string }> = {
  UNKNOWN_WAYBILL: { code: 'WAYBILL_NOT_EXIST', msg: '运单不存在' },
  ALREADY_DELIVERED: { code: 'INTERCEPT_SIGNED', msg: '运单已签收，不能拦截' },
  NOT_COLLECTED: { code: 'INTERCEPT_NOT_COLLECTED', msg: '运单未揽收，不能拦截' },
  DUPLICATE: { code: 'INTERCEPT_EXISTS', msg: '运单已申请拦截' },
  ALREADY_RETURNING: { code: 'INTERCEPT_RETURNING', msg: '运单已退件' },
  NOT_ALLOWED: { code: 'INTERCEPT_NOT_ALLOWED', msg: '不满足拦截条件' },
  NOT_CANCELLABLE: { code: 'INTERCEPT_NOT_ALLOWED', msg: '不满足拦截条件' },
};

/** A return leg's number: the first digit after JT moved by 5 (still ^JT\d{13}$, away from the kit's small numbers). */
function returnLegNumber(old: string): string {
  const first = Number(old.charAt(2));
  return `JT${Number.isNaN(first) ? 5 : (first + 5) % 10}${old.slice(3)}`;
}

function ok(data: unknown): SimResponse {
  return jsonResponse({ code: JT_SIM_CODES.success, msg: 'success', data });
}

function fail(code: string, msg: string): SimResponse {
  return jsonResponse({ code, msg, data: null });
}

/** Simulates openapi.jtexpress.com.cn/webopenplatformapi: `POST …/api/<name>` with a bizContent form field. */
export class JtSimulator extends BaseSimulator {
  readonly carrierId = 'jt';
  private readonly credentials: JtSimCredentials;

  constructor(options: JtSimulatorOptions) {
    super(options, returnLegNumber);
    this.credentials = options.credentials ?? { ...JT_SIM_CREDENTIALS };
  }

  /** The API path from `/api/` on, whatever prefix the base URL has (`api/logistics/trace`). */
  protected operationOf(request: SimRequest): string {
    const at = request.path.indexOf('/api/');
    return at < 0 ? request.path.replace(/^\/+/, '') : request.path.slice(at + 1);
  }

  protected authenticate(request: SimRequest): AuthCheck {
    if (request.headers.apiaccount !== this.credentials.apiAccount) {
      return { ok: false, response: fail(JT_SIM_CODES.unknownAccount, 'apiAccount 无效') };
    }
    const bizContent = parseForm(request.body).bizContent;
    const timestamp = request.headers.timestamp ?? '';
    if (
      bizContent === undefined ||
      !/^\d{13}$/.test(timestamp) ||
      request.headers.digest !== digest(bizContent, this.credentials.privateKey)
    ) {
      return { ok: false, response: fail(JT_SIM_CODES.badDigest, '签名校验失败') };
    }
    return { ok: true };
  }

  /** J&T publishes no quota code: the simulator answers HTTP 429 with Retry-After (our choice). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs, 'text/plain');
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const read = readJsonObject(parseForm(request.body).bizContent);
    if (!read.ok) return fail(JT_SIM_CODES.badParameter, read.reason === 'not-json' ? 'bizContent 不是 JSON' : 'bizContent 不是 JSON 对象');
    const biz = read.value;
    switch (operation) {
      case 'api/logistics/trace':
        return this.trace(biz);
      case 'api/waybill/intercept':
        return this.intercept(biz);
      default:
        return fail(JT_SIM_CODES.unknownApi, `接口不存在: ${operation}`);
    }
  }

  private trace(biz: Record<string, unknown>): SimResponse {
    const billCodes = textOrNumberOf(biz.billCodes);
    if (!billCodes) return fail(JT_SIM_CODES.badParameter, 'billCodes 不能为空');
    const data = billCodes
      .split(',')
      .map((code) => code.trim())
      .filter(Boolean)
      .map((billCode) => ({
        billCode,
        // Unknown numbers come back with no details.
        details: this.world.visible(billCode).map((event) => ({
          scanTime: formatBeijingTime(event.at),
          desc: DESC[event.kind](event.place),
          scanType: SCAN_TYPE[event.kind],
          scanNetworkTypeName: '网点',
          scanNetworkName: event.place,
          scanNetworkCity: worldCity(event.place),
        })),
      }));
    return ok(data);
  }

  private intercept(biz: Record<string, unknown>): SimResponse {
    const mailNo = textOrNumberOf(biz.mailNo);
    const applyTypeCode = Number(biz.applyTypeCode);
    if (!mailNo || biz.applyTypeCode === undefined) return fail(JT_SIM_CODES.badParameter, 'mailNo、applyTypeCode 不能为空');
    if (applyTypeCode !== 4 && applyTypeCode !== 5) return fail(JT_SIM_CODES.badParameter, 'applyTypeCode 不合法');
    if (applyTypeCode === 5 && RECEIVE_FIELDS.some((field) => !textOrNumberOf(biz[field])))
      return fail(JT_SIM_CODES.badParameter, '改址需填写收件人信息');
    // J&T deduplicates on nothing we send: every repeat of an accepted interception is a duplicate.
    const outcome = this.world.intercept(mailNo, String(applyTypeCode), '(no key)', { sameKeyIsDuplicate: true });
    if (!outcome.ok) {
      const refusal = REFUSAL_CODE[outcome.refusal];
      return fail(refusal.code, refusal.msg);
    }
    return ok(null);
  }
}
