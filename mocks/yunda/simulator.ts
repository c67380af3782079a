// Yunda open-platform simulator: JSON calls signed in the `sign` header, the {result, code, message, data} envelope, track query and subscription.
import { createHash } from 'node:crypto';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse } from '../kit/base-simulator.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, tooManyRequests } from '../kit/wire.ts';
import type { WorldEventKind } from '../kit/world.ts';

/** Sandbox credentials of the simulated Yunda app. */
export const YUNDA_SIM_CREDENTIALS = { appKey: 'yunda-sandbox-appkey', appSecret: 'yunda-sandbox-secret-0123456789' } as const;

/**
 * The code the simulator answers a bad signature or unknown app key with. Yunda's real code is not
 * published: this one is the simulator's own (unconfirmed), and the plugin's error table carries it.
 */
export const YUNDA_SIM_AUTH_ERROR = { code: 'SIM_SIGN_ERROR', message: '签名校验失败' } as const;

/** The code of a successful answer (the simulator's choice: Yunda's value is not in the reference). */
export const YUNDA_SIM_OK_CODE = '0000';

/** Options of the Yunda simulator. */
export interface YundaSimulatorOptions extends SimulatorOptions {
  /** The app the simulator accepts; default YUNDA_SIM_CREDENTIALS. */
  credentials?: { appKey: string; appSecret: string };
}

/** The API paths the simulator serves ("logictis" is Yunda's spelling). */
export const YUNDA_SIM_PATHS = {
  track: '/openapi/outer/logictis/query',
  subscribe: '/openapi/outer/logictis/subscribe',
} as const;

// The simulator's own signing (it never imports the plugin's): lower-case hex MD5 of body + "_" + secret.
function sign(body: string, secret: string): string {
  return createHash('md5').update(`${body}_${secret}`, 'utf8').digest('hex');
}

const WAYBILL = /^[34]\d{14}$|^5\d{12}$|^3\d{12}$/;

/**
 * World events → Yunda scan action (reference §4). Yunda has no "return signed" action: a returned
 * parcel is signed for with SIGNED.
 */
const ACTION: Record<WorldEventKind, string> = {
  COLLECTED: 'GOT',
  IN_TRANSIT: 'DEPARTURE',
  ARRIVED: 'ARRIVAL',
  OUT_FOR_DELIVERY: 'SENT',
  AT_PICKUP_POINT: 'INBOUND',
  DELIVERED: 'SIGNED',
  BUYER_REFUSED: 'REJECTION',
  RETURNING: 'RETURN',
  RETURNED: 'SIGNED',
  EXCEPTION: 'ISSUE',
};

/** Description texts in the style of Yunda's (the real wording varies). */
const DESCRIPTION: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `【${p}】已揽收`,
  IN_TRANSIT: (p) => `快件已从【${p}】发出`,
  ARRIVED: (p) => `快件已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `【${p}】派件员正在为您派件`,
  AT_PICKUP_POINT: (p) => `快件已到达【${p}】代收点`,
  DELIVERED: (p) => `快件已在【${p}】签收`,
  BUYER_REFUSED: (p) => `【${p}】收件人拒收`,
  RETURNING: (p) => `快件在【${p}】退回寄件人`,
  RETURNED: (p) => `退回件已在【${p}】签收`,
  EXCEPTION: (p) => `【${p}】问题件`,
};

function ok(data: unknown): SimResponse {
  return jsonResponse({ result: true, code: YUNDA_SIM_OK_CODE, message: '请求成功', data });
}

function fail(code: string, message: string): SimResponse {
  return jsonResponse({ result: false, code, message, data: null });
}

/** Simulates openapi.yundaex.com: `POST /openapi/outer/logictis/{query,subscribe}` with a JSON body and app-key / req-time / sign headers. */
export class YundaSimulator extends BaseSimulator {
  readonly carrierId = 'yunda';
  private readonly credentials: { appKey: string; appSecret: string };
  /** Subscribed waybill numbers with the order id they were subscribed under. */
  readonly subscriptions = new Map<string, string>();

  constructor(options: YundaSimulatorOptions) {
    super(options);
    this.credentials = options.credentials ?? { ...YUNDA_SIM_CREDENTIALS };
  }

  protected operationOf(request: SimRequest): string {
    return request.path;
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const appKey = request.headers['app-key'];
    const received = request.headers.sign;
    if (
      appKey !== this.credentials.appKey ||
      received !== sign(request.body, this.credentials.appSecret) ||
      !/^\d+$/.test(request.headers['req-time'] ?? '')
    ) {
      return { ok: false, response: fail(YUNDA_SIM_AUTH_ERROR.code, YUNDA_SIM_AUTH_ERROR.message) };
    }
    return { ok: true };
  }

  /** Yunda publishes no quota code: the simulator answers quotas with HTTP 429 and Retry-After (seconds). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs);
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const read = readJsonObject(request.body);
    if (!read.ok) return fail('SIM_BAD_REQUEST', '请求参数错误');
    const body = read.value;
    switch (operation) {
      case YUNDA_SIM_PATHS.track:
        return this.track(body);
      case YUNDA_SIM_PATHS.subscribe:
        return this.subscribe(body);
      default:
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    }
  }

  private track(body: Record<string, unknown>): SimResponse {
    const mailno = typeof body.mailno === 'string' ? body.mailno : '';
    if (!mailno) return fail('SIM_BAD_REQUEST', 'mailno 不能为空');
    const steps = this.world.visible(mailno).map((event) => ({
      time: formatBeijingTime(event.at),
      city: event.place,
      description: DESCRIPTION[event.kind](event.place),
      action: ACTION[event.kind],
    }));
    // No route: success with empty steps (the form Yunda uses is not in the reference). `status`
    // is undocumented; the simulator puts the latest action there.
    return ok({ mailno, status: steps[steps.length - 1]?.action ?? '', steps });
  }

  private subscribe(body: Record<string, unknown>): SimResponse {
    if (!Array.isArray(body.orders) || body.orders.length === 0) return fail('SIM_BAD_REQUEST', 'orders 不能为空');
    const orders = (body.orders as unknown[]).map((order) => {
      const o = (typeof order === 'object' && order !== null ? order : {}) as Record<string, unknown>;
      const orderid = typeof o.orderid === 'string' ? o.orderid : '';
      const mailno = typeof o.mailno === 'string' ? o.mailno : '';
      const accepted = orderid !== '' && WAYBILL.test(mailno);
      if (accepted) this.subscriptions.set(mailno, orderid);
      return { orderid, mailno, result: accepted, message: accepted ? '订阅成功' : '运单号格式错误' };
    });
    return ok({ orders });
  }
}
