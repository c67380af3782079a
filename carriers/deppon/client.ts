// The Deppon client: signs and sends DOP form calls (newTraceQuery, standTraceSubscribe), reads the envelope and maps trace codes.
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { errorFromTable } from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type { EventKind, TrackInput, TrackResult, TrackingEvent } from '../../src/carrier/model.ts';
import { trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import type { DepponConfig } from './config.ts';
import { DEPPON_ERRORS, DESCRIPTION_REFINEMENTS, EVENT_KIND_BY_STATUS } from './mapping.ts';
import { type DepponEnvelope, DepponEnvelopeSchema, type DepponTrace, DepponTraceResponseSchema } from './schemas.ts';
import { depponDigest } from './sign.ts';

/** Registry id of the Deppon plugin. */
export const DEPPON_CARRIER_ID = 'deppon';

/** DOP API paths on the sync gateway (reference §11). */
export const DEPPON_APIS = {
  track: '/dop-interface-sync/standard-query/newTraceQuery.action',
  subscribe: '/dop-interface-sync/dop-nonstandard-extension/standTraceSubscribe.action',
} as const;

/** The Deppon client: tracking only (no public intercept, cancel or push format). */
export type DepponClient = Required<Pick<CarrierClient, 'track'>>;

const ID = DEPPON_CARRIER_ID;

/** Sends one signed form call and returns its envelope, whatever its result. */
async function call(config: DepponConfig, ctx: CarrierContext, api: string, params: unknown, what: string): Promise<DepponEnvelope> {
  const text = JSON.stringify(params);
  const timestamp = String(ctx.clock.nowMs());
  const body = new URLSearchParams({
    companyCode: config.companyCode,
    digest: depponDigest(text, config.appKey, timestamp),
    timestamp,
    params: text,
  }).toString();
  const response = await ctx.http.send({
    method: 'POST',
    url: api,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body,
  });
  return parseCarrierJson(ID, DepponEnvelopeSchema, response.body, what);
}

/** Whether an envelope says success: `result` true or "true", or `success` true (§19.4). */
function succeeded(envelope: DepponEnvelope): boolean {
  return envelope.result === true || envelope.result === 'true' || envelope.success === true;
}

/** The typed error of a failed envelope (resultCode / reason, or error_code / error_message). */
function envelopeError(envelope: DepponEnvelope) {
  const code = envelope.resultCode ?? envelope.error_code;
  const message = envelope.reason ?? envelope.error_message ?? undefined;
  return errorFromTable(ID, DEPPON_ERRORS, code === null || code === undefined ? '' : String(code), message || undefined, envelope);
}

/** The kind of a trace: the code table, refined by the description where the table says so. */
function kindOf(trace: DepponTrace): EventKind {
  const base = EVENT_KIND_BY_STATUS[trace.status] ?? 'UNKNOWN';
  const refinement = DESCRIPTION_REFINEMENTS[trace.status]?.find(([keyword]) => (trace.description ?? '').includes(keyword));
  return refinement ? refinement[1] : base;
}

function traceEvent(trace: DepponTrace, raw: unknown): TrackingEvent {
  return trackingEvent({
    kind: kindOf(trace),
    at: beijingInstant(ID, trace.time, { what: 'track', field: 'trace time', path: 'responseParam.trace_list.time' }, raw),
    place: trace.site || trace.city,
    description: trace.description ?? '',
    rawCode: trace.status,
  });
}

/** Builds the Deppon client of one account. */
export function createClient(config: DepponConfig, ctx: CarrierContext): DepponClient {
  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const envelope = await call(config, ctx, DEPPON_APIS.track, { mailNo: input.waybillNo }, 'track');
    if (!succeeded(envelope)) throw envelopeError(envelope);
    const param = validateCarrierPayload(ID, DepponTraceResponseSchema, envelope.responseParam ?? null, 'track responseParam');
    // Not-found form (unconfirmed): success with no responseParam or an empty trace_list.
    return trackResultOf(
      ID,
      input.waybillNo,
      (param?.trace_list ?? []).map((trace) => traceEvent(trace, envelope)),
      envelope,
    );
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },
  };
}

/** One waybill to subscribe; `orderNumber` is the channel order number (渠道单号) when the waybill came from a DOP order. */
export interface DepponSubscribeInput {
  waybillNo: string;
  orderNumber?: string;
}

/** The answer to a subscription: Deppon's request number and the raw envelope. */
export interface DepponSubscribeResult {
  waybillNo: string;
  requestNumber?: string;
  raw: unknown;
}

/**
 * Subscribes one waybill to Deppon's trace push (`standTraceSubscribe.action`, reference §11, S;
 * params `{tracking_number, order_number?}` from one SDK sample, S). Not part of the carrier
 * contract: the push that follows has no known format, so the plugin declares no push capability.
 * Throws the table's typed error when Deppon refuses.
 */
export async function subscribe(config: DepponConfig, ctx: CarrierContext, input: DepponSubscribeInput): Promise<DepponSubscribeResult> {
  const params = { tracking_number: input.waybillNo, ...(input.orderNumber ? { order_number: input.orderNumber } : {}) };
  const envelope = await call(config, ctx, DEPPON_APIS.subscribe, params, 'subscribe');
  if (!succeeded(envelope)) throw envelopeError(envelope);
  const requestNumber =
    envelope.uniquerRequestNumber === null || envelope.uniquerRequestNumber === undefined
      ? undefined
      : String(envelope.uniquerRequestNumber);
  return { waybillNo: input.waybillNo, ...(requestNumber ? { requestNumber } : {}), raw: envelope };
}
