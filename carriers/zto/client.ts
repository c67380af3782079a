// The ZTO client: signs and sends ZOP JSON calls (track, intercept, cancel), reads their envelopes, verifies and parses pushes.
import { interceptAddressFields } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { BadResponseError, errorFromTable, NotFoundError, PushRejectedError } from '../../src/carrier/errors.ts';
import { parseCarrierJson } from '../../src/carrier/http.ts';
import { probeCredentials } from '../../src/carrier/credentials.ts';
import type {
  CancelInterceptInput,
  CancelInterceptResult,
  EventKind,
  InterceptRequest,
  InterceptResult,
  PushParseResult,
  PushRequest,
  TrackInput,
  TrackResult,
  TrackingEvent,
} from '../../src/carrier/model.ts';
import { pushUpdatesByWaybill } from '../../src/carrier/push-updates.ts';
import { notFoundTrackResult, trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';
import type { ZtoConfig } from './config.ts';
import {
  DESTINATION_TYPE_BY_KIND,
  DESTINATION_TYPES_WITH_ADDRESS,
  ERROR_FALLBACK_BY_PREFIX,
  EVENT_KIND_BY_CODE,
  PUSH_MSG_TYPES,
  PROBLEM_TEXT_KINDS,
  PUSH_REPLY_BODY,
  RECEIVE_ADDRESS_FIELDS,
  REDIRECT_RETURN_UPDATE_TYPES,
  RETURN_SCAN_CODES,
  ZTO_ERRORS,
} from './mapping.ts';
import {
  type ZtoEnvelope,
  ZtoEnvelopeSchema,
  ZtoPushDataSchema,
  ZtoPushFormSchema,
  type ZtoPushTrace,
  type ZtoTrackItem,
  ZtoTrackResultSchema,
} from './schemas.ts';
import { verifyZtoDigest, ztoDigest } from './sign.ts';

/** Registry id of the ZTO plugin. */
export const ZTO_CARRIER_ID = 'zto';

/** ZOP API names (URL = base URL + API name). */
export const ZTO_APIS = {
  track: 'zto.merchant.waybill.track.query',
  createIntercept: 'thirdcenter.createIntercept',
  cancelIntercept: 'thirdcenter.cancelIntercept',
} as const;

/** The ZTO client: every method the plugin declares, none more. */
export type ZtoClient = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept' | 'parsePush' | 'checkCredentials'>>;

/** The number the credential check queries: well-formed, never issued (any answer but S211 proves the signature). */
export const ZTO_PROBE_WAYBILL = '73100000000000';

const ID = ZTO_CARRIER_ID;

/** Unified kind of a scan type / push action, refined by returnUpdateType on return scans and by the text of problem scans. */
function eventKind(code: string, returnUpdateType: string | number | null | undefined, text = ''): EventKind {
  const base = EVENT_KIND_BY_CODE[code] ?? 'UNKNOWN';
  if (base === 'EXCEPTION') return PROBLEM_TEXT_KINDS.find(([keyword]) => text.includes(keyword))?.[1] ?? base;
  if (!RETURN_SCAN_CODES.has(code) || returnUpdateType === null || returnUpdateType === undefined) return base;
  return REDIRECT_RETURN_UPDATE_TYPES[String(returnUpdateType)] ?? base;
}

/** scanDate: epoch ms (reference), or a digit string, or a Beijing local time string. */
function scanInstant(value: number | string, raw: unknown): string {
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : parseBeijingTime(value)?.getTime();
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new BadResponseError(
      ID,
      `track: unreadable scanDate ${JSON.stringify(value)}`,
      [{ path: 'result.scanDate', message: 'not a time' }],
      { raw },
    );
  }
  return new Date(ms).toISOString();
}

function trackEvent(item: ZtoTrackItem, raw: unknown): TrackingEvent {
  return trackingEvent({
    kind: eventKind(item.scanType, item.returnUpdateType, item.desc ?? ''),
    at: scanInstant(item.scanDate, raw),
    place: item.scanSite?.name,
    description: item.desc ?? '',
    rawCode: item.scanType,
  });
}

function pushEvent(trace: ZtoPushTrace, raw: unknown): TrackingEvent {
  return trackingEvent({
    kind: eventKind(trace.action, trace.returnUpdateType, trace.desc ?? ''),
    at: beijingInstant(ID, trace.actionTime, { what: 'push', field: 'actionTime', path: 'data.actionTime' }, raw),
    place: trace.facilityName ?? trace.city,
    description: trace.desc ?? '',
    rawCode: trace.action,
  });
}

/** The typed error for a ZOP envelope with `status: false`. */
function envelopeError(envelope: ZtoEnvelope) {
  const code = envelope.statusCode;
  const fallback = ERROR_FALLBACK_BY_PREFIX.find(([prefix]) => code.startsWith(prefix))?.[1];
  return errorFromTable(ID, ZTO_ERRORS, code, envelope.message ?? undefined, envelope, fallback);
}

/** Builds the ZTO client of one account. */
export function createClient(config: ZtoConfig, ctx: CarrierContext): ZtoClient {
  /** Sends one signed ZOP call and returns its envelope, whatever its status. */
  async function call(api: string, body: Record<string, unknown>, what: string): Promise<ZtoEnvelope> {
    const text = JSON.stringify(body);
    const response = await ctx.http.send({
      method: 'POST',
      url: api,
      headers: {
        'Content-Type': 'application/json',
        'x-appKey': config.appKey,
        'x-dataDigest': ztoDigest(text, config.appSecret),
      },
      body: text,
    });
    return parseCarrierJson(ID, ZtoEnvelopeSchema, response.body, what);
  }

  /** A call that must succeed: `status: false` becomes the typed error from the table. */
  async function callOk(api: string, body: Record<string, unknown>, what: string): Promise<ZtoEnvelope> {
    const envelope = await call(api, body, what);
    if (!envelope.status) throw envelopeError(envelope);
    return envelope;
  }

  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const body: Record<string, unknown> = { billCode: input.waybillNo };
    if (input.phoneLast4) body.mobilePhone = input.phoneLast4;
    const envelope = await call(ZTO_APIS.track, body, 'track');
    if (!envelope.status) {
      const error = envelopeError(envelope);
      // E416 "not a ZTO waybill number": ZTO has no route for it.
      if (error instanceof NotFoundError) return notFoundTrackResult(ID, input.waybillNo, envelope);
      throw error;
    }
    const items = parseCarrierJson(ID, ZtoTrackResultSchema, JSON.stringify(envelope.result ?? null), 'track result') ?? [];
    // Not-found form (unconfirmed): status true with an empty or null result.
    return trackResultOf(
      ID,
      input.waybillNo,
      items.map((item) => trackEvent(item, envelope)),
      envelope,
    );
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },

    async checkCredentials() {
      // One signed track query of a number never issued: ZOP checks x-appKey and x-dataDigest before anything else.
      await probeCredentials(async () => {
        const envelope = await call(ZTO_APIS.track, { billCode: ZTO_PROBE_WAYBILL }, 'credential check');
        if (!envelope.status) throw envelopeError(envelope);
      });
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const destinationType = DESTINATION_TYPE_BY_KIND[request.kind];
      const body: Record<string, unknown> = {
        billCode: request.waybillNo,
        // ZTO deduplicates on requestId; thirdBizNo is our reference, used again to cancel.
        requestId: request.idempotencyKey,
        destinationType,
        thirdBizNo: request.idempotencyKey,
      };
      if (DESTINATION_TYPES_WITH_ADDRESS.has(destinationType))
        Object.assign(body, interceptAddressFields(ID, request, RECEIVE_ADDRESS_FIELDS));
      const envelope = await callOk(ZTO_APIS.createIntercept, body, 'intercept');
      return {
        state: 'ACCEPTED',
        carrierRef: request.idempotencyKey,
        carrierCode: envelope.statusCode || undefined,
        ...(envelope.message ? { message: envelope.message } : {}),
        raw: envelope,
      };
    },

    async cancelIntercept(input: CancelInterceptInput): Promise<CancelInterceptResult> {
      const body = { billCode: input.waybillNo, thirdBizNo: input.carrierRef ?? input.idempotencyKey, dealRemark: input.reason };
      const envelope = await callOk(ZTO_APIS.cancelIntercept, body, 'cancelIntercept');
      return {
        state: 'CANCELLED',
        carrierCode: envelope.statusCode || undefined,
        ...(envelope.message ? { message: envelope.message } : {}),
        raw: envelope,
      };
    },

    parsePush(request: PushRequest): PushParseResult {
      const form = ZtoPushFormSchema.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
      if (!form.success)
        throw new PushRejectedError(ID, 'push: data, data_digest, msg_type and company_id are required', { raw: request.body });
      const { data, data_digest: digest, msg_type: msgType, company_id: companyId } = form.data;
      if (companyId !== config.appKey)
        throw new PushRejectedError(ID, `push: company_id ${companyId} is not this account`, { raw: request.body });
      if (!verifyZtoDigest(data, config.appSecret, digest))
        throw new PushRejectedError(ID, 'push: data_digest does not verify', { carrierCode: 'data_digest', raw: request.body });
      if (!PUSH_MSG_TYPES.has(msgType)) throw new PushRejectedError(ID, `push: unsupported msg_type ${msgType}`, { raw: request.body });
      const decoded = parseCarrierJson(ID, ZtoPushDataSchema, data, 'push data');
      const traces = Array.isArray(decoded) ? decoded : [decoded];
      const updates = pushUpdatesByWaybill(
        ID,
        traces,
        (trace) => trace.billCode,
        (trace) => pushEvent(trace, trace),
      );
      return { updates, reply: { status: 200, contentType: 'application/json;charset=UTF-8', body: PUSH_REPLY_BODY } };
    },
  };
}
