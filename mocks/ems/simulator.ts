// China Post platform simulator (api.ems.com.cn): SM4-encrypted form calls, the retCode envelope, track 040001, encrypted route pushes 040002; one class per product.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { PushRequest } from '../../src/carrier/model.ts';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import { worldCity } from '../kit/render.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import type { WorldEvent, WorldEventKind } from '../kit/world.ts';

/** The products the platform serves (registry ids). */
export type EmsSimProduct = 'ems' | 'chinapost-express' | 'chinapost-domestic';

/** An account of the simulated platform. */
export interface EmsSimCredentials {
  senderNo: string;
  authorization: string;
  /** Base64 of the 16-byte SM4 key. */
  signKey: string;
}

/** Sandbox credentials of the simulated platform (the signKey is Base64 of "lanjie-sim-sm4!!"). */
export const EMS_SIM_CREDENTIALS: EmsSimCredentials = {
  senderNo: '1100000000001',
  authorization: 'ems-sandbox-authorization',
  signKey: Buffer.from('lanjie-sim-sm4!!', 'utf8').toString('base64'),
};

/** Options of the platform simulator. */
export interface EmsSimulatorOptions extends SimulatorOptions {
  /** Which product this instance stands for (its carrierId). Default 'ems'. */
  product?: EmsSimProduct;
  /** The account the simulator accepts; default EMS_SIM_CREDENTIALS. */
  credentials?: EmsSimCredentials;
}

/** One route item as the simulator renders it (track responseItems and push payloads). */
export interface EmsSimRouteItem {
  waybillNo: string;
  opTime: string;
  opCode: string;
  opName: string;
  opDesc: string;
  opOrgName: string;
  opOrgCity: string;
  operatorNo: string;
}

/**
 * The simulator's own auth code: the reference gives none for this platform, so it is UNCONFIRMED
 * (the plugin's error table knows it under the same caveat). Missing fields get an unconfirmed code too.
 */
export const EMS_SIM_CODES = {
  success: '00000',
  auth: 'UNCONFIRMED-AUTH',
  badRequest: 'UNCONFIRMED-PARAM',
  unknownApi: 'UNCONFIRMED-API',
} as const;

const PREFIX = '|$4|';
const SUCCESS = EMS_SIM_CODES.success;

// The simulator's own SM4 (it never imports the plugin's): SM4-ECB, PKCS#7 padding, key = Base64-decoded signKey.
function sm4Key(signKey: string): Buffer {
  return Buffer.from(signKey, 'base64');
}
function sm4Encrypt(plain: string, signKey: string): string {
  const c = createCipheriv('sm4-ecb', sm4Key(signKey), null);
  return PREFIX + Buffer.concat([c.update(Buffer.from(plain, 'utf8')), c.final()]).toString('base64');
}
function sm4Decrypt(text: string, signKey: string): string | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  try {
    const d = createDecipheriv('sm4-ecb', sm4Key(signKey), null);
    return Buffer.concat([d.update(Buffer.from(text.slice(PREFIX.length), 'base64')), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * World events → route codes. The opCodes the reference lists (305/405 in transit, 702 delivery
 * stage, 711 signed; all mark I) are used where they fit; the reference has no code for the other
 * events, so the simulator uses its own "SIM-" codes for them, which the plugin reads as UNKNOWN
 * except 收寄 (collection), recognised by its name.
 */
const ROUTE: Record<WorldEventKind, { opCode: string; opName: string; desc: (place: string) => string }> = {
  COLLECTED: { opCode: 'SIM-COLLECTED', opName: '收寄', desc: (p) => `【${p}】已收寄` },
  IN_TRANSIT: { opCode: '305', opName: '离开处理中心', desc: (p) => `离开【${p}】，发往下一站` },
  ARRIVED: { opCode: '405', opName: '到达处理中心', desc: (p) => `到达【${p}】` },
  OUT_FOR_DELIVERY: { opCode: '702', opName: '安排投递', desc: (p) => `【${p}】安排投递` },
  AT_PICKUP_POINT: { opCode: 'SIM-PICKUP', opName: '代收点', desc: (p) => `已投递至【${p}】代收点` },
  DELIVERED: { opCode: '711', opName: '妥投', desc: (p) => `【${p}】已妥投` },
  BUYER_REFUSED: { opCode: 'SIM-REFUSED', opName: '拒收', desc: (p) => `【${p}】收件人拒收` },
  RETURNING: { opCode: 'SIM-RETURNING', opName: '退回', desc: (p) => `【${p}】邮件退回` },
  RETURNED: { opCode: 'SIM-RETURNED', opName: '退回妥投', desc: (p) => `退回邮件已在【${p}】妥投` },
  EXCEPTION: { opCode: 'SIM-EXCEPTION', opName: '异常', desc: (p) => `【${p}】邮件异常` },
};

/** A return leg's number: same length and first digit, second digit rotated. */
function returnLegNumber(old: string): string {
  const second = Number(old.charAt(1));
  return Number.isNaN(second) ? `${old}R` : `${old.charAt(0)}${(second + 1) % 10}${old.slice(2)}`;
}

/** Simulates the platform endpoint: `POST <endpoint>` with form fields and an SM4-encrypted logitcsInterface. */
export class EmsPlatformSimulator extends BaseSimulator {
  readonly carrierId: EmsSimProduct;
  readonly credentials: EmsSimCredentials;
  private serial = 0;

  constructor(options: EmsSimulatorOptions) {
    super(options, returnLegNumber);
    this.carrierId = options.product ?? 'ems';
    this.credentials = options.credentials ?? { ...EMS_SIM_CREDENTIALS };
  }

  private nextSerial(): string {
    return `SIM${String(++this.serial).padStart(12, '0')}`;
  }

  private envelope(retCode: string, retMsg: string, retBody: string | null): SimResponse {
    return jsonResponse({ retCode, retMsg, retBody, retDate: formatBeijingTime(this.clock.now()), serialNo: this.nextSerial() });
  }

  /** The business text of a request (decrypted, signKey suffix removed), or undefined when it does not decrypt so. */
  private businessText(request: SimRequest): string | undefined {
    const form = parseForm(request.body);
    const plain = sm4Decrypt(form.logitcsInterface ?? '', this.credentials.signKey);
    if (plain === undefined || !plain.endsWith(this.credentials.signKey)) return undefined;
    return plain.slice(0, plain.length - this.credentials.signKey.length);
  }

  /** The business JSON object of a request, or undefined. */
  private business(request: SimRequest): Record<string, unknown> | undefined {
    try {
      const value: unknown = JSON.parse(this.businessText(request) ?? '');
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  protected operationOf(request: SimRequest): string {
    return parseForm(request.body).apiCode ?? '(none)';
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const form = parseForm(request.body);
    const ok =
      form.senderNo === this.credentials.senderNo &&
      form.authorization === this.credentials.authorization &&
      this.businessText(request) !== undefined;
    return ok ? { ok: true } : { ok: false, response: this.envelope(EMS_SIM_CODES.auth, '鉴权失败（模拟器代码，未经证实）', null) };
  }

  /** No quota code is published for this platform: the simulator answers HTTP 429 (an assumption). */
  protected quotaError(): SimResponse {
    return {
      status: 429,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: 'Too Many Requests (simulated: the platform publishes no quota code)',
    };
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const form = parseForm(request.body);
    if (form.msgType !== '0' || !form.version || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(form.timeStamp ?? '')) {
      return this.envelope(EMS_SIM_CODES.badRequest, '公共参数缺失或格式错误', null);
    }
    const business = this.business(request);
    if (!business) return this.envelope(EMS_SIM_CODES.badRequest, '报文不是 JSON 对象', null);
    switch (operation) {
      case '040001':
        return this.track(business);
      default:
        return this.envelope(EMS_SIM_CODES.unknownApi, `不支持的接口代码 ${operation}`, null);
    }
  }

  private track(business: Record<string, unknown>): SimResponse {
    const waybillNo = typeof business.waybillNo === 'string' ? business.waybillNo.trim() : '';
    if (!waybillNo) return this.envelope(EMS_SIM_CODES.badRequest, '运单号不能为空', null);
    // Unknown numbers: success with no items (the platform's own not-found form is not in the reference).
    const responseItems = this.routeItems(waybillNo);
    return this.envelope(SUCCESS, '成功', JSON.stringify({ responseItems }));
  }

  /** The route items of a waybill's visible events, oldest first. */
  routeItems(waybillNo: string): EmsSimRouteItem[] {
    return this.world.visible(waybillNo).map((event: WorldEvent, index) => {
      const route = ROUTE[event.kind];
      return {
        waybillNo,
        opTime: formatBeijingTime(event.at),
        opCode: route.opCode,
        opName: route.opName,
        opDesc: route.desc(event.place),
        opOrgName: event.place,
        opOrgCity: worldCity(event.place),
        operatorNo: `OP${String(index + 1).padStart(4, '0')}`,
      };
    });
  }

  /**
   * A route push as the platform posts it: a JSON body {logitcsInterface, method "040002", msgType,
   * senderNo, serialNo, timeStamp, version}. The payload is one item when given one (the form public
   * code reads) and an array otherwise; it is encrypted WITHOUT the signKey suffix (public receivers
   * parse the decrypted text as JSON directly). `forged` encrypts with another key.
   */
  buildPush(items: readonly object[], options: { forged?: boolean; credentials?: EmsSimCredentials; senderNo?: string } = {}): PushRequest {
    const credentials = options.credentials ?? this.credentials;
    const key = options.forged ? Buffer.from('forged-sm4-key!!', 'utf8').toString('base64') : credentials.signKey;
    const payload = JSON.stringify(items.length === 1 ? items[0] : items);
    const body = JSON.stringify({
      logitcsInterface: sm4Encrypt(payload, key),
      method: '040002',
      msgType: '0',
      senderNo: options.senderNo ?? credentials.senderNo,
      serialNo: this.nextSerial(),
      timeStamp: formatBeijingTime(this.clock.now()),
      version: 'v1.0.0',
    });
    return { headers: { 'content-type': 'application/json;charset=UTF-8' }, query: {}, body };
  }

  /** One push per visible event of the waybills: how the platform delivers routes. */
  pushes(waybillNos: readonly string[], options: { credentials?: EmsSimCredentials } = {}): PushRequest[] {
    return waybillNos.flatMap((no) => this.routeItems(no)).map((item) => this.buildPush([item], options));
  }
}

/** Encrypts `plain` the platform's way with `signKey` (for tests that hand-build pushes). */
export function emsSimEncrypt(plain: string, signKey: string): string {
  return sm4Encrypt(plain, signKey);
}
