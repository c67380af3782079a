// Deppon DOP simulator: form calls signed with digest = Base64(hex MD5(params + appkey + timestamp)), the result/resultCode envelope, newTraceQuery and standTraceSubscribe.
import { createHash } from 'node:crypto';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import { type AuthCheck, BaseSimulator, jsonResponse, parseForm } from '../kit/base-simulator.ts';
import { worldCity } from '../kit/render.ts';
import type { SimRequest, SimResponse, SimulatorOptions } from '../kit/types.ts';
import { readJsonObject, tooManyRequests } from '../kit/wire.ts';
import type { WorldEventKind } from '../kit/world.ts';

/** Sandbox credentials of the simulated DOP account. */
export const DEPPON_SIM_CREDENTIALS = { companyCode: 'EWBSANDBOX', appKey: 'deppon-sandbox-appkey-0123456789' } as const;

/**
 * The code the simulator answers a bad digest or unknown companyCode with. Deppon's real code is
 * not published: this one is the simulator's own (unconfirmed), and the plugin's error table carries it.
 */
export const DEPPON_SIM_AUTH_ERROR = { code: 'SIM_DIGEST_ERROR', message: '签名校验失败' } as const;

/** Options of the Deppon simulator. */
export interface DepponSimulatorOptions extends SimulatorOptions {
  /** The account the simulator accepts; default DEPPON_SIM_CREDENTIALS. */
  credentials?: { companyCode: string; appKey: string };
}

/** The API paths the simulator serves (sync gateway). */
export const DEPPON_SIM_PATHS = {
  track: '/dop-interface-sync/standard-query/newTraceQuery.action',
  subscribe: '/dop-interface-sync/dop-nonstandard-extension/standTraceSubscribe.action',
} as const;

// The simulator's own signing (it never imports the plugin's): Base64 of the hex STRING of the MD5.
function digest(params: string, appKey: string, timestamp: string): string {
  return Buffer.from(
    createHash('md5')
      .update(params + appKey + timestamp, 'utf8')
      .digest('hex'),
    'ascii',
  ).toString('base64');
}

const WAYBILL = /^DPK\d{12}$/;

/**
 * World events → trace `status` codes (the NEW_TRACE_QUERY list; see the plugin README). Deppon has
 * no "returning" code in that list: a return leg is rendered as ordinary DEPARTURE scans.
 */
const STATUS: Record<WorldEventKind, string> = {
  COLLECTED: 'GOT',
  IN_TRANSIT: 'DEPARTURE',
  ARRIVED: 'ARRIVAL',
  OUT_FOR_DELIVERY: 'SENT_SCAN',
  AT_PICKUP_POINT: 'STA_INBOUND',
  DELIVERED: 'SIGNED',
  BUYER_REFUSED: 'FAILED',
  RETURNING: 'DEPARTURE',
  RETURNED: 'BACK_SIGNED',
  EXCEPTION: 'ERROR',
};

/** Description texts in the style of the sandbox sample. */
const DESCRIPTION: Record<WorldEventKind, (place: string) => string> = {
  COLLECTED: (p) => `您的订单已被收件员揽收,【${p}】库存中`,
  IN_TRANSIT: (p) => `运输中,离开【${p}】`,
  ARRIVED: (p) => `货物已到达【${p}】`,
  OUT_FOR_DELIVERY: (p) => `派送中,【${p}】派送人正在派送`,
  AT_PICKUP_POINT: (p) => `快递员已将货物放入【${p}】快递柜`,
  DELIVERED: (p) => `正常签收,【${p}】`,
  BUYER_REFUSED: (p) => `拒绝签收:客户拒收,【${p}】`,
  RETURNING: (p) => `运输中,离开【${p}】,退回发货人`,
  RETURNED: (p) => `退回件已签收,【${p}】`,
  EXCEPTION: (p) => `此货已滞留,【${p}】与客户预约改日派送`,
};

/** Simulates dpapi.deppon.com: form POSTs of companyCode, digest, timestamp and params (JSON). */
export class DepponSimulator extends BaseSimulator {
  readonly carrierId = 'deppon';
  private readonly credentials: { companyCode: string; appKey: string };
  private requestCounter = 0;
  /** Subscribed waybill numbers with the order number given, if any. */
  readonly subscriptions = new Map<string, string | undefined>();

  constructor(options: DepponSimulatorOptions) {
    super(options);
    this.credentials = options.credentials ?? { ...DEPPON_SIM_CREDENTIALS };
  }

  private requestNumber(): string {
    return String(38_500_000_000_000_000 + ++this.requestCounter);
  }

  private answer(fields: Record<string, unknown>): SimResponse {
    return jsonResponse({ ...fields, uniquerRequestNumber: this.requestNumber() });
  }

  private fail(code: string, reason: string): SimResponse {
    return this.answer({ result: 'false', reason, resultCode: code });
  }

  protected operationOf(request: SimRequest): string {
    return request.path;
  }

  protected authenticate(request: SimRequest): AuthCheck {
    const form = parseForm(request.body);
    const { companyCode, digest: received, timestamp, params } = form;
    if (
      companyCode !== this.credentials.companyCode ||
      !timestamp ||
      !/^\d+$/.test(timestamp) ||
      params === undefined ||
      received !== digest(params, this.credentials.appKey, timestamp)
    ) {
      return { ok: false, response: this.fail(DEPPON_SIM_AUTH_ERROR.code, DEPPON_SIM_AUTH_ERROR.message) };
    }
    return { ok: true };
  }

  /** Deppon publishes no quota code: the simulator answers quotas with HTTP 429 and Retry-After (seconds). */
  protected quotaError(_window: 'second' | 'minute', retryAfterMs: number): SimResponse {
    return tooManyRequests(retryAfterMs);
  }

  protected serve(request: SimRequest, operation: string): SimResponse {
    const read = readJsonObject(parseForm(request.body).params);
    if (!read.ok) return this.fail('SIM_BAD_REQUEST', 'params 格式错误');
    const params = read.value;
    switch (operation) {
      case DEPPON_SIM_PATHS.track:
        return this.track(params);
      case DEPPON_SIM_PATHS.subscribe:
        return this.subscribe(params);
      default:
        return { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>404</body></html>' };
    }
  }

  private track(params: Record<string, unknown>): SimResponse {
    const mailNo = typeof params.mailNo === 'string' ? params.mailNo : '';
    if (!mailNo) return this.fail('SIM_BAD_REQUEST', 'mailNo 不能为空');
    // Newest first, as in the sandbox sample; no route is success with an empty list (unconfirmed form).
    const traceList = this.world
      .visible(mailNo)
      .reverse()
      .map((event) => ({
        // The sample gives `city` and `site` separately.
        city: worldCity(event.place),
        description: DESCRIPTION[event.kind](event.place),
        site: event.place,
        status: STATUS[event.kind],
        time: formatBeijingTime(event.at),
      }));
    return this.answer({
      result: 'true',
      reason: '',
      resultCode: '1000',
      responseParam: { trace_list: traceList, tracking_number: mailNo },
    });
  }

  private subscribe(params: Record<string, unknown>): SimResponse {
    const trackingNumber = typeof params.tracking_number === 'string' ? params.tracking_number : '';
    if (!WAYBILL.test(trackingNumber)) {
      return this.answer({ result: false, error_message: 'tracking_number 格式错误', error_code: 'SIM_BAD_REQUEST', success: false });
    }
    this.subscriptions.set(trackingNumber, typeof params.order_number === 'string' ? params.order_number : undefined);
    return this.answer({ result: true, error_message: '订阅成功', error_code: '1000', success: true });
  }
}
