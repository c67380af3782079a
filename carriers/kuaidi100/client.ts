// The Kuaidi100 client: tracking via poll/query.do, interceptOrder, work orders, push and callback parsing, plus subscribe and auto-detection helpers.
import { requireInterceptAddress } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import {
  BadResponseError,
  errorFromTable,
  InvalidRequestError,
  NotFoundError,
  NotInterceptableError,
  NotSupportedError,
  PushRejectedError,
} from '../../src/carrier/errors.ts';
import { type CarrierHttp, parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type {
  ComplaintInput,
  ComplaintResult,
  EventKind,
  InterceptRequest,
  InterceptResult,
  PushParseResult,
  PushRequest,
  PushUpdate,
  TrackInput,
  TrackResult,
  TrackingEvent,
} from '../../src/carrier/model.ts';
import { sortEvents } from '../../src/carrier/status.ts';
import { notFoundTrackResult, trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { trackingEvent } from '../../src/carrier/tracking-event.ts';
import { parseBeijingTime } from '../../src/clock/beijing-time.ts';
import type { Kuaidi100Config } from './config.ts';
import {
  CALLBACK_REQUIRED_COMS,
  CARRIER_BY_COM,
  COM_BY_CARRIER,
  COMPLAINT_KIND_TEXT,
  EVENT_KIND_BY_STATE,
  EVENT_KIND_BY_STATUS_NAME,
  INTERCEPT_CALLBACK_OUTCOME,
  INTERCEPT_ERRORS,
  INTERCEPT_OUTCOME_BY_STATE,
  INTERCEPT_TYPE_BY_KIND,
  INTERCEPT_TYPES_WITH_RECIPIENT,
  LABEL_ERRORS,
  PHONE_REQUIRED_COMS,
  PUSH_REPLY_BODY,
  QUERY_ERRORS,
  REFUSAL_BY_MESSAGE_KEYWORD,
  SUBSCRIBE_ERRORS,
  SUBSCRIBE_OK_CODES,
  WORK_ORDER_STATE_BY_STATUS,
} from './mapping.ts';
import {
  type Kuaidi100Failure,
  Kuaidi100AutoNumberSchema,
  Kuaidi100FailureSchema,
  Kuaidi100InterceptCallbackParamSchema,
  Kuaidi100InterceptDataSchema,
  type Kuaidi100LabelEnvelope,
  Kuaidi100LabelEnvelopeSchema,
  Kuaidi100PushFormSchema,
  Kuaidi100QueryAnswerSchema,
  Kuaidi100SubscribeAnswerSchema,
  type Kuaidi100TrackData,
  Kuaidi100TrackPushParamSchema,
  type Kuaidi100TrackResult,
  Kuaidi100WorkOrderCreatedSchema,
  Kuaidi100WorkOrderRepliesSchema,
  Kuaidi100WorkOrderStatusSchema,
} from './schemas.ts';
import { labelSign, querySign, verifyPushSign } from './sign.ts';

/** Registry id of the Kuaidi100 hub plugin. */
export const KUAIDI100_ID = 'kuaidi100';

/** Paths of the APIs: query and subscribe on the poll host (baseUrl), label/order and work orders on the api host (apiBaseUrl). */
export const KUAIDI100_PATHS = {
  query: 'poll/query.do',
  subscribe: 'poll',
  label: 'label/order',
  workOrderCreate: 'workorder/api/create',
  workOrderStatus: 'workorder/api/status',
  workOrderReply: 'workorder/api/reply',
} as const;

/** label/order and work-order `method` values. */
export const KUAIDI100_METHODS = { intercept: 'interceptOrder', queryReply: 'queryReply' } as const;

/** The Kuaidi100 client: every method the plugin declares, none more. */
export type Kuaidi100Client = Required<
  Pick<CarrierClient, 'track' | 'intercept' | 'parsePush' | 'fileComplaint' | 'complaintStatus' | 'detectCarrier'>
>;

const ID = KUAIDI100_ID;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' };

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

/** The Kuaidi100 company code of one of our carrier ids; a missing or unknown id is the caller's error. */
export function comOf(carrierId: string | undefined, what: string): string {
  if (!carrierId) throw new InvalidRequestError(ID, `${what}: the hub needs carrierId (one of ${Object.keys(COM_BY_CARRIER).join(', ')})`);
  const entry = COM_BY_CARRIER[carrierId];
  if (!entry) throw new InvalidRequestError(ID, `${what}: carrierId ${JSON.stringify(carrierId)} is not served by Kuaidi100 here`);
  return entry.com;
}

function isFailure(answer: unknown): answer is Kuaidi100Failure {
  return typeof answer === 'object' && answer !== null && (answer as { result?: unknown }).result === false;
}

function eventKind(item: Kuaidi100TrackData): EventKind {
  const byCode = item.statusCode !== null && item.statusCode !== undefined ? EVENT_KIND_BY_STATE[item.statusCode] : undefined;
  const byName = item.status ? EVENT_KIND_BY_STATUS_NAME[item.status] : undefined;
  return byCode ?? byName ?? 'UNKNOWN';
}

function trackEvent(item: Kuaidi100TrackData, raw: unknown, where: string): TrackingEvent {
  const at = parseBeijingTime(item.time) ?? (item.ftime ? parseBeijingTime(item.ftime) : null);
  if (!at)
    throw new BadResponseError(
      ID,
      `${where}: unreadable time ${JSON.stringify(item.time)}`,
      [{ path: 'data.time', message: 'not a Beijing time' }],
      { raw },
    );
  return trackingEvent({
    kind: eventKind(item),
    at: at.toISOString(),
    place: item.location || item.areaName,
    description: item.context ?? '',
    rawCode: item.statusCode ?? item.status ?? '',
  });
}

function trackEvents(result: Kuaidi100TrackResult, raw: unknown, where: string): TrackingEvent[] {
  return sortEvents(result.data.map((item) => trackEvent(item, raw, where)));
}

/** The typed error of a label/order or work-order envelope whose code is not 200. */
function labelError(envelope: Kuaidi100LabelEnvelope, what: string) {
  return errorFromTable(ID, LABEL_ERRORS, envelope.code, envelope.message ? `${what}: ${envelope.message}` : undefined, envelope);
}

/** interceptOrder refusals: known codes from the table; any other non-200 code is a refusal, its reason read from the message. */
function interceptError(envelope: Kuaidi100LabelEnvelope) {
  if (INTERCEPT_ERRORS[envelope.code]) return errorFromTable(ID, INTERCEPT_ERRORS, envelope.code, envelope.message ?? undefined, envelope);
  const message = envelope.message ?? '';
  const refusal = REFUSAL_BY_MESSAGE_KEYWORD.find(([keyword]) => message.includes(keyword))?.[1] ?? 'OTHER';
  return new NotInterceptableError(ID, `${envelope.code}: ${message || 'interception refused'}`, refusal, {
    carrierCode: envelope.code,
    raw: envelope,
  });
}

/** Builds the Kuaidi100 client of one account. */
export function createClient(config: Kuaidi100Config, ctx: CarrierContext): Kuaidi100Client {
  /** Sends one signed api.kuaidi100.com call (form key, t, sign, param, and `method` when given) and returns its envelope. */
  async function labelCall(
    path: string,
    method: string | undefined,
    param: Record<string, unknown>,
    what: string,
  ): Promise<Kuaidi100LabelEnvelope> {
    const paramText = JSON.stringify(param);
    const t = String(ctx.clock.nowMs());
    const form = new URLSearchParams();
    if (method) form.set('method', method);
    form.set('key', config.key);
    form.set('t', t);
    form.set('sign', labelSign(paramText, t, config.key, config.secret));
    form.set('param', paramText);
    const response = await ctx.http.send({ method: 'POST', url: joinUrl(config.apiBaseUrl, path), headers: FORM, body: form.toString() });
    return parseCarrierJson(ID, Kuaidi100LabelEnvelopeSchema, response.body, what);
  }

  async function labelCallOk(
    path: string,
    method: string | undefined,
    param: Record<string, unknown>,
    what: string,
  ): Promise<Kuaidi100LabelEnvelope> {
    const envelope = await labelCall(path, method, param, what);
    if (envelope.code !== '200') throw labelError(envelope, what);
    return envelope;
  }

  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const com = comOf(input.carrierId, 'track');
    if (PHONE_REQUIRED_COMS.has(com) && !input.phoneLast4) {
      throw new InvalidRequestError(ID, `track: Kuaidi100 needs the phone's last four digits for ${input.carrierId} (${com})`);
    }
    const param: Record<string, string> = { com, num: input.waybillNo };
    if (input.phoneLast4) param.phone = input.phoneLast4;
    Object.assign(param, { resultv2: '1', show: '0', order: 'desc' });
    const paramText = JSON.stringify(param);
    const body = new URLSearchParams({
      customer: config.customer,
      sign: querySign(paramText, config.key, config.customer),
      param: paramText,
    }).toString();
    const response = await ctx.http.send({ method: 'POST', url: KUAIDI100_PATHS.query, headers: FORM, body });
    const answer = parseCarrierJson(ID, Kuaidi100QueryAnswerSchema, response.body, 'track');
    if (isFailure(answer)) {
      const error = errorFromTable(ID, QUERY_ERRORS, answer.returnCode, answer.message ?? undefined, answer);
      // 500 "查询无结果": Kuaidi100 has no route for this number (yet).
      if (error instanceof NotFoundError) return notFoundTrackResult(ID, input.waybillNo, answer);
      throw error;
    }
    return trackResultOf(ID, input.waybillNo, trackEvents(answer as Kuaidi100TrackResult, answer, 'track'), answer);
  }

  function parseTrackPush(decoded: unknown, raw: unknown): PushUpdate[] {
    const param = validateCarrierPayload(ID, Kuaidi100TrackPushParamSchema, decoded, 'push param');
    const last = param.lastResult;
    // An `abort` push may carry no result: nothing to record, but it must still be acknowledged.
    if (!last) return [];
    const outcome = INTERCEPT_OUTCOME_BY_STATE[last.state];
    return [
      {
        waybillNo: last.nu,
        carrierId: ID,
        events: trackEvents(last, raw, 'push'),
        ...(outcome ? { interceptOutcome: outcome } : {}),
        raw,
      },
    ];
  }

  function parseInterceptCallback(decoded: unknown, raw: unknown): PushUpdate[] {
    const param = validateCarrierPayload(ID, Kuaidi100InterceptCallbackParamSchema, decoded, 'intercept callback param');
    const outcome = INTERCEPT_CALLBACK_OUTCOME[param.status];
    return [{ waybillNo: param.kuaidinum, carrierId: ID, events: [], ...(outcome ? { interceptOutcome: outcome } : {}), raw }];
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const interceptType = INTERCEPT_TYPE_BY_KIND[request.kind];
      if (!interceptType) throw new NotSupportedError(ID, `intercept: Kuaidi100 has no interceptType for ${request.kind}`);
      const com = comOf(request.carrierId, 'intercept');
      if (CALLBACK_REQUIRED_COMS.has(com) && !config.callbackUrl) {
        throw new InvalidRequestError(
          ID,
          `intercept: Kuaidi100 needs callbackUrl in the account configuration to intercept ${request.carrierId} (${com})`,
        );
      }
      const param: Record<string, unknown> = { kuaidicom: com, kuaidinum: request.waybillNo, interceptType };
      const account = config.partnerAccounts[request.carrierId!];
      if (account) Object.assign(param, account);
      param.reason = request.reason;
      // Informational only: Kuaidi100 does not deduplicate on it (reference §19.5).
      param.orderId = request.idempotencyKey;
      if (INTERCEPT_TYPES_WITH_RECIPIENT.has(interceptType)) {
        const address = requireInterceptAddress(ID, request);
        param.recManInfo = {
          name: address.name,
          mobile: address.phone,
          printAddr: `${address.province}${address.city}${address.district}${address.detail}`,
        };
      }
      param.orderRole = config.orderRole;
      if (config.interceptPayType) param.interceptPayType = config.interceptPayType;
      param.salt = config.salt;
      if (config.callbackUrl) param.callbackUrl = config.callbackUrl;
      if (com === 'zhongtong' && config.ztoServiceProvider) Object.assign(param, config.ztoServiceProvider);
      const envelope = await labelCall(KUAIDI100_PATHS.label, KUAIDI100_METHODS.intercept, param, 'intercept');
      if (envelope.code !== '200') throw interceptError(envelope);
      const data = Kuaidi100InterceptDataSchema.safeParse(envelope.data);
      const taskId = data.success ? (data.data?.taskId ?? undefined) : undefined;
      return {
        state: 'ACCEPTED',
        ...(taskId ? { carrierRef: taskId } : {}),
        carrierCode: envelope.code,
        ...(envelope.message ? { message: envelope.message } : {}),
        raw: envelope,
      };
    },

    parsePush(request: PushRequest): PushParseResult {
      const form = Kuaidi100PushFormSchema.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
      if (!form.success) throw new PushRejectedError(ID, 'push: form fields param and sign are required', { raw: request.body });
      const { param, sign, taskId } = form.data;
      if (!verifyPushSign(param, config.salt, sign))
        throw new PushRejectedError(ID, 'push: sign does not verify', { carrierCode: 'sign', raw: request.body });
      let decoded: unknown;
      try {
        decoded = JSON.parse(param);
      } catch (error) {
        throw new BadResponseError(ID, 'push: param is not JSON', [{ path: 'param', message: 'not JSON' }], {
          raw: request.body,
          cause: error,
        });
      }
      const raw = taskId === undefined ? decoded : { taskId, param: decoded };
      // The (inferred) interception callback names its waybill as `kuaidinum`; a subscription push carries `lastResult`.
      const isCallback = typeof decoded === 'object' && decoded !== null && 'kuaidinum' in decoded;
      const updates = isCallback ? parseInterceptCallback(decoded, raw) : parseTrackPush(decoded, raw);
      return { updates, reply: { status: 200, contentType: 'application/json;charset=UTF-8', body: PUSH_REPLY_BODY } };
    },

    async fileComplaint(input: ComplaintInput): Promise<ComplaintResult> {
      const parts = [`【${COMPLAINT_KIND_TEXT[input.kind]}】${input.description}`];
      if (input.claimFen !== undefined) parts.push(`索赔金额：${(input.claimFen / 100).toFixed(2)}元`);
      if (input.contactName || input.contactPhone)
        parts.push(`联系人：${[input.contactName, input.contactPhone].filter(Boolean).join(' ')}`);
      const param: Record<string, unknown> = { kuaidinum: input.waybillNo };
      if (config.workOrderCallbackUrl) param.callBackUrl = config.workOrderCallbackUrl;
      if (config.workOrderSecondType !== undefined) param.secondType = config.workOrderSecondType;
      param.desc = { attach: [] };
      param.content = parts.join('；');
      const envelope = await labelCallOk(KUAIDI100_PATHS.workOrderCreate, undefined, param, 'fileComplaint');
      const data = validateCarrierPayload(ID, Kuaidi100WorkOrderCreatedSchema, envelope.data, 'fileComplaint data');
      return { ref: data.consultId, state: 'OPEN', messages: [], raw: envelope };
    },

    async complaintStatus(ref: string): Promise<ComplaintResult> {
      const status = await labelCallOk(KUAIDI100_PATHS.workOrderStatus, undefined, { consultId: ref }, 'complaintStatus');
      const data = validateCarrierPayload(ID, Kuaidi100WorkOrderStatusSchema, status.data, 'complaintStatus data');
      const replies = await labelCallOk(
        KUAIDI100_PATHS.workOrderReply,
        KUAIDI100_METHODS.queryReply,
        { consultId: ref },
        'complaintStatus replies',
      );
      const list = validateCarrierPayload(ID, Kuaidi100WorkOrderRepliesSchema, replies.data, 'complaintStatus replies data') ?? [];
      const messages = list.map((reply) => {
        const at = reply.createTime ? parseBeijingTime(reply.createTime) : null;
        return { ...(at ? { at: at.toISOString() } : {}), from: ID, text: reply.content };
      });
      return { ref, state: WORK_ORDER_STATE_BY_STATUS[data.status] ?? 'PROCESSING', messages, raw: { status, replies } };
    },

    async detectCarrier(waybillNo: string) {
      const { candidates } = await detectViaHub(ctx.http, config, waybillNo);
      return candidates
        .filter((c): c is HubDetection & { carrierId: string } => c.carrierId !== undefined)
        .map((c) => ({ carrierId: c.carrierId, hubCode: c.com }));
    },
  };
}

/** Input of a subscription to Kuaidi100's push service. */
export interface Kuaidi100SubscribeInput {
  waybillNo: string;
  carrierId: string;
  phoneLast4?: string;
}

/** Answer to a subscription: `alreadySubscribed` when Kuaidi100 says the number is already tracked (501). */
export interface Kuaidi100SubscribeResult {
  alreadySubscribed: boolean;
  returnCode: string;
  raw: unknown;
}

/**
 * Subscribes one number to Kuaidi100's push service (`POST poll`, form `schema=json` and `param`
 * {company, number, key, parameters{callbackurl, salt, resultv2, phone}}; not signed: the key is in
 * param). The pushes it produces are read by the client's `parsePush`. Not part of CarrierClient.
 */
export async function subscribe(
  http: CarrierHttp,
  config: Kuaidi100Config,
  input: Kuaidi100SubscribeInput,
): Promise<Kuaidi100SubscribeResult> {
  const company = comOf(input.carrierId, 'subscribe');
  if (!config.callbackUrl) throw new InvalidRequestError(ID, 'subscribe: callbackUrl is not configured');
  const parameters: Record<string, string> = { callbackurl: config.callbackUrl, salt: config.salt, resultv2: '1' };
  if (input.phoneLast4) parameters.phone = input.phoneLast4;
  const param = JSON.stringify({ company, number: input.waybillNo, key: config.key, parameters });
  const response = await http.send({
    method: 'POST',
    url: KUAIDI100_PATHS.subscribe,
    headers: FORM,
    body: new URLSearchParams({ schema: 'json', param }).toString(),
  });
  const answer = parseCarrierJson(ID, Kuaidi100SubscribeAnswerSchema, response.body, 'subscribe');
  if (!SUBSCRIBE_OK_CODES.has(answer.returnCode))
    throw errorFromTable(ID, SUBSCRIBE_ERRORS, answer.returnCode, answer.message ?? undefined, answer);
  return { alreadySubscribed: answer.returnCode === '501', returnCode: answer.returnCode, raw: answer };
}

/** One carrier Kuaidi100's auto-detection proposes for a number, best first. */
export interface HubDetection {
  /** Kuaidi100 company code. */
  com: string;
  name?: string;
  /** Our carrier id, when the code is one of ours. */
  carrierId?: string;
}

/**
 * Asks Kuaidi100 which carriers a number may belong to (`autonumber/auto?num=…&key=…`, reference
 * §13; answer: a list of {comCode, name, …}, AutoNumResp.java). Candidates keep Kuaidi100's order.
 */
export async function detectViaHub(
  http: CarrierHttp,
  config: Kuaidi100Config,
  waybillNo: string,
): Promise<{ candidates: HubDetection[]; raw: unknown }> {
  const response = await http.send({
    method: 'POST',
    url: config.autonumberUrl,
    params: { num: waybillNo, key: config.key },
    headers: FORM,
    body: '',
  });
  let data: unknown;
  try {
    data = JSON.parse(response.body);
  } catch (error) {
    throw new BadResponseError(ID, 'autonumber: body is not JSON', [{ path: '', message: 'not JSON' }], {
      raw: response.body,
      cause: error,
    });
  }
  if (isFailure(data)) {
    const failure = validateCarrierPayload(ID, Kuaidi100FailureSchema, data, 'autonumber');
    throw errorFromTable(ID, QUERY_ERRORS, failure.returnCode, failure.message ?? undefined, failure);
  }
  const list = validateCarrierPayload(ID, Kuaidi100AutoNumberSchema, data, 'autonumber');
  const candidates = list.map((item) => {
    const carrierId = CARRIER_BY_COM[item.comCode];
    return { com: item.comCode, ...(item.name ? { name: item.name } : {}), ...(carrierId ? { carrierId } : {}) };
  });
  return { candidates, raw: data };
}
