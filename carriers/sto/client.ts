// The STO client: signs and sends link gateway form calls (trace query, intercept, cancel) and reads their JSON envelopes.
import { interceptAddressFields } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { type CarrierError, CarrierUnavailableError, errorFromTable, NotSupportedError } from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type {
  CancelInterceptInput,
  CancelInterceptResult,
  InterceptRequest,
  InterceptResult,
  TrackInput,
  TrackResult,
  TrackingEvent,
} from '../../src/carrier/model.ts';
import { trackInBatches, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import type { StoConfig } from './config.ts';
import {
  ERROR_FALLBACK,
  EVENT_KIND_BY_SCAN_TYPE,
  INTERCEPT_FORM_BY_KIND,
  RECEIVER_ADDRESS_FIELDS,
  STO_APIS,
  STO_ERRORS,
  type StoApi,
  TRACK_BATCH_SIZE,
  TRACK_ORDER,
  TRANSIENT_KINDS,
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
  return trackingEvent({
    kind: EVENT_KIND_BY_SCAN_TYPE[item.scanType] ?? 'UNKNOWN',
    at: beijingInstant(ID, item.opTime, { what: 'track', field: 'opTime', path: 'data.opTime' }, raw),
    place: item.opOrgName || item.opOrgCityName,
    description: item.memo ?? '',
    rawCode: item.scanType,
  });
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
      return trackResultOf(
        ID,
        input.waybillNo,
        items.map((item) => traceEvent(item, raw)),
        raw,
      );
    });
  }

  return {
    async track(inputs) {
      return trackInBatches(inputs, TRACK_BATCH_SIZE, trackBatch);
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const form = INTERCEPT_FORM_BY_KIND[request.kind];
      if (!form) throw new NotSupportedError(ID, `intercept: STO offers no ${request.kind}`);
      const content: Record<string, unknown> = { waybillNo: request.waybillNo, interceptForAct: form.interceptForAct };
      if (form.withReceiver) Object.assign(content, interceptAddressFields(ID, request, RECEIVER_ADDRESS_FIELDS));
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
