// YTO simulator: the open-platform gateway (open/{method}/v1/{pathId}/{customerCode}, signed JSON), track arrays, wanted_* interceptions and signed XML pushes.
import { createHash } from 'node:crypto';
import type { PushRequest } from '../../src/carrier/model.ts';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOf, tooManyRequests } from '../kit/wire.ts';
import type { WorldEvent, WorldEventKind, WorldRefusal } from '../kit/world.ts';

/** Sandbox account of the simulated gateway. */
export const YTO_SIM_CREDENTIALS = { customerCode: 'K21000119', pathId: 'sAnDbX', secret: 'yto-sandbox-secret-0123456789' } as const;

/** A YTO account as the simulator knows it. */
export interface YtoSimCredentials {
  customerCode: string;
  pathId: string;
  secret: string;
}

/** Options of the YTO simulator. */
export interface YtoSimulatorOptions extends SimulatorOptions {
  /** The account the simulator accepts; default YTO_SIM_CREDENTIALS. */
  credentials?: YtoSimCredentials;
}

/** The UpdateInfo fields of one push, as the simulator renders them. */
export interface YtoSimUpdateInfo {
  logisticProviderID: string;
  clientID: string;
  mailNo: string;
  txLogisticID: string;
  infoType: string;
  infoContent: string;
  acceptTime: string;
  remark: string;
  orgName: string;
  city: string;
}

// The simulator's own signing (it never imports the plugin's): Base64 of the raw MD5 of the text.
function md5Base64(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('base64');
}

const VERSION = 'v1';
const PATH = /^\/open\/([A-Za-z0-9_]+)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;
const WAYBILL = /^YT\d{13}$/;
const CHANGE_FIELDS = ['receiverName', 'receiverTel', 'receiveProvName', 'receiveCityName', 'receiveCountyName', 'receiveAddress'] as const;

/**
 * Codes the reference does not give, chosen by this simulator (UNCONFIRMED; README table). Gateway
 * errors use `code` (text), wanted_* answers use `statusCode` (a number, as YTO clients read it).
 */
export const YTO_SIM_CODES = {
  /** Track: no route for the number (from the reference: 1001 查询结果为空). */
  trackEmpty: '1001',
  /** Gateway: bad sign, unknown pathId or customer code. UNCONFIRMED. */
  auth: '99401',
  /** Gateway / wanted_*: missing or malformed parameter. UNCONFIRMED. */
  invalid: '99400',
} as const;

/** World refusals → wanted_* statusCode (all UNCONFIRMED: the simulator's own). */
const REFUSAL_STATUS: Record<WorldRefusal, { statusCode: number; message: string }> = {
  ALREADY_DELIVERED: { statusCode: 99101, message: '运单已签收，不能拦截' },
  NOT_COLLECTED: { statusCode: 99102, message: '运单未揽收，不能拦截' },
  DUPLICATE: { statusCode: 99103, message: '该运单已存在拦截件' },
  ALREADY_RETURNING: { statusCode: 99104, message: '运单已退回' },
  NOT_ALLOWED: { statusCode: 99105, message: '不满足拦截规则' },
  UNKNOWN_WAYBILL: { statusCode: 99106, message: '运单不存在' },
  NOT_CANCELLABLE: { statusCode: 99107, message: '当前状态不能取消拦截' },
};

/** World events → infoContent (reference §3). A returned parcel is signed for by the sender: SIGNED. */
const INFO_CONTENT: Record<WorldEventKind, string> = {
  COLLECTED: 'GOT',
  IN_TRANSIT: 'DEPARTURE',
  ARRIVED: 'ARRIVAL',
  OUT_FOR_DELIVERY: 'SENT_SCAN',
  AT_PICKUP_POINT: 'INBOUND',
  DELIVERED: 'SIGNED',
  BUYER_REFUSED: 'FAILED',
  RETURNING: 'TMS_RETURN',
  RETURNED: 'SIGNED',
  EXCEPTION: 'NOT_SEND',
};

/** On a parcel redirected by wanted_change_adapter, the world's way back is a forwarding to the new address. */
const REDIRECT_INFO_CONTENT: Partial<Record<WorldEventKind, string>> = {
  RETURNING: 'FORWARDING',
};

/** processInfo texts, in the style of YTO's (the real wording varies). */
const PROCESS_INFO: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `【${p}】已揽收`,
  IN_TRANSIT: (p) => `快件已从【${p}】发出`,
  ARRIVED: (p) => `快件已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】派件中`,
  AT_PICKUP_POINT: (p) => `快件已放入【${p}】自提柜`,
  DELIVERED: (p) => `快件已在【${p}】签收`,
  BUYER_REFUSED: (p) => `【${p}】签收失败：收方客户拒收`,
  RETURNING: (p) => `快件在【${p}】退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】签收`,
  EXCEPTION: (p) => `【${p}】揽收失败`,
};

const FORWARDING_INFO = (p: string) => `快件在【${p}】转寄新地址`;

/** A return leg's number: the first digit after YT rotated, still a valid YTO number. */
function returnLegNumber(old: string): string {
  const digit = Number(old.charAt(2));
  return `YT${(digit + 1) % 10}${old.slice(3)}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function gatewayError(code: string, reason: string): SimResponse {
  return jsonResponse({ success: false, code, reason, message: reason });
}

function wanted(statusCode: number, statusMessage: string): SimResponse {
  return jsonResponse({ statusCode, statusMessage });
}

/** The decoded body of a gateway call, or why it could not be read. */
type GatewayBody = { ok: true; param: string; sign: string } | { ok: false };

function readBody(body: string): GatewayBody {
  const read = readJsonObject(body);
  if (!read.ok) return { ok: false };
  const { param, sign } = read.value;
  if (typeof param !== 'string' || typeof sign !== 'string') return { ok: false };
  return { ok: true, param, sign };
}

/** Simulates openapi.yto.net.cn: `POST /open/{method}/v1/{pathId}/{customerCode}` with `{timestamp, param, sign, format}`. */
export class YtoSimulator extends BaseSimulator {
  readonly carrierId = 'yto';
  private readonly credentials: YtoSimCredentials;
  /** Waybills whose accepted interception is a wanted_change_adapter redirect: their way back renders as FORWARDING. */
  private readonly redirected = new Set<string>();
  /** Push delivery: how many events of each waybill were already pushed. */
  private readonly pushed = new Map<string, number>();

  constructor(options: YtoSimulatorOptions) {
    super(options, returnLegNumber);
    this.credentials = options.credentials ?? { ...YTO_SIM_CREDENTIALS };
  }

  protected operationOf(request: SimRequest): string {
    return PATH.exec(request.path)?.[1] ?? request.path;
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const m = PATH.exec(request.path);
    const body = readBody(request.body);
    if (!m || !body.ok) return { ok: true }; // malformed requests are answered by serve()
    const [, method, version, pathId, customerCode] = m;
    const expected = md5Base64(body.param + method! + version! + this.credentials.secret);
    if (pathId !== this.credentials.pathId || customerCode !== this.credentials.customerCode || body.sign !== expected) {
      return { ok: false, response: gatewayError(YTO_SIM_CODES.auth, '签名验证失败') };
    }
    return { ok: true };
  }

  /** The gateway's quota answer: HTTP 429 with Retry-After (YTO publishes no quota code; unconfirmed). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs);
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const m = PATH.exec(request.path);
    if (request.method !== 'POST' || !m || m[2] !== VERSION)
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    const body = readBody(request.body);
    if (!body.ok) return gatewayError(YTO_SIM_CODES.invalid, '请求参数错误');
    const read = readJsonObject(body.param);
    if (!read.ok) return gatewayError(YTO_SIM_CODES.invalid, 'param 格式错误');
    const param = read.value;
    switch (operation) {
      case 'track_query_adapter':
        return this.track(param);
      case 'wanted_report_adapter':
        return this.intercept(param, false);
      case 'wanted_change_adapter':
        return this.intercept(param, true);
      case 'wanted_cancel_adapter':
        return this.cancel(param);
      default:
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    }
  }

  private infoContentOf(waybillNo: string, event: WorldEvent): string {
    return (this.redirected.has(waybillNo) ? REDIRECT_INFO_CONTENT[event.kind] : undefined) ?? INFO_CONTENT[event.kind];
  }

  private processInfoOf(waybillNo: string, event: WorldEvent): string {
    return this.infoContentOf(waybillNo, event) === 'FORWARDING' ? FORWARDING_INFO(event.place) : PROCESS_INFO[event.kind](event.place);
  }

  private track(param: Record<string, unknown>): SimResponse {
    const number = textOf(param.NUMBER);
    if (!number) return gatewayError(YTO_SIM_CODES.invalid, '运单号不能为空');
    const events = WAYBILL.test(number) ? this.world.visible(number) : [];
    if (events.length === 0) {
      return jsonResponse({
        map: { [number]: [] },
        code: YTO_SIM_CODES.trackEmpty,
        success: 'true',
        reason: '查询结果为空',
        message: '查询结果为空。',
      });
    }
    // Newest first, as some clients sort them: the plugin must not rely on the order.
    return jsonResponse(
      [...events].reverse().map((event) => ({
        waybill_No: number,
        upload_Time: formatBeijingTime(event.at),
        infoContent: this.infoContentOf(number, event),
        processInfo: this.processInfoOf(number, event),
        city: event.place.slice(0, 2),
        district: event.place,
        weight: '0.5',
      })),
    );
  }

  private intercept(param: Record<string, unknown>, change: boolean): SimResponse {
    const waybillNo = textOf(param.waybillNo);
    if (!waybillNo || !textOf(param.wantedDesc)) return wanted(Number(YTO_SIM_CODES.invalid), 'waybillNo 和 wantedDesc 不能为空');
    if (change && CHANGE_FIELDS.some((field) => !textOf(param[field]))) return wanted(Number(YTO_SIM_CODES.invalid), '收件人信息不完整');
    // YTO takes no request id: a second interception of the same waybill is a duplicate.
    const outcome = this.world.intercept(waybillNo, change ? 'wanted_change_adapter' : 'wanted_report_adapter', waybillNo, {
      sameKeyIsDuplicate: true,
    });
    if (!outcome.ok) {
      const refusal = REFUSAL_STATUS[outcome.refusal];
      return wanted(refusal.statusCode, refusal.message);
    }
    if (change) this.redirected.add(waybillNo);
    else this.redirected.delete(waybillNo);
    return wanted(0, '成功');
  }

  private cancel(param: Record<string, unknown>): SimResponse {
    const waybillNo = textOf(param.waybillNo);
    if (!waybillNo || !textOf(param.dealRemark)) return wanted(Number(YTO_SIM_CODES.invalid), 'waybillNo 和 dealRemark 不能为空');
    const outcome = this.world.cancelIntercept(waybillNo);
    if (!outcome.ok) {
      const refusal = REFUSAL_STATUS[outcome.refusal === 'UNKNOWN_WAYBILL' ? 'UNKNOWN_WAYBILL' : 'NOT_CANCELLABLE'];
      return wanted(refusal.statusCode, refusal.message);
    }
    this.redirected.delete(waybillNo);
    return wanted(0, '成功');
  }

  /** The UpdateInfo of each visible event of a waybill, oldest first. */
  updateInfos(waybillNo: string, credentials: YtoSimCredentials = this.credentials): YtoSimUpdateInfo[] {
    return this.world.visible(waybillNo).map((event) => ({
      logisticProviderID: 'YTO',
      clientID: credentials.customerCode,
      mailNo: waybillNo,
      txLogisticID: `LJ${waybillNo}`,
      infoType: 'STATUS',
      infoContent: this.infoContentOf(waybillNo, event),
      acceptTime: formatBeijingTime(event.at),
      remark: this.processInfoOf(waybillNo, event),
      orgName: event.place,
      city: event.place.slice(0, 2),
    }));
  }

  /**
   * A push as YTO posts it: form fields logistics_interface (one UpdateInfo XML document), data_digest
   * = Base64(MD5(xml + secret)), clientId and type. `forged` signs with a wrong secret.
   */
  buildPush(
    info: YtoSimUpdateInfo | Record<string, string>,
    options: { forged?: boolean; credentials?: YtoSimCredentials } = {},
  ): PushRequest {
    const credentials = options.credentials ?? this.credentials;
    const children = Object.entries(info)
      .map(([name, value]) => (value === '' ? `<${name}/>` : `<${name}>${escapeXml(String(value))}</${name}>`))
      .join('');
    const xml = `<UpdateInfo>${children}</UpdateInfo>`;
    const secret = options.forged ? `${credentials.secret}-forged` : credentials.secret;
    const body = new URLSearchParams({
      logistics_interface: xml,
      data_digest: md5Base64(xml + secret),
      clientId: credentials.customerCode,
      type: 'online',
    }).toString();
    return { headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, query: {}, body };
  }

  /** Every push of the waybills' visible events, one event per request, in time order. */
  pushes(waybillNos: readonly string[], options: { credentials?: YtoSimCredentials } = {}): PushRequest[] {
    return waybillNos
      .flatMap((no) => this.updateInfos(no, options.credentials))
      .sort((a, b) => (a.acceptTime < b.acceptTime ? -1 : a.acceptTime > b.acceptTime ? 1 : 0))
      .map((info) => this.buildPush(info, options));
  }

  /**
   * The next push YTO would send for these waybills: their oldest visible event not yet pushed (YTO
   * pushes one event per request). When every visible event was pushed, the latest is sent again, as
   * a carrier re-delivers a push. Undefined when no waybill has a visible event.
   */
  nextPush(waybillNos: readonly string[], options: { forged?: boolean; credentials?: YtoSimCredentials } = {}): PushRequest | undefined {
    const pending = waybillNos
      .flatMap((no) => this.updateInfos(no, options.credentials).map((info, index) => ({ no, index, info })))
      .sort((a, b) => (a.info.acceptTime < b.info.acceptTime ? -1 : a.info.acceptTime > b.info.acceptTime ? 1 : 0));
    if (pending.length === 0) return undefined;
    const next = pending.find((p) => p.index >= (this.pushed.get(p.no) ?? 0)) ?? pending[pending.length - 1]!;
    if (!options.forged) this.pushed.set(next.no, Math.max(this.pushed.get(next.no) ?? 0, next.index + 1));
    return this.buildPush(next.info, options);
  }
}
