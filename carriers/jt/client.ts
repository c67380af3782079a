// The J&T client: signs and sends bizContent form calls (trace query, intercept) and reads their {code, msg, data} envelopes.
import { interceptAddressFields } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { type CarrierError, errorFromTable, NotSupportedError } from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type { InterceptRequest, InterceptResult, TrackInput, TrackResult, TrackingEvent } from '../../src/carrier/model.ts';
import { trackInBatches, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import type { JtConfig } from './config.ts';
import {
  APPLY_TYPE_CODE_BY_KIND,
  APPLY_TYPES_WITH_ADDRESS,
  ERROR_FALLBACK,
  EVENT_KIND_BY_SCAN_TYPE,
  JT_ERRORS,
  JT_PATHS,
  JT_SUCCESS_CODE,
  RECEIVE_ADDRESS_FIELDS,
  SCAN_TYPE_BY_TRACE_NODE,
  TRACK_BATCH_SIZE,
  TRACK_QUERY_FIELDS,
} from './mapping.ts';
import { type JtEnvelope, JtEnvelopeSchema, type JtTraceDetail, JtTraceDataSchema, type JtTraceItem } from './schemas.ts';
import { jtDigest } from './sign.ts';

/** Registry id of the J&T plugin. */
export const JT_CARRIER_ID = 'jt';

/** The J&T client: every method the plugin declares, none more (no cancel, no push). */
export type JtClient = Required<Pick<CarrierClient, 'track' | 'intercept'>>;

const ID = JT_CARRIER_ID;

/** The typed error for an envelope whose code is not "1": the table, then the operation's fallback. */
export function jtEnvelopeError(envelope: JtEnvelope, operation: keyof typeof ERROR_FALLBACK, raw: unknown = envelope): CarrierError {
  return errorFromTable(ID, JT_ERRORS, envelope.code, envelope.msg ?? undefined, raw, ERROR_FALLBACK[operation]);
}

/** An answer: the validated envelope, and the JSON exactly as J&T sent it (kept as `raw`). */
interface JtAnswer {
  envelope: JtEnvelope;
  raw: Record<string, unknown>;
}

function traceEvent(detail: JtTraceDetail, raw: unknown): TrackingEvent {
  const name = SCAN_TYPE_BY_TRACE_NODE[detail.scanType] ?? detail.scanType;
  return trackingEvent({
    kind: EVENT_KIND_BY_SCAN_TYPE[name] ?? 'UNKNOWN',
    at: beijingInstant(ID, detail.scanTime, { what: 'track', field: 'scanTime', path: 'data.details.scanTime' }, raw),
    place: detail.scanNetworkName || detail.scanNetworkCity,
    description: detail.desc ?? '',
    rawCode: detail.scanType,
  });
}

/** Builds the J&T client of one account. */
export function createClient(config: JtConfig, ctx: CarrierContext): JtClient {
  /** Sends one signed call (form field bizContent; headers apiAccount, timestamp, digest) and returns its envelope. */
  async function call(path: string, biz: Record<string, unknown>, what: string): Promise<JtAnswer> {
    const bizContent = JSON.stringify(biz);
    const response = await ctx.http.send({
      method: 'POST',
      url: path,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        apiAccount: config.apiAccount,
        timestamp: String(ctx.clock.nowMs()),
        digest: jtDigest(bizContent, config.privateKey),
      },
      body: new URLSearchParams({ bizContent }).toString(),
    });
    const envelope = parseCarrierJson(ID, JtEnvelopeSchema, response.body, what);
    return { envelope, raw: JSON.parse(response.body) as Record<string, unknown> };
  }

  async function trackBatch(inputs: readonly TrackInput[]): Promise<TrackResult[]> {
    const billCodes = inputs.map((input) => input.waybillNo).join(',');
    const { envelope, raw: whole } = await call(JT_PATHS.track, { billCodes, ...TRACK_QUERY_FIELDS }, 'track');
    if (envelope.code !== JT_SUCCESS_CODE) throw jtEnvelopeError(envelope, 'track', whole);
    const items = validateCarrierPayload(ID, JtTraceDataSchema, envelope.data ?? null, 'track data') ?? [];
    const rawItems = Array.isArray(whole.data) ? (whole.data as unknown[]) : [];
    const byBill = new Map<string, { item: JtTraceItem; raw: unknown }>();
    for (const [i, item] of items.entries()) byBill.set(item.billCode, { item, raw: rawItems[i] });
    return inputs.map((input) => {
      const found = byBill.get(input.waybillNo);
      const item = found?.item;
      // raw: the answer as sent, narrowed to this waybill's item.
      const raw = { ...whole, data: found ? [found.raw] : [] };
      return trackResultOf(
        ID,
        input.waybillNo,
        (item?.details ?? []).map((detail) => traceEvent(detail, raw)),
        raw,
      );
    });
  }

  return {
    async track(inputs) {
      return trackInBatches(inputs, TRACK_BATCH_SIZE, trackBatch);
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const applyTypeCode = APPLY_TYPE_CODE_BY_KIND[request.kind];
      if (applyTypeCode === undefined) throw new NotSupportedError(ID, `intercept: J&T offers no ${request.kind}`);
      const biz: Record<string, unknown> = { mailNo: request.waybillNo, applyTypeCode };
      if (APPLY_TYPES_WITH_ADDRESS.has(applyTypeCode)) Object.assign(biz, interceptAddressFields(ID, request, RECEIVE_ADDRESS_FIELDS));
      const { envelope, raw } = await call(JT_PATHS.intercept, biz, 'intercept');
      if (envelope.code !== JT_SUCCESS_CODE) throw jtEnvelopeError(envelope, 'intercept', raw);
      // The answer's data is not documented: no carrier reference is read from it.
      return { state: 'ACCEPTED', carrierCode: envelope.code, ...(envelope.msg ? { message: envelope.msg } : {}), raw };
    },
  };
}
