// YTO plugin and simulator: signing vectors, code tables, the UpdateInfo XML reader, Beijing times, and track / intercept / cancel / push end to end over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { YTO_PRODUCTION_URL, type YtoConfig, YtoConfigSchema } from '../../carriers/yto/index.ts';
import { decodeXmlEntities, parseFlatXml, parseXml, pushReplyXml, XmlSyntaxError } from '../../carriers/yto/client.ts';
import {
  EVENT_KIND_BY_INFO_CONTENT,
  INTERCEPT_ROUTE_BY_KIND,
  KIND_AFTER_RETURN,
  YTO_ERRORS,
  YTO_METHODS,
} from '../../carriers/yto/mapping.ts';
import { verifyYtoPushDigest, ytoPushDigest, ytoSign } from '../../carriers/yto/sign.ts';
import type { CarrierClient } from '../../src/carrier/define.ts';
import {
  AuthError,
  BadResponseError,
  CarrierTimeoutError,
  CarrierUnavailableError,
  errorFromTable,
  InvalidRequestError,
  NotFoundError,
  NotInterceptableError,
  NotSupportedError,
  PushRejectedError,
  RateLimitedError,
} from '../../src/carrier/errors.ts';
import type { EventKind, InterceptRefusal } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture, fixtureText } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { kit, YTO_SIM_CODES, YTO_SIM_CREDENTIALS, YtoSimulator, type YtoSimCredentials } from '../../mocks/yto/index.ts';
import {
  SENDER_ADDRESS as SENDER,
  buildPluginClient,
  formPush as form,
  HOUR,
  hostSequence,
  offlineNock,
  refusalOf,
  simHarness,
  type SimHarness,
  START,
} from './harness.ts';

const BUYER_NEW = { name: '张三', phone: '13900000000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 2 号' };

// Known answers computed outside our code:
// reference §18 official vector: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(b'opentest'+b'123456').digest()).decode())"
const OFFICIAL_SIGN = 'YLstCNa3x8ijQx16e/jqOA==';
// reference §3 XML vector: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(b'<order></order>'+b'123456').digest()).decode())"
const OFFICIAL_XML_SIGN = 'LghTkEmsD2tbQ3fsIBRcBg==';
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"NUMBER\":\"YT2600216627986\"}'+'track_query_adapter'+'v1'+'yto-test-secret').encode()).digest()).decode())"
const TRACK_PARAM = '{"NUMBER":"YT2600216627986"}';
const TRACK_SIGN = 'hJ8xUX65wlb6OFAFYIgnWA==';
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"waybillNo\":\"YT2600216627986\",\"wantedDesc\":\"买家申请退款，拦截退回\"}'+'wanted_report_adapter'+'v1'+'yto-test-secret').encode('utf-8')).digest()).decode())"
const REPORT_PARAM = '{"waybillNo":"YT2600216627986","wantedDesc":"买家申请退款，拦截退回"}';
const REPORT_SIGN = 'LTWqAqVOmndg0StQyZBezg==';
// printf '%s' '<UpdateInfo>…</UpdateInfo>yto-test-secret' | openssl dgst -md5 -binary | base64   (the XML of mocks/yto/fixtures/push-update-got.xml, verbatim, without its final newline)
const PUSH_XML = fixtureText('yto', 'push-update-got.xml');
const PUSH_DIGEST = 'TsoGZm5uSAPWdPiH6w58+A==';

const TEST_ACCOUNT = { customerCode: 'K-TEST-01', pathId: 'pAtH01', secret: 'yto-test-secret' };

type Client = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept' | 'parsePush'>>;
type Setup = SimHarness<YtoSimulator, Client, YtoConfig>;

// One host per setup: nock serves persisted scopes in order, so two simulators must not share one.
const nextHost = hostSequence((n) => `https://yto-${n}.sim.test/`);

function build(raw: Record<string, unknown>, clock: TestClock): Client {
  return buildPluginClient<YtoConfig, Client>(plugin, raw, clock).client;
}

function setup(
  options: {
    wrongCredentials?: boolean;
    quota?: QuotaSettings;
    timeoutMs?: number;
    credentials?: YtoSimCredentials;
    override?: Record<string, unknown>;
  } = {},
): Setup {
  const { credentials, override, ...rest } = options;
  return simHarness<YtoConfig, YtoSimulator, Client>(plugin, kit, {
    baseUrl: nextHost(),
    ...rest,
    config: { ...credentials, ...override },
    simulator: (o) => new YtoSimulator({ ...o, credentials }),
  });
}

/** A client on a fixed host for hand-written nock answers. */
function wireClient(host: string, clock = new TestClock(START)): Client {
  return build({ baseUrl: `https://${host}/`, ...TEST_ACCOUNT }, clock);
}

const returnRequest = (waybillNo: string) => ({
  waybillNo,
  kind: 'RETURN_TO_SENDER' as const,
  reason: '买家申请退款，拦截退回',
  idempotencyKey: `key-${waybillNo}`,
  address: SENDER,
});

offlineNock();

describe('yto signing', () => {
  it('matches the official vectors: Base64 of the raw MD5 of text + secret', () => {
    expect(ytoPushDigest('opentest', '123456')).toBe(OFFICIAL_SIGN);
    expect(ytoSign('opentest', '', '123456', '')).toBe(OFFICIAL_SIGN);
    expect(ytoPushDigest('<order></order>', '123456')).toBe(OFFICIAL_XML_SIGN);
  });

  it('signs param + method + "v1" + secret (known answers)', () => {
    expect(ytoSign(TRACK_PARAM, 'track_query_adapter', 'yto-test-secret')).toBe(TRACK_SIGN);
    expect(ytoSign(REPORT_PARAM, 'wanted_report_adapter', 'yto-test-secret')).toBe(REPORT_SIGN);
    expect(ytoPushDigest(PUSH_XML, 'yto-test-secret')).toBe(PUSH_DIGEST);
  });

  it('verifies push digests, tolerating a + decoded as a space, and refuses wrong ones', () => {
    expect(verifyYtoPushDigest(PUSH_XML, 'yto-test-secret', PUSH_DIGEST)).toBe(true);
    expect(verifyYtoPushDigest(PUSH_XML, 'yto-test-secret', PUSH_DIGEST.replace(/\+/g, ' '))).toBe(true);
    expect(verifyYtoPushDigest(PUSH_XML, 'other-secret', PUSH_DIGEST)).toBe(false);
    expect(verifyYtoPushDigest(PUSH_XML, 'yto-test-secret', 'short')).toBe(false);
  });

  it('sends the exact wire form of a track query: POST open/{method}/v1/{pathId}/{customerCode}, JSON {timestamp, param, sign, format}', async () => {
    const clock = new TestClock(START);
    const scope = nock('https://yto.wire.test')
      .post('/open/track_query_adapter/v1/pAtH01/K-TEST-01', {
        timestamp: clock.nowMs(),
        param: TRACK_PARAM,
        sign: TRACK_SIGN,
        format: 'JSON',
      })
      .matchHeader('content-type', /^application\/json/)
      .reply(200, fixture('yto', 'track-not-found'));
    const [result] = await wireClient('yto.wire.test', clock).track([{ waybillNo: 'YT2600216627986', phoneLast4: '1234' }]);
    expect(result).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect(scope.isDone()).toBe(true);
  });

  it('sends wanted_report_adapter with {waybillNo, wantedDesc} and reads statusCode 0 as accepted', async () => {
    const clock = new TestClock(START);
    const scope = nock('https://yto.wire.test')
      .post('/open/wanted_report_adapter/v1/pAtH01/K-TEST-01', {
        timestamp: clock.nowMs(),
        param: REPORT_PARAM,
        sign: REPORT_SIGN,
        format: 'JSON',
      })
      .reply(200, fixture('yto', 'intercept-accepted'));
    const result = await wireClient('yto.wire.test', clock).intercept({ ...returnRequest('YT2600216627986'), context: undefined });
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierCode: '0', message: '成功', raw: { statusCode: 0 } });
    expect(scope.isDone()).toBe(true);
  });

  it('keeps a base URL path prefix (the UAT host and path-mounted proxies)', async () => {
    const scope = nock('https://yto.prefix.test').post('/gateway/open/track_query_adapter/v1/pAtH01/K-TEST-01').reply(200, []);
    const client = build({ baseUrl: 'https://yto.prefix.test/gateway/', ...TEST_ACCOUNT }, new TestClock(START));
    await client.track([{ waybillNo: 'YT2600216627986' }]);
    expect(scope.isDone()).toBe(true);
  });
});

describe('yto declaration', () => {
  it('declares the waybill format, the kuaidi100 code, no idempotency key, assumed limits and the production host', () => {
    const [pattern] = plugin.waybillPatterns;
    expect(pattern!.prefixed).toBe(true);
    for (const good of ['YT2600216627986', 'YT0000000000000']) expect(pattern!.pattern.test(good)).toBe(true);
    for (const bad of ['YT260021662798', 'YT26002166279860', 'yt2600216627986', 'JT2600216627986', '2600216627986'])
      expect(pattern!.pattern.test(bad)).toBe(false);
    for (const n of [0, 1, 2, 99, 123_456]) expect(pattern!.pattern.test(kit.waybill(n))).toBe(true);
    expect(new Set([0, 1, 2, 99, 123_456].map(kit.waybill)).size).toBe(5);
    expect(plugin.kuaidi100Code?.code).toBe('yuantong');
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.capabilities.track && plugin.capabilities.track.batchSize).toBe(1);
    expect(plugin.capabilities.intercept && plugin.capabilities.intercept.idempotencyKey).toBe(false);
    expect(plugin.capabilities.intercept && plugin.capabilities.intercept.kinds).toEqual(['RETURN_TO_SENDER', 'REDIRECT']);
    expect(plugin.capabilities.push && plugin.capabilities.push.auth).toBe('signature');
    expect(YtoConfigSchema.parse(TEST_ACCOUNT).baseUrl).toBe(YTO_PRODUCTION_URL);
    expect(YTO_PRODUCTION_URL).toBe('https://openapi.yto.net.cn:11443/');
  });

  it('requires the customer code, path id and secret', () => {
    for (const key of ['customerCode', 'pathId', 'secret'] as const) {
      const { [key]: _dropped, ...rest } = TEST_ACCOUNT;
      const result = YtoConfigSchema.safeParse(rest);
      expect(result.success, key).toBe(false);
      expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(key);
    }
  });
});

describe('yto mapping tables', () => {
  it('maps every infoContent code of §3 per §19.3', () => {
    const expected: Record<string, EventKind> = {
      ACCEPT: 'INFO_RECEIVED',
      ORDER_BOOKING: 'INFO_RECEIVED',
      GOT: 'COLLECTED',
      NOT_SEND: 'EXCEPTION',
      ARRIVAL: 'IN_TRANSIT',
      DEPARTURE: 'IN_TRANSIT',
      AIRSEND: 'IN_TRANSIT',
      AIRPICK: 'IN_TRANSIT',
      SENT_SCAN: 'OUT_FOR_DELIVERY',
      INBOUND: 'AT_PICKUP_POINT',
      SIGNED: 'DELIVERED',
      FAILED: 'DELIVERY_FAILED',
      TMS_RETURN: 'RETURNING',
      FORWARDING: 'REDIRECTED',
    };
    expect(EVENT_KIND_BY_INFO_CONTENT).toEqual(expected);
    expect(KIND_AFTER_RETURN).toEqual({ SIGNED: 'RETURNED' });
  });

  it('reads every code of a track answer through the table, unknown codes as UNKNOWN, SIGNED after TMS_RETURN as RETURNED', async () => {
    const codes = Object.keys(EVENT_KIND_BY_INFO_CONTENT).filter((c) => c !== 'TMS_RETURN' && c !== 'SIGNED');
    const items = [...codes, 'PACKAGE', 'SIGNED', 'TMS_RETURN', 'SIGNED'].map((infoContent, i) => ({
      waybill_No: 'YT2600216627986',
      upload_Time: `2024-06-01 ${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00`,
      infoContent,
      processInfo: `step ${i}`,
      city: '杭州市',
      district: '滨江区',
    }));
    nock('https://yto.codes.test')
      .post(/track_query_adapter/)
      .reply(200, [...items].reverse());
    const [result] = await wireClient('yto.codes.test').track([{ waybillNo: 'YT2600216627986' }]);
    const kinds = result!.events.map((e) => [e.rawCode, e.kind]);
    expect(kinds).toEqual([
      ...codes.map((c) => [c, EVENT_KIND_BY_INFO_CONTENT[c]]),
      ['PACKAGE', 'UNKNOWN'],
      ['SIGNED', 'DELIVERED'],
      ['TMS_RETURN', 'RETURNING'],
      ['SIGNED', 'RETURNED'],
    ]);
    expect(result!.events[0]).toMatchObject({ place: '杭州市 滨江区', description: 'step 0' });
    expect(result!.status).toBe('RETURNED');
    expect(Array.isArray(result!.raw)).toBe(true);
  });

  it('routes RETURN_TO_SENDER to wanted_report_adapter and REDIRECT to wanted_change_adapter, nothing else', () => {
    expect(INTERCEPT_ROUTE_BY_KIND).toEqual({
      RETURN_TO_SENDER: { method: YTO_METHODS.interceptReturn, withReceiver: false },
      REDIRECT: { method: YTO_METHODS.interceptChange, withReceiver: true },
    });
    expect(YTO_METHODS).toEqual({
      track: 'track_query_adapter',
      interceptReturn: 'wanted_report_adapter',
      interceptChange: 'wanted_change_adapter',
      cancelIntercept: 'wanted_cancel_adapter',
    });
  });

  it('classifies every code of the error table', () => {
    expect(errorFromTable('yto', YTO_ERRORS, '1001', undefined, {})).toBeInstanceOf(NotFoundError);
    expect(errorFromTable('yto', YTO_ERRORS, '99401', undefined, {})).toBeInstanceOf(AuthError);
    expect(errorFromTable('yto', YTO_ERRORS, '99400', undefined, {})).toBeInstanceOf(InvalidRequestError);
    const refusals: Record<string, InterceptRefusal> = {
      '99101': 'ALREADY_DELIVERED',
      '99102': 'NOT_COLLECTED',
      '99103': 'DUPLICATE',
      '99104': 'ALREADY_RETURNING',
      '99105': 'NOT_ALLOWED',
      '99106': 'UNKNOWN_WAYBILL',
      '99107': 'NOT_CANCELLABLE',
    };
    expect(Object.keys(YTO_ERRORS).sort()).toEqual(['1001', '99400', '99401', ...Object.keys(refusals)].sort());
    for (const [code, refusal] of Object.entries(refusals)) {
      const error = errorFromTable('yto', YTO_ERRORS, code, undefined, {});
      expect(error, code).toBeInstanceOf(NotInterceptableError);
      expect((error as NotInterceptableError).refusal, code).toBe(refusal);
    }
  });

  it('the simulator speaks the same (unconfirmed) codes the plugin reads', () => {
    expect(YTO_ERRORS[YTO_SIM_CODES.auth]?.kind).toBe('auth');
    expect(YTO_ERRORS[YTO_SIM_CODES.invalid]?.kind).toBe('invalid');
    expect(YTO_ERRORS[YTO_SIM_CODES.trackEmpty]?.kind).toBe('not_found');
  });

  it('reads an unlisted non-zero statusCode as a refusal (OTHER), an unlisted gateway code as an invalid request, and a non-1001 track code as an error', async () => {
    nock('https://yto.unlisted.test')
      .post(/wanted_report_adapter/)
      .reply(200, fixture('yto', 'intercept-rejected-unlisted-status'))
      .post(/wanted_report_adapter/)
      .reply(200, fixture('yto', 'error-unlisted-gateway-code'))
      .post(/track_query_adapter/)
      .reply(200, fixture('yto', 'track-error-request-failed'));
    const client = wireClient('yto.unlisted.test');
    const refused = await refusalOf(client.intercept(returnRequest('YT2600216627986')));
    expect(refused.refusal).toBe('OTHER');
    expect(refused.carrierCode).toBe('7');
    const invalid = await client.intercept(returnRequest('YT2600216627986')).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidRequestError);
    expect((invalid as InvalidRequestError).carrierCode).toBe('X999');
    const trackError = await client.track([{ waybillNo: 'YT2600216627986' }]).catch((e: unknown) => e);
    expect(trackError).toBeInstanceOf(InvalidRequestError);
    expect((trackError as InvalidRequestError).message).toContain('请求失败');
  });
});

describe('yto UpdateInfo XML reader', () => {
  it('reads a flat document: declaration, comments, self-closing and empty elements, attributes ignored, text trimmed', () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- push -->\n<UpdateInfo version="1">\n  <mailNo> YT2600216627986 </mailNo>\n  <remark/>\n  <orgName a=\'x\' b="y>z"></orgName>\n</UpdateInfo>\n';
    expect(parseFlatXml(xml, 'UpdateInfo')).toEqual({ mailNo: 'YT2600216627986', remark: '', orgName: '' });
  });

  it('decodes entities and character references, and keeps CDATA as written', () => {
    const xml =
      '<UpdateInfo><remark>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#20013;&#x6587;&#x1F4E6;</remark><city><![CDATA[<杭州> & 滨江]]></city></UpdateInfo>';
    expect(parseFlatXml(xml, 'UpdateInfo')).toEqual({ remark: 'a <b> & "c" \'d\' 中文📦', city: '<杭州> & 滨江' });
    expect(decodeXmlEntities('no entities')).toBe('no entities');
  });

  it('skips nested children and keeps the first of a repeated name', () => {
    const xml = '<UpdateInfo><extendFields><a>1</a></extendFields><mailNo>YT1</mailNo><mailNo>YT2</mailNo></UpdateInfo>';
    expect(parseFlatXml(xml, 'UpdateInfo')).toEqual({ mailNo: 'YT1' });
    const tree = parseXml(xml);
    expect(tree.children[0]).toEqual({ name: 'extendFields', children: [{ name: 'a', children: [], text: '1' }], text: '' });
  });

  it.each([
    ['a mismatched end tag', '<UpdateInfo><a>1</b></UpdateInfo>'],
    ['an unclosed element', '<UpdateInfo><a>1</a>'],
    ['two roots', '<UpdateInfo/><UpdateInfo/>'],
    ['text outside the root', 'x<UpdateInfo/>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><UpdateInfo>&e;</UpdateInfo>'],
    ['a bare ampersand', '<UpdateInfo><a>A & B</a></UpdateInfo>'],
    ['an unknown entity', '<UpdateInfo><a>&nbsp;</a></UpdateInfo>'],
    ['a reference to no character', '<UpdateInfo><a>&#0;</a></UpdateInfo>'],
    ['a surrogate reference', '<UpdateInfo><a>&#xD800;</a></UpdateInfo>'],
    ['"<" inside a tag', '<UpdateInfo <a>'],
    ['an unterminated start tag', '<UpdateInfo'],
    ['an unterminated comment', '<UpdateInfo><!-- x</UpdateInfo>'],
    ['an unterminated CDATA section', '<UpdateInfo><![CDATA[x</UpdateInfo>'],
    ['an end tag without a start', '</UpdateInfo>'],
    ['malformed attributes', '<UpdateInfo a=b></UpdateInfo>'],
    ['a start tag without a name', '<1a></1a>'],
    ['no root at all', '<?xml version="1.0"?>'],
    ['the wrong root', '<Response><success>true</success></Response>'],
  ])('refuses %s', (_what, xml) => {
    expect(() => parseFlatXml(xml, 'UpdateInfo')).toThrow(XmlSyntaxError);
  });

  it('renders the push reply of §3, escaping the echoed txLogisticID', () => {
    expect(pushReplyXml('LP<1>')).toBe(
      '<Response><logisticProviderID>YTO</logisticProviderID><txLogisticID>LP&lt;1&gt;</txLogisticID><success>true</success><reason/></Response>',
    );
    expect(pushReplyXml(undefined)).toBe(
      '<Response><logisticProviderID>YTO</logisticProviderID><txLogisticID/><success>true</success><reason/></Response>',
    );
  });
});

describe('yto Beijing times', () => {
  it('reads track upload_Time as +08:00 whatever the host time zone, across midnight', async () => {
    nock('https://yto.times.test')
      .post(/track_query_adapter/)
      .reply(200, fixture('yto', 'track-delivered-across-midnight'));
    const [result] = await wireClient('yto.times.test').track([{ waybillNo: 'YT2600216627986' }]);
    expect(result!.events.map((e) => [e.at, e.kind])).toEqual([
      ['2024-05-31T00:00:00.000Z', 'COLLECTED'],
      ['2024-05-31T18:30:00.000Z', 'DELIVERED'],
    ]);
    expect(result!.status).toBe('DELIVERED');
  });

  it('refuses an unreadable upload_Time as a bad response', async () => {
    nock('https://yto.times.test')
      .post(/track_query_adapter/)
      .reply(200, fixture('yto', 'track-impossible-upload-time'));
    const error = await wireClient('yto.times.test')
      .track([{ waybillNo: 'YT2600216627986' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).issues[0]!.path).toBe('0.upload_Time');
  });

  it('reads push acceptTime as +08:00', () => {
    const client = wireClient('yto.push.test');
    const parsed = client.parsePush(
      form({ logistics_interface: PUSH_XML, data_digest: PUSH_DIGEST, clientId: TEST_ACCOUNT.customerCode, type: 'online' }),
    );
    expect(parsed.updates[0]!.events[0]!.at).toBe('2024-06-01T02:00:05.000Z');
  });
});

describe('yto track against the simulator', () => {
  it('tracks a moving parcel: sorted events, status, raw array', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track([{ waybillNo, phoneLast4: '1234' }]);
    expect(result!.found).toBe(true);
    expect(result!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT']);
    expect(result!.events.map((e) => e.rawCode)).toEqual(['GOT', 'DEPARTURE']);
    expect(result!.events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(result!.events[0]!.description).toBe('【深圳宝安营业点】已揽收');
    expect(result!.status).toBe('IN_TRANSIT');
    expect((result!.raw as unknown[]).length).toBe(2);
    expect(s.sim.stats.byOperation[YTO_METHODS.track]).toBe(1);
  });

  it('follows a parcel to delivery as the clock moves', async () => {
    const s = setup();
    const waybillNo = s.seed(2, 'deliver');
    s.clock.advance(19 * HOUR);
    const [out] = await s.client.track([{ waybillNo }]);
    expect(out!.status).toBe('OUT_FOR_DELIVERY');
    s.clock.advance(2 * HOUR);
    const [done] = await s.client.track([{ waybillNo }]);
    expect(done!.status).toBe('DELIVERED');
    expect(done!.events.map((e) => e.rawCode)).toEqual(['GOT', 'DEPARTURE', 'ARRIVAL', 'SENT_SCAN', 'SIGNED']);
  });

  it('shows a refused parcel coming back: FAILED, TMS_RETURN, then SIGNED read as RETURNED', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'buyer-refuses');
    s.clock.advance(80 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.events.map((e) => [e.rawCode, e.kind]).slice(-4)).toEqual([
      ['FAILED', 'DELIVERY_FAILED'],
      ['TMS_RETURN', 'RETURNING'],
      ['DEPARTURE', 'IN_TRANSIT'],
      ['SIGNED', 'RETURNED'],
    ]);
    expect(result!.status).toBe('RETURNED');
  });

  it('reports an unknown number and a non-YTO number as not found (code 1001)', async () => {
    const s = setup();
    const [unknown] = await s.client.track([{ waybillNo: kit.waybill(99) }]);
    expect(unknown).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect((unknown!.raw as { code: string }).code).toBe('1001');
    const [foreign] = await s.client.track([{ waybillNo: 'SF1234567890123' }]);
    expect(foreign).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
  });

  it('queries one number per call and answers in order', async () => {
    const s = setup();
    const numbers = [s.seed(10, 'deliver'), s.seed(11, 'delivered'), kit.waybill(12)];
    const results = await s.client.track(numbers.map((waybillNo) => ({ waybillNo })));
    expect(results.map((r) => [r.waybillNo, r.status])).toEqual([
      [numbers[0], 'IN_TRANSIT'],
      [numbers[1], 'DELIVERED'],
      [numbers[2], 'NOT_FOUND'],
    ]);
    expect(s.sim.stats.requests).toBe(3);
  });
});

describe('yto errors against the simulator', () => {
  it('answers a wrong secret with its auth code, which the plugin reads as AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(5, 'deliver');
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe(YTO_SIM_CODES.auth);
    expect(s.sim.stats.authErrors).toBe(1);
    await expect(s.client.intercept(returnRequest(waybillNo))).rejects.toBeInstanceOf(AuthError);
    await expect(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'cancel-key-01', reason: '撤销' })).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('refuses a wrong path id or customer code as it refuses a wrong secret', async () => {
    for (const override of [{ pathId: 'wrong' }, { customerCode: 'K00000000' }]) {
      const s = setup({ override });
      const error = await s.client.track([{ waybillNo: s.seed(6, 'deliver') }]).catch((e: unknown) => e);
      expect(error, JSON.stringify(override)).toBeInstanceOf(AuthError);
    }
  });

  it('checks signatures with its own code: a tampered param is refused', async () => {
    const clock = new TestClock(START);
    const sim = new YtoSimulator({ clock });
    sim.world.add({ waybillNo: kit.waybill(1), collectedAt: clock.nowMs() - HOUR });
    const path = `/open/track_query_adapter/v1/${YTO_SIM_CREDENTIALS.pathId}/${YTO_SIM_CREDENTIALS.customerCode}`;
    const param = JSON.stringify({ NUMBER: kit.waybill(1) });
    // The simulator's signing, checked here against python's: the same formula as TRACK_SIGN above.
    const sign = ytoSign(param, 'track_query_adapter', YTO_SIM_CREDENTIALS.secret);
    const ok = await sim.handle({
      method: 'POST',
      path,
      query: {},
      headers: {},
      body: JSON.stringify({ timestamp: clock.nowMs(), param, sign, format: 'JSON' }),
    });
    expect(JSON.parse(ok.body)).toHaveLength(1);
    const tampered = await sim.handle({
      method: 'POST',
      path,
      query: {},
      headers: {},
      body: JSON.stringify({ timestamp: clock.nowMs(), param: param.replace('YT26', 'YT27'), sign, format: 'JSON' }),
    });
    expect(JSON.parse(tampered.body)).toMatchObject({ success: false, code: YTO_SIM_CODES.auth });
    const unknownMethod = await sim.handle({
      method: 'POST',
      path: path.replace('track_query_adapter', 'nope_adapter'),
      query: {},
      headers: {},
      body: JSON.stringify({
        timestamp: clock.nowMs(),
        param,
        sign: ytoSign(param, 'nope_adapter', YTO_SIM_CREDENTIALS.secret),
        format: 'JSON',
      }),
    });
    expect(unknownMethod.status).toBe(404);
    const garbage = await sim.handle({ method: 'POST', path, query: {}, headers: {}, body: 'not json' });
    expect(JSON.parse(garbage.body)).toMatchObject({ code: YTO_SIM_CODES.invalid });
  });

  it('answers its quota with HTTP 429 and Retry-After, which the core reads as RateLimitedError', async () => {
    const s = setup({ quota: { perSecond: 2 } });
    const waybillNo = s.seed(7, 'deliver');
    await s.client.track([{ waybillNo }]);
    await s.client.track([{ waybillNo }]);
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).carrierCode).toBe('HTTP 429');
    expect((error as RateLimitedError).retryAfterMs).toBe(1_000);
    s.clock.advance(1_000);
    const [again] = await s.client.track([{ waybillNo }]);
    expect(again!.found).toBe(true);
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.intercept(returnRequest(waybillNo))).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('types transport faults: 5xx, malformed bodies, timeouts', async () => {
    const s = setup({ timeoutMs: 100 });
    const waybillNo = s.seed(8, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const badTrack = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(badTrack).toBeInstanceOf(BadResponseError);
    expect((badTrack as BadResponseError).issues.length).toBeGreaterThan(0);
    s.sim.faults.inject({ type: 'malformed' });
    const badIntercept = await s.client.intercept(returnRequest(waybillNo)).catch((e: unknown) => e);
    expect(badIntercept).toBeInstanceOf(BadResponseError);
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('yto intercept and cancel against the simulator', () => {
  it('accepts a return of a moving parcel, which then comes back (TMS_RETURN … SIGNED = RETURNED)', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const result = await s.client.intercept(returnRequest(waybillNo));
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierCode: '0' });
    expect(s.sim.world.get(waybillNo)!.interception?.state).toBe('ACCEPTED');
    expect(s.sim.stats.byOperation[YTO_METHODS.interceptReturn]).toBe(1);
    s.clock.advance(60 * HOUR);
    const [track] = await s.client.track([{ waybillNo }]);
    expect(track!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'RETURNING', 'IN_TRANSIT', 'RETURNED']);
    expect(track!.status).toBe('RETURNED');
  });

  it('refuses with its own statusCodes: delivered, not collected, duplicate, unknown, already returning', async () => {
    const s = setup();
    const delivered = await refusalOf(s.client.intercept(returnRequest(s.seed(21, 'delivered'))));
    expect([delivered.refusal, delivered.carrierCode]).toEqual(['ALREADY_DELIVERED', '99101']);
    const notCollected = await refusalOf(s.client.intercept(returnRequest(s.seed(22, 'not-collected'))));
    expect(notCollected.refusal).toBe('NOT_COLLECTED');
    const twice = s.seed(23, 'deliver');
    await s.client.intercept(returnRequest(twice));
    // No idempotency key: the same request sent again is a duplicate, not the first answer.
    expect((await refusalOf(s.client.intercept(returnRequest(twice)))).refusal).toBe('DUPLICATE');
    expect((await refusalOf(s.client.intercept(returnRequest(kit.waybill(24))))).refusal).toBe('UNKNOWN_WAYBILL');
    const refused = s.seed(25, 'buyer-refuses');
    s.clock.advance(34 * HOUR);
    expect((await refusalOf(s.client.intercept(returnRequest(refused)))).refusal).toBe('ALREADY_RETURNING');
    const rule = await refusalOf(s.client.intercept(returnRequest(s.seed(26, 'carrier-rejects'))));
    expect(rule.refusal).toBe('NOT_ALLOWED');
  });

  it('redirects with wanted_change_adapter and the receiver fields; the parcel shows FORWARDING', async () => {
    const s = setup();
    const waybillNo = s.seed(27, 'deliver');
    const result = await s.client.intercept({
      waybillNo,
      kind: 'REDIRECT',
      reason: '买家更改地址',
      idempotencyKey: 'redirect-key-01',
      address: BUYER_NEW,
    });
    expect(result.state).toBe('ACCEPTED');
    expect(s.sim.stats.byOperation[YTO_METHODS.interceptChange]).toBe(1);
    s.clock.advance(3 * HOUR);
    const [track] = await s.client.track([{ waybillNo }]);
    expect(track!.events.at(-1)).toMatchObject({ rawCode: 'FORWARDING', kind: 'REDIRECTED' });
    expect(track!.status).toBe('REDIRECTED');
  });

  it('sends the receiver fields of a redirect exactly as §3 names them', async () => {
    let sent: Record<string, unknown> | undefined;
    nock('https://yto.change.test')
      .post(/wanted_change_adapter/)
      .reply(200, (_uri, body) => {
        sent = JSON.parse((body as { param: string }).param) as Record<string, unknown>;
        return { statusCode: 0 };
      });
    await wireClient('yto.change.test').intercept({
      waybillNo: 'YT2600216627986',
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'redirect-key-02',
      address: BUYER_NEW,
    });
    expect(sent).toEqual({
      waybillNo: 'YT2600216627986',
      receiverName: '张三',
      receiverTel: '13900000000',
      receiveProvName: '浙江省',
      receiveCityName: '杭州市',
      receiveCountyName: '西湖区',
      receiveAddress: '文三路 2 号',
      wantedDesc: '改址',
    });
  });

  it('refuses the kinds YTO does not offer without calling it', async () => {
    const s = setup();
    const waybillNo = s.seed(28, 'deliver');
    await expect(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_ADDRESS', reason: '退回', idempotencyKey: 'other-key-01', address: SENDER }),
    ).rejects.toBeInstanceOf(NotSupportedError);
    await expect(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_ORIGIN_STATION', reason: '退回', idempotencyKey: 'other-key-02' }),
    ).rejects.toBeInstanceOf(NotSupportedError);
    await expect(
      s.client.intercept({ waybillNo, kind: 'REDIRECT', reason: '改址', idempotencyKey: 'other-key-03' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(s.sim.stats.requests).toBe(0);
  });

  it('cancels an accepted interception with wanted_cancel_adapter {waybillNo, dealRemark}; the parcel goes on', async () => {
    const s = setup();
    const waybillNo = s.seed(30, 'deliver');
    await s.client.intercept(returnRequest(waybillNo));
    const cancelled = await s.client.cancelIntercept({ waybillNo, idempotencyKey: `key-${waybillNo}`, reason: '买家取消售后' });
    expect(cancelled).toMatchObject({ state: 'CANCELLED', carrierCode: '0' });
    expect(s.sim.world.get(waybillNo)!.interception?.state).toBe('CANCELLED');
    s.clock.advance(30 * HOUR);
    const [track] = await s.client.track([{ waybillNo }]);
    expect(track!.status).toBe('DELIVERED');
    // Nothing left to cancel now.
    const again = await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: `key-${waybillNo}`, reason: '再次撤销' }));
    expect([again.refusal, again.carrierCode]).toEqual(['NOT_CANCELLABLE', '99107']);
  });

  it('refuses to cancel once the parcel has turned back', async () => {
    const s = setup();
    const waybillNo = s.seed(31, 'deliver');
    await s.client.intercept(returnRequest(waybillNo));
    s.clock.advance(3 * HOUR);
    expect((await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'cancel-key-02', reason: '撤销' }))).refusal).toBe(
      'NOT_CANCELLABLE',
    );
  });
});

describe('yto pushes', () => {
  it('parses a genuine push into one event and replies with the XML YTO expects', () => {
    const client = wireClient('yto.push.test');
    const parsed = client.parsePush(
      form({ logistics_interface: PUSH_XML, data_digest: PUSH_DIGEST, clientId: TEST_ACCOUNT.customerCode, type: 'online' }),
    );
    expect(parsed.reply).toEqual({
      status: 200,
      contentType: 'application/xml;charset=UTF-8',
      body: '<Response><logisticProviderID>YTO</logisticProviderID><txLogisticID/><success>true</success><reason/></Response>',
    });
    expect(parsed.updates).toHaveLength(1);
    expect(parsed.updates[0]).toMatchObject({ waybillNo: 'YT2600216627986', carrierId: 'yto' });
    expect(parsed.updates[0]!.events).toEqual([
      { kind: 'COLLECTED', at: '2024-06-01T02:00:05.000Z', description: '已揽收', rawCode: 'GOT' },
    ]);
    expect((parsed.updates[0]!.raw as { updateInfo: Record<string, string> }).updateInfo.infoContent).toBe('GOT');
  });

  it('accepts a digest whose + was decoded as a space (sender did not URL-encode)', () => {
    const client = wireClient('yto.push.test');
    const body = `logistics_interface=${encodeURIComponent(PUSH_XML)}&data_digest=${PUSH_DIGEST}&clientId=${TEST_ACCOUNT.customerCode}&type=online`;
    expect(client.parsePush({ headers: {}, query: {}, body }).updates).toHaveLength(1);
  });

  it("refuses a forged digest, missing fields, and another account's clientId", () => {
    const client = wireClient('yto.push.test');
    expect(() =>
      client.parsePush(
        form({ logistics_interface: PUSH_XML, data_digest: ytoPushDigest(PUSH_XML, 'forged'), clientId: TEST_ACCOUNT.customerCode }),
      ),
    ).toThrow(PushRejectedError);
    expect(() => client.parsePush(form({ logistics_interface: PUSH_XML, clientId: TEST_ACCOUNT.customerCode }))).toThrow(PushRejectedError);
    expect(() => client.parsePush(form({ data_digest: PUSH_DIGEST }))).toThrow(PushRejectedError);
    expect(() => client.parsePush(form({ logistics_interface: PUSH_XML, data_digest: PUSH_DIGEST, clientId: 'K-OTHER' }))).toThrow(
      PushRejectedError,
    );
    // The tampered XML no longer matches its digest.
    expect(() => client.parsePush(form({ logistics_interface: PUSH_XML.replace('GOT', 'SIGNED'), data_digest: PUSH_DIGEST }))).toThrow(
      PushRejectedError,
    );
  });

  it("refuses a signed push whose unsigned clientId or type is missing or not the account's (issue 19), and names the signed part", () => {
    const client = wireClient('yto.push.test');
    const genuine = { logistics_interface: PUSH_XML, data_digest: PUSH_DIGEST, clientId: TEST_ACCOUNT.customerCode, type: 'online' };
    expect(client.parsePush(form(genuine)).signedContent).toBe(PUSH_XML);
    for (const altered of [
      { ...genuine, clientId: undefined },
      { ...genuine, clientId: '' },
      { ...genuine, clientId: 'K-OTHER' },
      { ...genuine, type: undefined },
      { ...genuine, type: 'offline' },
      { ...genuine, type: 'x' },
    ]) {
      const fields = Object.fromEntries(Object.entries(altered).filter(([, v]) => v !== undefined)) as Record<string, string>;
      expect(() => client.parsePush(form(fields)), JSON.stringify(altered)).toThrow(PushRejectedError);
    }
    // Signed XML naming another account's clientID is refused too.
    const other = PUSH_XML.replace('<mailNo>', '<clientID>K-OTHER</clientID><mailNo>');
    expect(() =>
      client.parsePush(form({ ...genuine, logistics_interface: other, data_digest: ytoPushDigest(other, TEST_ACCOUNT.secret) })),
    ).toThrow(PushRejectedError);
  });

  it('reads entities, place and remark, echoes txLogisticID, and acknowledges non-STATUS notices without updates', () => {
    const client = wireClient('yto.push.test');
    const push = (xml: string) =>
      client.parsePush(
        form({
          logistics_interface: xml,
          data_digest: ytoPushDigest(xml, TEST_ACCOUNT.secret),
          clientId: TEST_ACCOUNT.customerCode,
          type: 'online',
        }),
      );
    const xml = fixtureText('yto', 'push-update-failed-refused.xml');
    const parsed = push(xml);
    expect(parsed.reply.body).toContain('<txLogisticID>LP&amp;001</txLogisticID>');
    expect(parsed.updates[0]!.events[0]).toEqual({
      kind: 'DELIVERY_FAILED',
      at: '2024-06-01T10:00:00.000Z',
      place: '浙江省杭州市滨江区公司',
      description: '收方客户拒收 <电话不通>',
      rawCode: 'FAILED',
    });
    const other = push(xml.replace('<infoType>STATUS</infoType>', '<infoType>WEIGHT</infoType>'));
    expect(other.updates).toEqual([]);
    expect(other.reply.body).toContain('<success>true</success>');
  });

  it('reads a verified push that is not an UpdateInfo document as a bad response', () => {
    const client = wireClient('yto.push.test');
    const push = (xml: string) =>
      client.parsePush(
        form({
          logistics_interface: xml,
          data_digest: ytoPushDigest(xml, TEST_ACCOUNT.secret),
          clientId: TEST_ACCOUNT.customerCode,
          type: 'online',
        }),
      );
    expect(() => push('<UpdateInfo><mailNo>YT2600216627986</mailNo>')).toThrow(BadResponseError);
    expect(() => push('{"mailNo":"YT2600216627986"}')).toThrow(BadResponseError);
    expect(() => push('<UpdateInfo><mailNo>YT2600216627986</mailNo><infoContent>GOT</infoContent></UpdateInfo>')).toThrow(BadResponseError);
    expect(() =>
      push('<UpdateInfo><mailNo>YT2600216627986</mailNo><infoContent>GOT</infoContent><acceptTime>yesterday</acceptTime></UpdateInfo>'),
    ).toThrow(BadResponseError);
  });

  it('the kit pushes one event per request, oldest first, and the plugin reads each', () => {
    const s = setup();
    const waybillNo = s.seed(40, 'deliver');
    const config = kit.pluginConfig(s.baseUrl);
    const first = s.client.parsePush(kit.push!(s.sim, [waybillNo], { config }));
    const second = s.client.parsePush(kit.push!(s.sim, [waybillNo], { config }));
    const third = s.client.parsePush(kit.push!(s.sim, [waybillNo], { config }));
    expect([first, second, third].map((p) => p.updates[0]!.events[0]!.rawCode)).toEqual(['GOT', 'DEPARTURE', 'DEPARTURE']);
    expect(first.updates[0]!.events[0]).toMatchObject({
      kind: 'COLLECTED',
      place: '深圳宝安营业点',
      at: new Date(s.clock.nowMs() - 10 * HOUR).toISOString(),
    });
    expect(first.reply.body).toBe(
      `<Response><logisticProviderID>YTO</logisticProviderID><txLogisticID>LJ${waybillNo}</txLogisticID><success>true</success><reason/></Response>`,
    );
    expect(() => s.client.parsePush(kit.push!(s.sim, [waybillNo], { config, forged: true }))).toThrow(PushRejectedError);
    expect(() => kit.push!(s.sim, [kit.waybill(41)], { config })).toThrow(RangeError);
    const all = s.sim.pushes([waybillNo]).map((p) => s.client.parsePush(p).updates[0]!.events[0]!.kind);
    expect(all).toEqual(['COLLECTED', 'IN_TRANSIT']);
  });
});
