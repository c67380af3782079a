// The Yunda client: signs and sends JSON calls (track query, subscription), reads the envelope and maps scan actions.
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import { BadResponseError, errorFromTable } from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type { EventKind, TrackInput, TrackResult, TrackingEvent } from '../../src/carrier/model.ts';
import { sortEvents } from '../../src/carrier/status.ts';
import { trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { trackingEvent } from '../../src/carrier/tracking-event.ts';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';
import type { YundaConfig } from './config.ts';
import { EVENT_KIND_BY_ACTION, KIND_AFTER_RETURN, YUNDA_ERRORS } from './mapping.ts';
import { type YundaEnvelope, YundaEnvelopeSchema, type YundaStep, YundaSubscribeDataSchema, YundaTrackDataSchema } from './schemas.ts';
import { yundaSign } from './sign.ts';

/** Registry id of the Yunda plugin. */
export const YUNDA_CARRIER_ID = 'yunda';

/** API paths, relative to the base URL ("logictis" is Yunda's spelling). */
export const YUNDA_APIS = {
  track: 'openapi/outer/logictis/query',
  subscribe: 'openapi/outer/logictis/subscribe',
} as const;

/** The Yunda client: tracking only (no public intercept, cancel or push format). */
export type YundaClient = Required<Pick<CarrierClient, 'track'>>;

const ID = YUNDA_CARRIER_ID;

/** Sends one signed call and returns its envelope, whatever its `result`. */
async function call(config: YundaConfig, ctx: CarrierContext, api: string, body: unknown, what: string): Promise<YundaEnvelope> {
  const text = JSON.stringify(body);
  const response = await ctx.http.send({
    method: 'POST',
    url: api,
    headers: {
      'Content-Type': 'application/json',
      'app-key': config.appKey,
      'req-time': String(ctx.clock.nowMs()),
      sign: yundaSign(text, config.appSecret),
    },
    body: text,
  });
  return parseCarrierJson(ID, YundaEnvelopeSchema, response.body, what);
}

/** The typed error of an envelope with `result: false`. */
function envelopeError(envelope: YundaEnvelope) {
  const code = envelope.code === null || envelope.code === undefined ? '' : String(envelope.code);
  return errorFromTable(ID, YUNDA_ERRORS, code, envelope.message ?? undefined, envelope);
}

/** Step time: a Beijing local string (the documented form) or epoch ms. */
function stepInstant(value: string | number, raw: unknown): string {
  const text = String(value).trim();
  const ms = /^\d{12,}$/.test(text) ? Number(text) : parseBeijingTime(text)?.getTime();
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new BadResponseError(
      ID,
      `track: unreadable step time ${JSON.stringify(value)}`,
      [{ path: 'data.steps.time', message: 'not a time' }],
      { raw },
    );
  }
  return new Date(ms).toISOString();
}

/** Maps steps to events: the action table, then the after-return rule over the sorted events. */
function eventsOf(steps: readonly YundaStep[], raw: unknown): TrackingEvent[] {
  const events = sortEvents(
    steps.map((step) =>
      trackingEvent({
        kind: EVENT_KIND_BY_ACTION[step.action] ?? 'UNKNOWN',
        at: stepInstant(step.time, raw),
        place: step.city,
        description: step.description ?? '',
        rawCode: step.action,
      }),
    ),
  );
  let returning = false;
  return events.map((event) => {
    const kind: EventKind = returning ? (KIND_AFTER_RETURN[event.kind] ?? event.kind) : event.kind;
    if (event.kind === 'RETURNING') returning = true;
    return kind === event.kind ? event : { ...event, kind };
  });
}

/** Builds the Yunda client of one account. */
export function createClient(config: YundaConfig, ctx: CarrierContext): YundaClient {
  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const envelope = await call(config, ctx, YUNDA_APIS.track, { mailno: input.waybillNo }, 'track');
    if (!envelope.result) throw envelopeError(envelope);
    const data = validateCarrierPayload(ID, YundaTrackDataSchema, envelope.data ?? null, 'track data');
    return trackResultOf(ID, input.waybillNo, eventsOf(data?.steps ?? [], envelope), envelope);
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },
  };
}

/** One waybill to subscribe: `orderId` is our order reference (defaults to the waybill number). */
export interface YundaSubscribeInput {
  waybillNo: string;
  orderId?: string;
}

/** The outcome of a subscription call: the waybills Yunda took and those it refused, with the raw envelope. */
export interface YundaSubscribeResult {
  subscribed: string[];
  refused: { waybillNo: string; message?: string }[];
  raw: unknown;
}

/**
 * Subscribes waybills to Yunda's track service (`openapi/outer/logictis/subscribe`, body
 * `{orders:[{orderid, mailno}]}`). Yunda often shows tracks only for subscribed numbers (§4). Not
 * part of the carrier contract: the push that a subscription triggers has no known format, so the
 * plugin declares no push capability. Throws the table's typed error when `result` is false.
 */
export async function subscribe(
  config: YundaConfig,
  ctx: CarrierContext,
  inputs: readonly YundaSubscribeInput[],
): Promise<YundaSubscribeResult> {
  const orders = inputs.map((input) => ({ orderid: input.orderId ?? input.waybillNo, mailno: input.waybillNo }));
  const envelope = await call(config, ctx, YUNDA_APIS.subscribe, { orders }, 'subscribe');
  if (!envelope.result) throw envelopeError(envelope);
  const data = validateCarrierPayload(ID, YundaSubscribeDataSchema, envelope.data ?? null, 'subscribe data');
  const answered = data?.orders ?? [];
  const subscribed: string[] = [];
  const refused: YundaSubscribeResult['refused'] = [];
  for (const order of orders) {
    const answer = answered.find((a) => a.mailno === order.mailno || (a.mailno == null && a.orderid === order.orderid));
    // An order the answer does not list is counted as refused: we cannot show it was taken.
    if (answer?.result) subscribed.push(order.mailno);
    else refused.push({ waybillNo: order.mailno, ...(answer?.message ? { message: answer.message } : {}) });
  }
  return { subscribed, refused, raw: envelope };
}
