// SF Express client: signed form calls to /std/service (route query, interception, cancellation) and route-push parsing.
import { createHash, timingSafeEqual } from 'node:crypto';
import { addressFields } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import {
  BadResponseError,
  type ErrorKind,
  InvalidRequestError,
  NotSupportedError,
  PushRejectedError,
  errorFromTable,
} from '../../src/carrier/errors.ts';
import { probeCredentials } from '../../src/carrier/credentials.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type {
  CancelInterceptInput,
  CancelInterceptResult,
  InterceptRequest,
  InterceptResult,
  PushParseResult,
  PushRequest,
  TrackInput,
  TrackResult,
} from '../../src/carrier/model.ts';
import { pushUpdatesByWaybill } from '../../src/carrier/push-updates.ts';
import { trackResultOf } from '../../src/carrier/track-result.ts';
import type { SfConfig } from './config.ts';
import {
  SF_ERRORS,
  SF_GATEWAY_OK,
  SF_INTERCEPT_PAY_MODE,
  SF_INTERCEPT_ROLE,
  SF_INTERCEPT_SERVICE_CODES,
  SF_NEW_DEST_ADDRESS_FIELDS,
  eventFromRoute,
} from './mapping.ts';
import {
  type SfGatewayResponse,
  type SfResultData,
  type SfRouteResp,
  SfGatewayResponseSchema,
  SfInterceptDataSchema,
  SfResultDataSchema,
  SfRoutePushSchema,
  SfRouteQueryDataSchema,
} from './schemas.ts';
import { sfMsgDigest, sfTimestamp } from './sign.ts';

const CARRIER_ID = 'sf';
/** The single service path of SF's JSON gateway. */
const SERVICE_PATH = '/std/service';
/** Route query batch limit (reference §1: ≤ 10 numbers). */
const TRACK_BATCH = 10;
/** The exact reply SF expects to a route push. */
const PUSH_REPLY_BODY = JSON.stringify({ return_code: '0000', return_msg: '成功' });

/** SF service codes used by this plugin. */
const SERVICE = {
  routes: 'EXP_RECE_SEARCH_ROUTES',
  intercept: 'EXP_RECE_WANTED_INTERCEPT',
} as const;

/** A successful call: the gateway envelope and the decoded business result. */
interface SfCallResult {
  gateway: SfGatewayResponse;
  result: SfResultData;
  /** The envelope with `apiResultData` decoded, kept as `raw`. */
  raw: Record<string, unknown>;
}

/** Compares two secrets in constant time (hashing first so lengths never leak). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** IPv4 addresses seen through an IPv6 socket arrive as `::ffff:a.b.c.d`. */
function normaliseIp(ip: string): string {
  return ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

/** Splits `items` into chunks of at most `size`. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The number the credential check queries: well-formed, never issued. */
export const SF_PROBE_WAYBILL = 'SF0000000000000';

/** Builds the SF client of one account. */
export function createClient(config: SfConfig, ctx: CarrierContext): CarrierClient {
  /** Sends one signed request and returns the decoded business result; SF error codes become typed errors. */
  async function call(serviceCode: string, msg: Record<string, unknown>, businessFallback: ErrorKind): Promise<SfCallResult> {
    const msgData = JSON.stringify(msg);
    const timestamp = sfTimestamp(ctx.clock.nowMs());
    const form = new URLSearchParams({
      partnerID: config.partnerId,
      requestID: ctx.newId(),
      serviceCode,
      timestamp,
      msgDigest: sfMsgDigest(msgData, timestamp, config.checkWord),
      msgData,
    });
    const response = await ctx.http.send({
      method: 'POST',
      url: SERVICE_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: form.toString(),
    });
    const gateway = parseCarrierJson(CARRIER_ID, SfGatewayResponseSchema, response.body, `${serviceCode} gateway envelope`);
    if (gateway.apiResultCode !== SF_GATEWAY_OK) {
      throw errorFromTable(CARRIER_ID, SF_ERRORS, gateway.apiResultCode, gateway.apiErrorMsg ?? undefined, gateway, 'invalid');
    }
    if (!gateway.apiResultData) {
      throw new BadResponseError(
        CARRIER_ID,
        `${serviceCode}: ${SF_GATEWAY_OK} without apiResultData`,
        [{ path: 'apiResultData', message: 'expected a JSON string' }],
        { raw: gateway },
      );
    }
    const result = parseCarrierJson(CARRIER_ID, SfResultDataSchema, gateway.apiResultData, `${serviceCode} apiResultData`);
    const raw = { ...gateway, apiResultData: result };
    if (!result.success) {
      const code = result.errorCode ?? 'unknown';
      throw errorFromTable(CARRIER_ID, SF_ERRORS, code, result.errorMsg ?? undefined, raw, businessFallback);
    }
    return { gateway, result, raw };
  }

  function trackResult(waybillNo: string, resp: SfRouteResp | undefined): TrackResult {
    return trackResultOf(
      CARRIER_ID,
      waybillNo,
      (resp?.routes ?? []).map((route) => eventFromRoute(route, waybillNo)),
      resp ?? null,
    );
  }

  async function trackBatch(waybillNos: readonly string[], phoneLast4: string | undefined): Promise<Map<string, SfRouteResp>> {
    const msg: Record<string, unknown> = {
      language: '0',
      trackingType: '1',
      trackingNumber: waybillNos,
      methodType: '1',
    };
    if (phoneLast4) msg.checkPhoneNo = phoneLast4;
    const { result } = await call(SERVICE.routes, msg, 'invalid');
    const data = validateCarrierPayload(CARRIER_ID, SfRouteQueryDataSchema, result.msgData, `${SERVICE.routes} msgData`);
    return new Map(data.routeResps.map((resp) => [resp.mailNo, resp]));
  }

  return {
    async checkCredentials() {
      // One signed route query of a number never issued: the gateway checks partnerID and msgDigest (A1006) first.
      await probeCredentials(() =>
        call(SERVICE.routes, { language: '0', trackingType: '1', trackingNumber: [SF_PROBE_WAYBILL], methodType: '1' }, 'invalid'),
      );
    },

    async track(inputs: readonly TrackInput[]): Promise<TrackResult[]> {
      // checkPhoneNo is one field per request: numbers are grouped by the phone digits they come with.
      const groups = new Map<string, string[]>();
      for (const input of inputs) {
        const key = input.phoneLast4 ?? '';
        const group = groups.get(key) ?? [];
        if (!group.includes(input.waybillNo)) group.push(input.waybillNo);
        groups.set(key, group);
      }
      const answers = new Map<string, Map<string, SfRouteResp>>();
      for (const [phone, numbers] of groups) {
        const found = new Map<string, SfRouteResp>();
        for (const batch of chunk(numbers, TRACK_BATCH)) {
          for (const [mailNo, resp] of await trackBatch(batch, phone || undefined)) found.set(mailNo, resp);
        }
        answers.set(phone, found);
      }
      return inputs.map((input) => trackResult(input.waybillNo, answers.get(input.phoneLast4 ?? '')?.get(input.waybillNo)));
    },

    async intercept(input: InterceptRequest): Promise<InterceptResult> {
      const serviceCode = SF_INTERCEPT_SERVICE_CODES[input.kind];
      if (!serviceCode) throw new NotSupportedError(CARRIER_ID, `SF offers no ${input.kind} interception`);
      if (!input.address) {
        throw new InvalidRequestError(CARRIER_ID, `SF needs the destination address (newDestAddress) for ${input.kind}`);
      }
      if (!config.monthlyCardNo) {
        throw new InvalidRequestError(CARRIER_ID, 'SF interceptions are paid on the monthly account (payMode 4): configure monthlyCardNo');
      }
      const msg = {
        waybillNo: input.waybillNo,
        serviceCode,
        role: SF_INTERCEPT_ROLE,
        payMode: SF_INTERCEPT_PAY_MODE,
        monthlyCardNo: config.monthlyCardNo,
        newDestAddress: addressFields(input.address, SF_NEW_DEST_ADDRESS_FIELDS),
        cancel: false,
      };
      const { result, raw } = await call(SERVICE.intercept, msg, 'not_interceptable');
      const data = validateCarrierPayload(CARRIER_ID, SfInterceptDataSchema, result.msgData, `${SERVICE.intercept} msgData`);
      const answer: InterceptResult = { state: 'ACCEPTED', raw };
      if (data?.cusId !== undefined && data.cusId !== null && String(data.cusId) !== '') answer.carrierRef = String(data.cusId);
      if (result.errorCode) answer.carrierCode = result.errorCode;
      if (result.errorMsg) answer.message = result.errorMsg;
      return answer;
    },

    async cancelIntercept(input: CancelInterceptInput): Promise<CancelInterceptResult> {
      if (!input.carrierRef) {
        throw new InvalidRequestError(CARRIER_ID, 'SF cancels an interception by its cusId: carrierRef is required');
      }
      const serviceCode = input.kind ? SF_INTERCEPT_SERVICE_CODES[input.kind] : undefined;
      const msg = { waybillNo: input.waybillNo, ...(serviceCode ? { serviceCode } : {}), cancel: true, cusId: input.carrierRef };
      const { result, raw } = await call(SERVICE.intercept, msg, 'not_interceptable');
      const answer: CancelInterceptResult = { state: 'CANCELLED', raw };
      if (result.errorCode) answer.carrierCode = result.errorCode;
      if (result.errorMsg) answer.message = result.errorMsg;
      return answer;
    },

    parsePush(request: PushRequest): PushParseResult {
      if (config.pushAllowedIps) {
        const ip = request.remoteIp ? normaliseIp(request.remoteIp) : undefined;
        if (!ip || !config.pushAllowedIps.some((allowed) => normaliseIp(allowed) === ip)) {
          throw new PushRejectedError(CARRIER_ID, `route push from ${request.remoteIp ?? 'an unknown address'} is not on the allow-list`);
        }
      }
      if (!config.pushToken) throw new PushRejectedError(CARRIER_ID, 'no pushToken configured: SF route pushes cannot be authenticated');
      const token = request.query.token;
      if (token === undefined || !sameSecret(token, config.pushToken)) {
        throw new PushRejectedError(CARRIER_ID, token === undefined ? 'route push without a token' : 'route push with a wrong token');
      }
      const push = parseCarrierJson(CARRIER_ID, SfRoutePushSchema, request.body, 'route push');
      const updates = pushUpdatesByWaybill(CARRIER_ID, push.Body.WaybillRoute, (route) => route.mailno, eventFromRoute);
      return { updates, reply: { status: 200, contentType: 'application/json;charset=UTF-8', body: PUSH_REPLY_BODY } };
    },
  };
}
