// The STO client: signs and sends link gateway form calls (trace query, intercept, cancel) and reads their JSON envelopes.
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import {
  BadResponseError, type CarrierError, CarrierUnavailableError, errorFromTable, InvalidRequestError, NotSupportedError,
} from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type {
  CancelInterceptInput, CancelInterceptResult, InterceptRequest, InterceptResult, TrackInput, TrackResult, TrackingEvent,
} from '../../src/carrier/model.ts';
import { sortEvents, statusFromEvents } from '../../src/carrier/status.ts';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';
import type { StoConfig } from './index.ts';
import {
  ERROR_FALLBACK, EVENT_KIND_BY_SCAN_TYPE, INTERCEPT_FORM_BY_KIND, STO_APIS, STO_ERRORS, type StoApi, TRACK_BATCH_SIZE,
  TRACK_ORDER, TRANSIENT_KINDS,
} from './mapping.ts';
import { type StoEnvelope, StoEnvelopeSchema, type StoTraceItem, StoTraceDataSchema } from './schemas.ts';
import { stoDataDigest } from './sign.ts';

/** Registry id of the STO plugin. */
export const STO_CARRIER_ID = 'sto';

/** The STO client: every method the plugin declares, none more (STO pushes are not implemented). */
export type StoClient = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept'>>;

const ID = STO_CARRIER_ID;

/** The typed error for a `success: false` envelope: the table, then needRetry, then the operation's fallback. */
export function stoEnvelopeError(envelope: StoEnvelope, operation: keyof typeof ERROR_FALLBACK, raw: unknown = envelope): CarrierError {
  const code = envelope.errorCode || 'success=false';
  const message = envelope.errorMsg ?? undefined;
  const entry = STO_ERRORS[code];
  if (envelope.needRetry && !(entry && TRANSIENT_KINDS.has(entry.kind))) {
    return new CarrierUnavailableError(ID, `${code}: ${message ?? 'needRetry'} (STO asks to retry)`, { carrierCode: code, raw });
  }
  return errorFromTable(ID, STO_ERRORS, code, message, raw, ERROR_FALLBACK[operation]);
}

/** A gateway answer: the validated envelope, and the JSON exactly as STO sent it (kept as `raw`). */
interface StoAnswer {
  envelope: StoEnvelope;
  raw: Record<string, unknown>;
}

function traceEvent(item: StoTraceItem, raw: unknown): TrackingEvent {
  const at = parseBeijingTime(item.opTime);
  if (!at) {
    throw new BadResponseError(ID, `track: unreadable opTime ${JSON.stringify(item.opTime)}`, [{ path: 'data.opTime', message: 'not a Beijing time' }], { raw });
  }
  const place = item.opOrgName || item.opOrgCityName || undefined;
  return {
    kind: EVENT_KIND_BY_SCAN_TYPE[item.scanType] ?? 'UNKNOWN',
    at: at.toISOString(),
    ...(place ? { place } : {}),
    description: item.memo ?? '',
    rawCode: item.scanType,
  };
}

/** Builds the STO client of one account. */
export function createClient(config: StoConfig, ctx: CarrierContext): StoClient {
  /** Sends one signed link gateway call to the gateway URL (the base URL) and returns its envelope. */
  async function call(api: StoApi, content: Record<string, unknown>, what: string): Promise<StoAnswer> {
    const text = JSON.stringify(content);
    const form = new URLSearchParams({
      content: text,
      api_name: api.apiName,
      from_appkey: config.fromAppkey,
      from_code: config.fromCode,
      to_appkey: api.toAppkey,
      to_code: api.toCode,
      data_digest: stoDataDigest(text, config.secretKey),
    });
    const response = await ctx.http.send({
      method: 'POST',
      url: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: form.toString(),
    });
    const envelope = parseCarrierJson(ID, StoEnvelopeSchema, response.body, what);
    return { envelope, raw: JSON.parse(response.body) as Record<string, unknown> };
  }

  async function trackBatch(inputs: readonly TrackInput[]): Promise<TrackResult[]> {
    const waybillNoList = inputs.map((input) => input.waybillNo);
    const { envelope, raw: whole } = await call(STO_APIS.track, { order: TRACK_ORDER, waybillNoList }, 'track');
    if (!envelope.success) throw stoEnvelopeError(envelope, 'track', whole);
    const data = validateCarrierPayload(ID, StoTraceDataSchema, envelope.data ?? null, 'track data') ?? {};
    const rawData = (whole.data ?? {}) as Record<string, unknown>;
    return inputs.map((input) => {
      const items = data[input.waybillNo] ?? [];
      // raw: the answer as sent, narrowed to this waybill's scans.
      const raw = { ...whole, data: { [input.waybillNo]: rawData[input.waybillNo] ?? null } };
      if (items.length === 0) return { waybillNo: input.waybillNo, carrierId: ID, found: false, status: 'NOT_FOUND', events: [], raw };
      const events = sortEvents(items.map((item) => traceEvent(item, raw)));
      return { waybillNo: input.waybillNo, carrierId: ID, found: true, status: statusFromEvents(events), events, raw };
    });
  }

  return {
    async track(inputs) {
      const results: TrackResult[] = [];
      for (let i = 0; i < inputs.length; i += TRACK_BATCH_SIZE) results.push(...await trackBatch(inputs.slice(i, i + TRACK_BATCH_SIZE)));
      return results;
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const form = INTERCEPT_FORM_BY_KIND[request.kind];
      if (!form) throw new NotSupportedError(ID, `intercept: STO offers no ${request.kind}`);
      const content: Record<string, unknown> = { waybillNo: request.waybillNo, interceptForAct: form.interceptForAct };
      if (form.withReceiver) {
        const address = request.address;
        if (!address) throw new InvalidRequestError(ID, `intercept: an address is required for ${request.kind}`);
        Object.assign(content, {
          receiverName: address.name,
          receiverTel: address.phone,
          receiverProvince: address.province,
          receiverCity: address.city,
          receiverArea: address.district,
          receiverAddress: address.detail,
        });
      }
      const { envelope, raw } = await call(STO_APIS.intercept, content, 'intercept');
      if (!envelope.success) throw stoEnvelopeError(envelope, 'intercept', raw);
      // No reference to the instruction is documented: cancellation names the waybill only.
      return { state: 'ACCEPTED', ...(envelope.errorMsg ? { message: envelope.errorMsg } : {}), raw };
    },

    async cancelIntercept(input: CancelInterceptInput): Promise<CancelInterceptResult> {
      const { envelope, raw } = await call(STO_APIS.cancelIntercept, { waybillNo: input.waybillNo }, 'cancelIntercept');
      if (!envelope.success) throw stoEnvelopeError(envelope, 'cancelIntercept', raw);
      return { state: 'CANCELLED', ...(envelope.errorMsg ? { message: envelope.errorMsg } : {}), raw };
    },
  };
}
