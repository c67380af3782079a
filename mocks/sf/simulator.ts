// SF Express simulator: the /std/service gateway (signed form, A1000/S0000 envelope), route query, interception and route pushes.
import { createHash, randomUUID } from 'node:crypto';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, textOf, tooManyRequests } from '../kit/wire.ts';
import type { WorldEvent, WorldEventKind, WorldParcel, WorldRefusal } from '../kit/world.ts';

/** One SF partner account the simulator knows: 顾客编码 and its checkWord. */
export interface SfSimAccount {
  partnerId: string;
  checkWord: string;
}

/** The sandbox account every SF simulator knows unless told otherwise. */
export const SF_SIM_SANDBOX_ACCOUNT: SfSimAccount = { partnerId: 'LANJIE_SANDBOX', checkWord: 'lanjie-sf-sandbox-checkword' };

/** Options of the SF simulator. */
export interface SfSimulatorOptions extends SimulatorOptions {
  /** Partner accounts accepted by the gateway. Default: the sandbox account. */
  accounts?: readonly SfSimAccount[];
  /**
   * Refuse a request whose Content-Type is not application/x-www-form-urlencoded with A1001 (the
   * envelope is form, C-doc; how the real gateway refuses another type is unconfirmed). Default true.
   */
  requireFormContentType?: boolean;
  /**
   * Refuse a signed request whose timestamp (seconds or ms) is further than this from the
   * simulator's clock with A1002 请求时效已过期 (the window is unconfirmed). Default 15 min; null: any time.
   */
  timestampWindowMs?: number | null;
  /** Refuse a signed request whose requestID was already seen within the window with A1007 重复请求 (unconfirmed). Default true. */
  refuseReplayedRequestId?: boolean;
}

const DEFAULT_TIMESTAMP_WINDOW_MS = 15 * 60_000;

const SERVICE_PATH = '/std/service';
const ROUTE_QUERY_LIMIT = 10;
const PUSH_ROUTE_LIMIT = 10;

/** Gateway codes the simulator sends (A1000 from the reference; the others from general knowledge of SF's gateway, unconfirmed). */
const GATEWAY = {
  ok: { code: 'A1000', msg: '' },
  missing: { code: 'A1001', msg: '必传参数不可为空' },
  noService: { code: 'A1004', msg: '无对应服务权限' },
  badSignature: { code: 'A1006', msg: '数字签名无效' },
  expired: { code: 'A1002', msg: '请求时效已过期' },
  replayed: { code: 'A1007', msg: '重复请求' },
} as const;

/**
 * Business codes of interception answers. SF publishes no refusal table: every code here except
 * S0000 is the simulator's own choice (unconfirmed), mirrored in carriers/sf/mapping.ts.
 */
const REFUSALS: Record<WorldRefusal, { code: string; msg: string }> = {
  ALREADY_DELIVERED: { code: '20001', msg: '快件已签收，不可拦截' },
  NOT_COLLECTED: { code: '20002', msg: '快件未收件，不可拦截' },
  ALREADY_RETURNING: { code: '20003', msg: '快件已在退回或转寄中' },
  NOT_ALLOWED: { code: '20004', msg: '该快件不支持拦截' },
  UNKNOWN_WAYBILL: { code: '20005', msg: '运单号不存在' },
  DUPLICATE: { code: '20006', msg: '已存在拦截指令，请勿重复提交' },
  NOT_CANCELLABLE: { code: '20007', msg: '拦截指令不可取消' },
};
const PARAM_ERROR = '20010';

/** How the simulator renders world events as SF routes (its own table, independent of the plugin's). */
interface RouteRendering {
  opCode: string;
  remark(event: WorldEvent): string;
}
const FORWARD_ROUTES: Record<WorldEventKind, RouteRendering> = {
  COLLECTED: { opCode: '50', remark: (e) => `顺丰速运 已收取快件，【${e.place}】` },
  IN_TRANSIT: { opCode: '30', remark: (e) => `快件在【${e.place}】完成分拣，准备发往下一站` },
  ARRIVED: { opCode: '31', remark: (e) => `快件到达 【${e.place}】` },
  OUT_FOR_DELIVERY: { opCode: '44', remark: (e) => `快件交给快递员，正在派送途中（【${e.place}】）` },
  AT_PICKUP_POINT: { opCode: '125', remark: (e) => `快件已放入【${e.place}】，请凭取件码取件` },
  DELIVERED: { opCode: '80', remark: () => '已签收，感谢使用顺丰，期待再次为您服务' },
  BUYER_REFUSED: { opCode: '70', remark: () => '派件不成功，客户拒收' },
  RETURNING: {
    opCode: '648',
    remark: (e) => (e.newWaybillNo ? `快件已退回，新单号为：${e.newWaybillNo}` : '应寄件方要求，快件正在退回寄件人'),
  },
  RETURNED: { opCode: '631', remark: () => '快件已退回寄件人，已签收' },
  EXCEPTION: { opCode: '33', remark: () => '派件异常，快件未能按时派送' },
};
/** A 转寄 (serviceCode 1) turns the world's way back into a redirect: 99 on the way, 80 at the new address. */
const REDIRECT_ROUTES: Partial<Record<WorldEventKind, RouteRendering>> = {
  RETURNING: { opCode: '99', remark: () => '应客户要求，快件正在转寄中' },
  RETURNED: { opCode: '80', remark: () => '快件已转寄至新地址，已签收' },
};

/** An SF route as the simulator sends it (query answer). */
interface SimRoute {
  acceptTime: string;
  acceptAddress: string;
  remark: string;
  opCode: string;
}

/** A route in a route push. */
export interface SimPushRoute extends SimRoute {
  mailno: string;
  orderid: string;
  id: string;
  reasonCode: string;
  reasonName: string;
}

/** quote_plus over UTF-8 bytes, written byte by byte (independent of the plugin's encodeURIComponent-based code). */
function quotePlusBytes(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function expectedDigest(msgData: string, timestamp: string, checkWord: string): string {
  return createHash('md5')
    .update(Buffer.from(quotePlusBytes(`${msgData}${timestamp}${checkWord}`), 'utf8'))
    .digest('base64');
}

/** A new valid SF number for a return leg: same 13 digits shifted by a fixed offset, wrapped to 13 digits. */
export function sfReturnNumber(old: string): string {
  const digits = old.replace(/^SF/, '');
  const shifted = (BigInt(/^\d{13}$/.test(digits) ? digits : '0') + 5_000_000_000_000n) % 10_000_000_000_000n;
  return `SF${shifted.toString().padStart(13, '0')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Simulates SF's JSON gateway and its route pushes over a ParcelWorld. */
export class SfSimulator extends BaseSimulator {
  readonly carrierId = 'sf';
  private readonly accounts: readonly SfSimAccount[];
  private pushSeq = 0;
  private readonly requireFormContentType: boolean;
  private readonly timestampWindowMs: number | null;
  private readonly refuseReplayedRequestId: boolean;
  /** requestIDs of signed requests already served, with when they were seen (pruned after the window). */
  private readonly seenRequestIds = new Map<string, number>();

  constructor(options: SfSimulatorOptions) {
    super(options, sfReturnNumber);
    this.accounts = options.accounts ?? [SF_SIM_SANDBOX_ACCOUNT];
    this.requireFormContentType = options.requireFormContentType ?? true;
    this.timestampWindowMs = options.timestampWindowMs === undefined ? DEFAULT_TIMESTAMP_WINDOW_MS : options.timestampWindowMs;
    this.refuseReplayedRequestId = options.refuseReplayedRequestId ?? true;
  }

  /** Whether the Content-Type is a form (the only envelope SF's gateway reads). */
  private isForm(request: SimRequest): boolean {
    const type = request.headers['content-type'] ?? '';
    return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
  }

  protected operationOf(request: SimRequest): string {
    if (!request.path.endsWith(SERVICE_PATH)) return 'unknown-path';
    return parseForm(request.body).serviceCode ?? 'unknown';
  }

  protected authenticate(request: SimRequest): AuthCheck {
    if (!request.path.endsWith(SERVICE_PATH) || request.method !== 'POST') return { ok: true }; // serve answers 404
    // A body that is not a form carries none of the required fields.
    if (this.requireFormContentType && !this.isForm(request)) return { ok: false, response: this.gateway(GATEWAY.missing) };
    const form = parseForm(request.body);
    const { partnerID, timestamp, msgDigest, msgData, requestID } = form;
    if (!partnerID || !timestamp || !msgDigest || msgData === undefined) return { ok: true }; // serve answers A1001
    const account = this.accounts.find((a) => a.partnerId === partnerID);
    if (!account || expectedDigest(msgData, timestamp, account.checkWord) !== msgDigest) {
      return { ok: false, response: this.gateway(GATEWAY.badSignature) };
    }
    const now = this.clock.nowMs();
    if (this.timestampWindowMs !== null && /^(\d{10}|\d{13})$/.test(timestamp)) {
      const sentMs = timestamp.length === 10 ? Number(timestamp) * 1000 : Number(timestamp);
      if (Math.abs(now - sentMs) > this.timestampWindowMs) return { ok: false, response: this.gateway(GATEWAY.expired) };
    }
    if (this.refuseReplayedRequestId && requestID) {
      const keepMs = this.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS;
      for (const [id, at] of this.seenRequestIds) if (now - at > keepMs) this.seenRequestIds.delete(id);
      if (this.seenRequestIds.has(requestID)) return { ok: false, response: this.gateway(GATEWAY.replayed) };
      this.seenRequestIds.set(requestID, now);
    }
    return { ok: true };
  }

  /** SF publishes no quota code: the simulator answers HTTP 429 with Retry-After (our choice). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs);
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    if (!request.path.endsWith(SERVICE_PATH) || request.method !== 'POST') {
      return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    }
    const form = parseForm(request.body);
    if (!form.partnerID || !form.requestID || !form.serviceCode || !form.timestamp || !form.msgDigest || form.msgData === undefined) {
      return this.gateway(GATEWAY.missing);
    }
    if (!/^(\d{10}|\d{13})$/.test(form.timestamp)) return this.gateway(GATEWAY.missing);
    const read = readJsonObject(form.msgData);
    if (!read.ok)
      return this.business(false, PARAM_ERROR, read.reason === 'not-json' ? 'msgData 不是合法的JSON' : 'msgData 不是JSON对象', null);
    const msg = read.value;
    switch (operation) {
      case 'EXP_RECE_SEARCH_ROUTES':
        return this.searchRoutes(msg);
      case 'EXP_RECE_WANTED_INTERCEPT':
        return this.wantedIntercept(msg, form.requestID);
      default:
        return this.gateway(GATEWAY.noService);
    }
  }

  /** A gateway-level answer (no apiResultData unless A1000). */
  private gateway(code: { code: string; msg: string }, resultData: string | null = null): SimResponse {
    return jsonResponse({
      apiResultCode: code.code,
      apiErrorMsg: code.msg,
      apiResponseID: randomUUID().replace(/-/g, '').toUpperCase(),
      apiResultData: resultData,
    });
  }

  /** An A1000 answer carrying a business result as a JSON string. */
  private business(success: boolean, errorCode: string, errorMsg: string | null, msgData: unknown): SimResponse {
    return this.gateway(GATEWAY.ok, JSON.stringify({ success, errorCode, errorMsg, msgData }));
  }

  private searchRoutes(msg: Record<string, unknown>): SimResponse {
    const numbers = msg.trackingNumber;
    if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'string')) {
      return this.business(false, PARAM_ERROR, 'trackingNumber 必须是运单号数组', null);
    }
    if (numbers.length > ROUTE_QUERY_LIMIT) return this.business(false, PARAM_ERROR, `一次最多查询${ROUTE_QUERY_LIMIT}个单号`, null);
    const byWaybill = msg.trackingType === '1';
    const phone = textOf(msg.checkPhoneNo);
    const routeResps = (numbers as string[]).map((mailNo) => {
      const parcel = byWaybill ? this.world.get(mailNo) : undefined;
      // Own waybills show without checkPhoneNo; a wrong checkPhoneNo shows nothing.
      const visible = parcel && (phone === undefined || phone === parcel.phoneLast4);
      return { mailNo, routes: visible ? this.routesOf(parcel) : [] };
    });
    return this.business(true, 'S0000', null, { routeResps });
  }

  private wantedIntercept(msg: Record<string, unknown>, requestId: string): SimResponse {
    const waybillNo = textOf(msg.waybillNo);
    if (!waybillNo) return this.business(false, PARAM_ERROR, 'waybillNo 不能为空', null);
    if (msg.cancel === true) {
      const cusId = textOf(msg.cusId);
      if (!cusId) return this.business(false, PARAM_ERROR, '取消拦截须传入cusId', null);
      const cancelled = this.world.cancelIntercept(waybillNo, cusId);
      if (!cancelled.ok) return this.refusal(cancelled.refusal);
      return this.business(true, 'S0000', null, null);
    }
    const serviceCode = textOf(msg.serviceCode);
    if (serviceCode !== '1' && serviceCode !== '2') return this.business(false, PARAM_ERROR, '暂不支持该服务类型', null);
    const payMode = textOf(msg.payMode);
    if ((payMode === '3' || payMode === '4') && !textOf(msg.monthlyCardNo))
      return this.business(false, PARAM_ERROR, '月结卡号不能为空', null);
    const address = msg.newDestAddress;
    const fields = ['province', 'city', 'county', 'address', 'contact', 'phone'] as const;
    if (!isRecord(address) || fields.some((f) => !textOf(address[f]))) {
      return this.business(false, PARAM_ERROR, 'newDestAddress 不完整', null);
    }
    // SF takes no idempotency key: every request is new, and a second instruction is a duplicate.
    const answer = this.world.intercept(waybillNo, serviceCode === '1' ? 'REDIRECT' : 'RETURN', requestId, { sameKeyIsDuplicate: true });
    if (!answer.ok) return this.refusal(answer.refusal);
    return this.business(true, 'S0000', null, { cusId: answer.interception.ref });
  }

  private refusal(refusal: WorldRefusal): SimResponse {
    const { code, msg } = REFUSALS[refusal];
    return this.business(false, code, msg, null);
  }

  private rendering(parcel: WorldParcel, event: WorldEvent): RouteRendering {
    const redirect = parcel.interception?.state === 'ACCEPTED' && parcel.interception.kind === 'REDIRECT';
    return (redirect ? REDIRECT_ROUTES[event.kind] : undefined) ?? FORWARD_ROUTES[event.kind];
  }

  private routesOf(parcel: WorldParcel): SimRoute[] {
    return this.world.visible(parcel.waybillNo).map((event) => {
      const rendering = this.rendering(parcel, event);
      return {
        acceptTime: formatBeijingTime(event.at),
        acceptAddress: event.place,
        remark: rendering.remark(event),
        opCode: rendering.opCode,
      };
    });
  }

  /**
   * The route push SF would send for these waybills' visible events:
   * `{"Body":{"WaybillRoute":[...]}}`. SF sends at most 10 routes per message; the contract suite
   * asks for one message, so this one holds every visible route (use `routePushMessages` to split).
   */
  routePushBody(waybillNos: readonly string[]): { Body: { WaybillRoute: SimPushRoute[] } } {
    const routes: SimPushRoute[] = [];
    for (const waybillNo of waybillNos) {
      const parcel = this.world.get(waybillNo);
      if (!parcel) continue;
      for (const route of this.routesOf(parcel)) {
        // reasonCode / reasonName: SF's values are not in the reference, so the simulator leaves them empty.
        routes.push({ ...route, mailno: waybillNo, orderid: `LJ${waybillNo}`, id: String(++this.pushSeq), reasonCode: '', reasonName: '' });
      }
    }
    return { Body: { WaybillRoute: routes } };
  }

  /** The same routes split as SF sends them: messages of at most 10 routes. */
  routePushMessages(waybillNos: readonly string[]): { Body: { WaybillRoute: SimPushRoute[] } }[] {
    const all = this.routePushBody(waybillNos).Body.WaybillRoute;
    const messages: { Body: { WaybillRoute: SimPushRoute[] } }[] = [];
    for (let i = 0; i < all.length; i += PUSH_ROUTE_LIMIT) messages.push({ Body: { WaybillRoute: all.slice(i, i + PUSH_ROUTE_LIMIT) } });
    return messages;
  }
}
