// The China Post platform client (api.ems.com.cn), shared by EMS and the China Post parcel products: SM4-encrypted track query and route pushes.
import type { CarrierCapabilities, CarrierClient, CarrierContext, RateLimits } from '../../src/carrier/define.ts';
import { errorFromTable, PushRejectedError } from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type { EventKind, PushParseResult, PushRequest, TrackInput, TrackResult, TrackingEvent } from '../../src/carrier/model.ts';
import { pushUpdatesByWaybill } from '../../src/carrier/push-updates.ts';
import { trackOneByOne, trackResultOf } from '../../src/carrier/track-result.ts';
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import { formatBeijingTime } from '../../src/clock/beijing-time.ts';
import {
  EMS_API_CODES,
  EMS_API_VERSION,
  EMS_ERRORS,
  EMS_MSG_TYPE,
  EMS_SUCCESS_CODE,
  EVENT_KIND_BY_OP_CODE,
  EVENT_KIND_BY_OP_NAME,
  PUSH_ACCEPTS_EMPTY_SENDER_NO,
  PUSH_REPLY,
} from './mapping.ts';
import {
  type EmsConfig,
  type EmsEnvelope,
  EmsEnvelopeSchema,
  EmsPushDataSchema,
  EmsPushEnvelopeSchema,
  type EmsRouteItem,
  EmsTrackBodySchema,
} from './schemas.ts';
import { decryptLogitcsInterface, encryptLogitcsInterface } from './sign.ts';

/**
 * The registry ids served by this platform: the product flag of the shared client. The wire is the
 * same for all three; the flag names the carrier on results, errors and push updates.
 */
export type EmsProductId = 'ems' | 'chinapost-express' | 'chinapost-domestic';

/** Registry id of the EMS plugin (the default product). */
export const EMS_CARRIER_ID: EmsProductId = 'ems';

/** The platform client: tracking and pushes only (the platform has no interception API). */
export type EmsClient = Required<Pick<CarrierClient, 'track' | 'parsePush'>>;

/** What the shared client offers, declared once for the three products (reference §7: no interception API). */
export const EMS_PLATFORM_CAPABILITIES: CarrierCapabilities = {
  track: { batchSize: 1, needsPhoneLast4: 'never', confidence: 'C-src' },
  intercept: false,
  cancelIntercept: false,
  // "signature" in the contract's terms; on this platform it is encryption: only our SM4 key reads the push.
  push: { auth: 'signature', confidence: 'C-src' },
  complaint: false,
};

/** The platform publishes no quota: these numbers are our conservative guess. */
export const EMS_PLATFORM_LIMITS: RateLimits = { perSecond: 5, perMinute: 200, maxConcurrent: 4, source: 'assumed' };

/** Capability-matrix note shared by the three products. */
export const EMS_PLATFORM_NOTES =
  'No interception API on the China Post platform (api.ems.com.cn): interceptions go through a hub ' +
  "(Kuaidi100 interceptOrder — its China Post support is unconfirmed; Douyin's logistics-intercept service for Douyin orders). " +
  'Pushes are authenticated by SM4 encryption with the account key, not by a signature.';

/** Unified kind of a route item: opCode table first, then the opName table, else UNKNOWN. */
export function emsEventKind(opCode: string, opName: string | null | undefined): EventKind {
  return EVENT_KIND_BY_OP_CODE[opCode.trim()] ?? (opName ? EVENT_KIND_BY_OP_NAME[opName.trim()] : undefined) ?? 'UNKNOWN';
}

/** opDesc, with opName in front when the description does not already say it (opName is kept on every event). */
function description(item: EmsRouteItem): string {
  const name = item.opName?.trim() ?? '';
  const desc = item.opDesc?.trim() ?? '';
  if (name && desc && !desc.includes(name)) return `${name}：${desc}`;
  return desc || name;
}

/** Builds the platform client of one account for one product. */
export function createClient(config: EmsConfig, ctx: CarrierContext, product: EmsProductId = EMS_CARRIER_ID): EmsClient {
  const id = product;

  function routeEvent(item: EmsRouteItem, what: string, raw: unknown): TrackingEvent {
    return trackingEvent({
      kind: emsEventKind(item.opCode, item.opName),
      at: beijingInstant(id, item.opTime, { what, field: 'opTime', path: 'opTime' }, raw),
      place: item.opOrgName?.trim() || item.opOrgCity?.trim(),
      description: description(item),
      rawCode: item.opCode,
    });
  }

  /** Posts one apiCode with its encrypted business JSON; returns the envelope when retCode is success. */
  async function call(apiCode: string, business: Record<string, unknown>, what: string): Promise<EmsEnvelope> {
    const form = new URLSearchParams({
      apiCode,
      senderNo: config.senderNo,
      authorization: config.authorization,
      msgType: EMS_MSG_TYPE,
      timeStamp: formatBeijingTime(ctx.clock.now()),
      version: EMS_API_VERSION,
      logitcsInterface: encryptLogitcsInterface(JSON.stringify(business), config.signKey),
    });
    const response = await ctx.http.send({
      method: 'POST',
      // The base URL is the whole endpoint: every apiCode goes to the same address.
      url: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' },
      body: form.toString(),
    });
    const envelope = parseCarrierJson(id, EmsEnvelopeSchema, response.body, what);
    if (envelope.retCode !== EMS_SUCCESS_CODE)
      throw errorFromTable(id, EMS_ERRORS, envelope.retCode, envelope.retMsg ?? undefined, envelope);
    return envelope;
  }

  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const envelope = await call(EMS_API_CODES.track, { waybillNo: input.waybillNo }, 'track');
    const retBody = envelope.retBody;
    const body =
      retBody === null || retBody === undefined || retBody === ''
        ? { responseItems: [] }
        : typeof retBody === 'string'
          ? parseCarrierJson(id, EmsTrackBodySchema, retBody, 'track retBody')
          : validateCarrierPayload(id, EmsTrackBodySchema, retBody, 'track retBody');
    const raw = { envelope, retBody: body };
    // Not-found form (unconfirmed): success with no route items.
    return trackResultOf(
      id,
      input.waybillNo,
      (body.responseItems ?? []).map((item) => routeEvent(item, 'track', raw)),
      raw,
    );
  }

  /** The outer push fields, from a JSON body (public samples) or a form body. */
  function pushFields(request: PushRequest): Record<string, unknown> {
    const body = request.body.trim();
    if (body.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // handled: refused below as a PushRejectedError
      }
      throw new PushRejectedError(id, 'push: body is not a JSON object', { raw: request.body });
    }
    return Object.fromEntries(new URLSearchParams(body));
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },

    parsePush(request: PushRequest): PushParseResult {
      const outer = EmsPushEnvelopeSchema.safeParse(pushFields(request));
      if (!outer.success) throw new PushRejectedError(id, 'push: logitcsInterface is required', { raw: request.body });
      const { logitcsInterface, method, senderNo, serialNo } = outer.data;
      if (method && method !== EMS_API_CODES.push)
        throw new PushRejectedError(id, `push: unsupported method ${method}`, { raw: request.body });
      if (senderNo ? senderNo !== config.senderNo : !PUSH_ACCEPTS_EMPTY_SENDER_NO) {
        throw new PushRejectedError(id, `push: senderNo ${JSON.stringify(senderNo ?? '')} is not this account`, { raw: request.body });
      }
      // Authentication is decryption: only a holder of our SM4 key can produce a readable payload.
      const plain = decryptLogitcsInterface(logitcsInterface, config.signKey);
      if (plain === null)
        throw new PushRejectedError(id, 'push: logitcsInterface does not decrypt with this account key', {
          carrierCode: 'logitcsInterface',
          raw: request.body,
        });
      let decoded: unknown;
      try {
        decoded = JSON.parse(plain);
      } catch {
        throw new PushRejectedError(id, 'push: decrypted payload is not JSON (wrong key?)', {
          carrierCode: 'logitcsInterface',
          raw: request.body,
        });
      }
      const data = validateCarrierPayload(id, EmsPushDataSchema, decoded, 'push payload');
      const items = Array.isArray(data) ? data : [data];
      const updates = pushUpdatesByWaybill(
        id,
        items,
        (item) => item.waybillNo,
        (item) => routeEvent(item, 'push', item),
      );
      const reply = {
        serialNo: serialNo || ctx.newId(),
        code: PUSH_REPLY.code,
        codeMessage: PUSH_REPLY.codeMessage,
        senderNo: config.senderNo,
      };
      return { updates, reply: { status: 200, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(reply) } };
    },
  };
}
