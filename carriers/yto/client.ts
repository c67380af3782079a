// The YTO client: signs and sends gateway calls (track, intercept, cancel), reads their answers, verifies and parses XML status pushes.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { interceptAddressFields } from '../../src/carrier/address-fields.ts';
import type { CarrierClient, CarrierContext } from '../../src/carrier/define.ts';
import {
  BadResponseError,
  type CarrierError,
  errorFromTable,
  type ErrorKind,
  NotFoundError,
  NotSupportedError,
  PushRejectedError,
} from '../../src/carrier/errors.ts';
import { parseCarrierJson, validateCarrierPayload } from '../../src/carrier/http.ts';
import type {
  CancelInterceptInput,
  CancelInterceptResult,
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
import { beijingInstant, trackingEvent } from '../../src/carrier/tracking-event.ts';
import type { YtoConfig } from './config.ts';
import {
  EVENT_KIND_BY_INFO_CONTENT,
  INFO_CONTENT_TEXT,
  INTERCEPT_ROUTE_BY_KIND,
  KIND_AFTER_RETURN,
  PUSH_INFO_TYPES,
  PUSH_REPLY_CONTENT_TYPE,
  RECEIVER_ADDRESS_FIELDS,
  RETURN_INFO_CONTENTS,
  YTO_ERRORS,
  YTO_METHODS,
  YTO_OK_STATUS_CODE,
  YTO_PROVIDER_ID,
} from './mapping.ts';
import {
  type YtoTrackItem,
  YtoPushFormSchema,
  YtoTrackAnswerSchema,
  type YtoUpdateInfo,
  YtoUpdateInfoSchema,
  type YtoWantedAnswer,
  YtoWantedAnswerSchema,
} from './schemas.ts';
import { verifyYtoPushDigest, YTO_API_VERSION, ytoSign } from './sign.ts';

/** Registry id of the YTO plugin. */
export const YTO_CARRIER_ID = 'yto';

/** The YTO client: every method the plugin declares, none more. */
export type YtoClient = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept' | 'parsePush'>>;

const ID = YTO_CARRIER_ID;

// ---------------------------------------------------------------------------------------------
// The push's flat UpdateInfo document, read with fast-xml-parser (validated first, DOCTYPE refused).
// ---------------------------------------------------------------------------------------------

/** One element of a parsed XML document: its name, its child elements and its text (entities decoded, CDATA as text). */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** All character data directly inside the element, in order (whitespace kept). */
  text: string;
}

/** Thrown by parseXml on anything that is not well-formed XML of the accepted subset. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at offset ${offset})`);
    this.name = 'XmlSyntaxError';
  }
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /^&(#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]+);/;

/**
 * Decodes the five predefined XML entities and numeric character references; any other `&` is an error.
 * Ours rather than the parser's: the parser would pass `&nbsp;` or `&#0;` through, a push must not.
 */
export function decodeXmlEntities(text: string, offset = 0): string {
  return text.replace(/&[^&]{0,11}/g, (chunk, at: number) => {
    const m = ENTITY.exec(chunk);
    if (!m) throw new XmlSyntaxError('a bare "&" or an unterminated entity', offset + at);
    return characterOf(m[1] ?? '', offset + at) + chunk.slice(m[0].length);
  });
}

function characterOf(body: string, at: number): string {
  if (!body.startsWith('#')) {
    const value = NAMED_ENTITIES[body];
    if (value === undefined) throw new XmlSyntaxError(`unknown entity &${body};`, at);
    return value;
  }
  const code = body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    throw new XmlSyntaxError(`character reference &${body}; is not a character`, at);
  return String.fromCodePoint(code);
}

/** Raw text, no entity expansion (decodeXmlEntities does that), CDATA kept apart so it is not decoded. */
const XML_PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  trimValues: false,
  processEntities: false,
  parseTagValue: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** One node of fast-xml-parser's `preserveOrder` output: `{ name: children }`, `{ '#text': s }` or `{ '#cdata': [...] }`. */
type OrderedNode = Record<string, unknown>;

function offsetOf(src: string, line: number, col: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = src.indexOf('\n', at) + 1;
  return at + Math.max(col - 1, 0);
}

function textOf(nodes: unknown): string {
  return (nodes as OrderedNode[]).map((n) => String(n['#text'] ?? '')).join('');
}

function toElement(node: OrderedNode): XmlElement | string {
  if ('#text' in node) return decodeXmlEntities(String(node['#text']));
  if ('#cdata' in node) return textOf(node['#cdata']);
  const name = Object.keys(node).find((k) => k !== ':@') ?? '';
  const element: XmlElement = { name, children: [], text: '' };
  for (const child of (node[name] as OrderedNode[]) ?? []) {
    const parsed = toElement(child);
    if (typeof parsed === 'string') element.text += parsed;
    else element.children.push(parsed);
  }
  return element;
}

/**
 * Parses a small XML document into its root element: elements, character data, CDATA sections,
 * comments and processing instructions (skipped). Attributes are checked for form and ignored. A
 * DOCTYPE (and so any DTD or external entity) is refused. Throws XmlSyntaxError.
 */
export function parseXml(xml: string): XmlElement {
  const src = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const declaration = /<!(?!--|\[CDATA\[)/.exec(src.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => ' '.repeat(m.length)));
  if (declaration) throw new XmlSyntaxError('DOCTYPE and other declarations are not accepted', declaration.index);
  const valid = XMLValidator.validate(src);
  if (valid !== true) throw new XmlSyntaxError(valid.err.msg, offsetOf(src, valid.err.line, valid.err.col));
  const roots: XmlElement[] = [];
  for (const node of XML_PARSER.parse(src) as OrderedNode[]) {
    const parsed = toElement(node);
    if (typeof parsed !== 'string') roots.push(parsed);
    else if (parsed.trim() !== '') throw new XmlSyntaxError('text outside the root element', 0);
  }
  if (roots.length > 1) throw new XmlSyntaxError(`a second root element <${roots[1]?.name}>`, 0);
  const root = roots[0];
  if (!root) throw new XmlSyntaxError('no root element', 0);
  return root;
}

/**
 * Reads a flat document `<root><a>1</a><b/>...</root>` as `{ a: '1', b: '' }`: the trimmed text of each
 * leaf child. Children that have children of their own are skipped; a repeated name keeps its first
 * value. Throws XmlSyntaxError when the XML is not well-formed or the root is not `rootName`.
 */
export function parseFlatXml(xml: string, rootName: string): Record<string, string> {
  const root = parseXml(xml);
  if (root.name !== rootName) throw new XmlSyntaxError(`root element is <${root.name}>, expected <${rootName}>`, 0);
  const fields: Record<string, string> = {};
  for (const child of root.children) {
    if (child.children.length > 0 || Object.hasOwn(fields, child.name)) continue;
    fields[child.name] = child.text.trim();
  }
  return fields;
}

/** Escapes text for an XML element's content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The reply YTO expects to a push (reference §3):
 * `<Response><logisticProviderID>YTO</logisticProviderID><txLogisticID>…</txLogisticID><success>true</success><reason/></Response>`.
 */
export function pushReplyXml(txLogisticId: string | undefined): string {
  const tx = txLogisticId ? `<txLogisticID>${escapeXml(txLogisticId)}</txLogisticID>` : '<txLogisticID/>';
  return `<Response><logisticProviderID>${YTO_PROVIDER_ID}</logisticProviderID>${tx}<success>true</success><reason/></Response>`;
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

function placeOf(...parts: (string | null | undefined)[]): string | undefined {
  const joined = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ');
  return joined === '' ? undefined : joined;
}

/** Track items → sorted events; a SIGNED after a TMS_RETURN becomes RETURNED (KIND_AFTER_RETURN). */
function trackEvents(items: readonly YtoTrackItem[], raw: unknown): TrackingEvent[] {
  const events = sortEvents(
    items.map((item, index) => {
      const path = `${index}.upload_Time`;
      return trackingEvent({
        kind: EVENT_KIND_BY_INFO_CONTENT[item.infoContent] ?? 'UNKNOWN',
        at: beijingInstant(ID, item.upload_Time, { what: 'track', field: path, path }, raw),
        place: placeOf(item.city, item.district),
        description: item.processInfo ?? INFO_CONTENT_TEXT[item.infoContent] ?? '',
        rawCode: item.infoContent,
      });
    }),
  );
  let returning = false;
  return events.map((event) => {
    if (RETURN_INFO_CONTENTS.has(event.rawCode)) returning = true;
    const after = returning ? KIND_AFTER_RETURN[event.rawCode] : undefined;
    return after ? { ...event, kind: after } : event;
  });
}

function pushEvent(info: YtoUpdateInfo, raw: unknown): TrackingEvent {
  const place = placeOf(info.orgName) ?? placeOf(info.city, info.district);
  const description =
    [info.remark, info.questionCause].find((t): t is string => typeof t === 'string' && t !== '') ??
    INFO_CONTENT_TEXT[info.infoContent] ??
    info.infoContent;
  const path = 'UpdateInfo.acceptTime';
  return trackingEvent({
    kind: EVENT_KIND_BY_INFO_CONTENT[info.infoContent] ?? 'UNKNOWN',
    at: beijingInstant(ID, info.acceptTime, { what: 'push', field: path, path }, raw),
    place,
    description,
    rawCode: info.infoContent,
  });
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

/** The typed error of a wanted_* answer that is not statusCode 0, or of a gateway error object. */
function wantedError(answer: YtoWantedAnswer): CarrierError {
  const message = answer.statusMessage ?? answer.message ?? answer.reason ?? undefined;
  if (answer.statusCode !== undefined) {
    // Any statusCode other than 0 is a refusal (reference §19.2); unlisted codes are refusals for an OTHER reason.
    return errorFromTable(ID, YTO_ERRORS, String(answer.statusCode), message, answer, 'not_interceptable');
  }
  const fallback: ErrorKind = 'invalid';
  return errorFromTable(ID, YTO_ERRORS, String(answer.code ?? ''), message, answer, fallback);
}

/** Builds the YTO client of one account. */
export function createClient(config: YtoConfig, ctx: CarrierContext): YtoClient {
  const suffix = `${YTO_API_VERSION}/${encodeURIComponent(config.pathId)}/${encodeURIComponent(config.customerCode)}`;

  /** Sends one signed gateway call and returns the answer's text. */
  async function call(method: string, param: Record<string, string>): Promise<string> {
    const paramText = JSON.stringify(param);
    const body = JSON.stringify({
      timestamp: ctx.clock.nowMs(),
      param: paramText,
      sign: ytoSign(paramText, method, config.secret),
      format: 'JSON',
    });
    const response = await ctx.http.send({
      method: 'POST',
      url: `open/${method}/${suffix}`,
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body,
    });
    return response.body;
  }

  /** A wanted_* call that must answer statusCode 0; anything else becomes the typed error. */
  async function callWanted(method: string, param: Record<string, string>, what: string): Promise<YtoWantedAnswer> {
    const answer = parseCarrierJson(ID, YtoWantedAnswerSchema, await call(method, param), what);
    if (answer.statusCode === undefined || String(answer.statusCode) !== YTO_OK_STATUS_CODE) throw wantedError(answer);
    return answer;
  }

  async function trackOne(input: TrackInput): Promise<TrackResult> {
    const answer = parseCarrierJson(ID, YtoTrackAnswerSchema, await call(YTO_METHODS.track, { NUMBER: input.waybillNo }), 'track');
    if (!Array.isArray(answer)) {
      const error = errorFromTable(ID, YTO_ERRORS, String(answer.code), answer.message ?? answer.reason ?? undefined, answer);
      // 1001 查询结果为空: YTO has no route for the number.
      if (error instanceof NotFoundError) return notFoundTrackResult(ID, input.waybillNo, answer);
      throw error;
    }
    return trackResultOf(ID, input.waybillNo, trackEvents(answer, answer), answer);
  }

  return {
    async track(inputs) {
      return trackOneByOne(inputs, trackOne);
    },

    async intercept(request: InterceptRequest): Promise<InterceptResult> {
      const route = INTERCEPT_ROUTE_BY_KIND[request.kind];
      if (!route) throw new NotSupportedError(ID, `intercept: YTO offers no ${request.kind}`);
      const param: Record<string, string> = { waybillNo: request.waybillNo };
      if (route.withReceiver) Object.assign(param, interceptAddressFields(ID, request, RECEIVER_ADDRESS_FIELDS));
      // wantedDesc must not be empty (reference §3); the reason is at least one character.
      param.wantedDesc = request.reason;
      const answer = await callWanted(route.method, param, 'intercept');
      const message = answer.statusMessage ?? answer.message ?? undefined;
      return { state: 'ACCEPTED', carrierCode: String(answer.statusCode), ...(message ? { message } : {}), raw: answer };
    },

    async cancelIntercept(input: CancelInterceptInput): Promise<CancelInterceptResult> {
      const answer = await callWanted(
        YTO_METHODS.cancelIntercept,
        { waybillNo: input.waybillNo, dealRemark: input.reason },
        'cancelIntercept',
      );
      const message = answer.statusMessage ?? answer.message ?? undefined;
      return { state: 'CANCELLED', carrierCode: String(answer.statusCode), ...(message ? { message } : {}), raw: answer };
    },

    parsePush(request: PushRequest): PushParseResult {
      const form = YtoPushFormSchema.safeParse(Object.fromEntries(new URLSearchParams(request.body)));
      if (!form.success) throw new PushRejectedError(ID, 'push: logistics_interface and data_digest are required', { raw: request.body });
      const { logistics_interface: xml, data_digest: digest, clientId, type } = form.data;
      if (!verifyYtoPushDigest(xml, config.secret, digest)) {
        throw new PushRejectedError(ID, 'push: data_digest does not verify', { carrierCode: 'data_digest', raw: request.body });
      }
      // clientId and type are outside the digest: they must be exactly this account's, or anyone
      // holding one signed push could re-send it under other values.
      if (clientId !== config.customerCode)
        throw new PushRejectedError(
          ID,
          clientId ? `push: clientId ${clientId} is not this account` : "push: clientId is required (this account's customer code)",
          { carrierCode: 'clientId', raw: request.body },
        );
      if (type !== config.pushType)
        throw new PushRejectedError(ID, `push: type ${type ? `"${type}"` : '(missing)'} is not ${config.pushType}`, {
          carrierCode: 'type',
          raw: request.body,
        });
      let fields: Record<string, string>;
      try {
        fields = parseFlatXml(xml, 'UpdateInfo');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new BadResponseError(
          ID,
          `push: logistics_interface is not an UpdateInfo document: ${message}`,
          [{ path: 'logistics_interface', message }],
          { raw: xml, cause: error },
        );
      }
      const info = validateCarrierPayload(ID, YtoUpdateInfoSchema, fields, 'push UpdateInfo');
      if (info.clientID && info.clientID !== config.customerCode)
        throw new PushRejectedError(ID, `push: UpdateInfo clientID ${info.clientID} is not this account`, {
          carrierCode: 'clientID',
          raw: request.body,
        });
      const reply = { status: 200, contentType: PUSH_REPLY_CONTENT_TYPE, body: pushReplyXml(info.txLogisticID ?? undefined) };
      // Notifications other than STATUS carry no route event: acknowledged, nothing to record.
      if (info.infoType && !PUSH_INFO_TYPES.has(info.infoType)) return { updates: [], reply, signedContent: xml };
      const raw = { form: { ...form.data }, updateInfo: fields };
      const update: PushUpdate = { waybillNo: info.mailNo, carrierId: ID, events: [pushEvent(info, raw)], raw };
      return { updates: [update], reply, signedContent: xml };
    },
  };
}
