// SF Express plugin and simulator: signing known answers, opCode table, Beijing times, and track/intercept/cancel/push end to end.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { type SfConfig } from '../../carriers/sf/index.ts';
import { SF_ERRORS, SF_OP_CODES, eventFromRoute } from '../../carriers/sf/mapping.ts';
import { quotePlus, sfMsgDigest, sfTimestamp } from '../../carriers/sf/sign.ts';
import type { CarrierClient } from '../../src/carrier/define.ts';
import {
  AuthError,
  BadResponseError,
  CarrierUnavailableError,
  InvalidRequestError,
  NotInterceptableError,
  NotSupportedError,
  PushRejectedError,
  RateLimitedError,
  errorFromTable,
  type ErrorKind,
} from '../../src/carrier/errors.ts';
import type { EventKind, InterceptRequest, PushRequest } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { SimRequest } from '../../mocks/kit/types.ts';
import { kit } from '../../mocks/sf/index.ts';
import { SfSimulator, sfReturnNumber } from '../../mocks/sf/simulator.ts';
import {
  SENDER_ADDRESS as SENDER,
  buildPluginClient,
  HOUR,
  offlineNock,
  recordRequests,
  simHarness,
  type SimHarness,
  START,
} from './harness.ts';

const BASE_URL = 'https://sf.unit.test';

type Setup = SimHarness<SfSimulator, CarrierClient, SfConfig> & {
  /** Every request the simulator received, in order. */
  seen: SimRequest[];
};

function setup(options: { wrongCredentials?: boolean; config?: Partial<SfConfig>; sim?: SfSimulator; clock?: TestClock } = {}): Setup {
  const { sim, ...rest } = options;
  const h = simHarness<SfConfig, SfSimulator>(plugin, kit, { baseUrl: BASE_URL, ...rest, ...(sim ? { simulator: () => sim } : {}) });
  return { ...h, seen: recordRequests(h.sim) };
}

function form(request: SimRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}

function msgDataOf(request: SimRequest): Record<string, unknown> {
  return JSON.parse(form(request).msgData!) as Record<string, unknown>;
}

function interceptRequest(waybillNo: string, overrides: Partial<InterceptRequest> = {}): InterceptRequest {
  return {
    waybillNo,
    kind: 'RETURN_TO_SENDER',
    reason: '买家申请仅退款',
    idempotencyKey: 'sf-unit-key-1',
    phoneLast4: '1234',
    address: SENDER,
    ...overrides,
  };
}

/** Hand-signs a form request for the simulator (the plugin's signer is checked against Python separately). */
let requestSeq = 0;
function signedForm(
  fields: { partnerID: string; serviceCode: string; timestamp: string; msgData: string; msgDigest: string },
  options: { requestID?: string; contentType?: string } = {},
): SimRequest {
  const body = new URLSearchParams({ ...fields, requestID: options.requestID ?? `req-${++requestSeq}` }).toString();
  return {
    method: 'POST',
    path: '/std/service',
    query: {},
    headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' },
    body,
  };
}

offlineNock();

describe('sf signing', () => {
  // Known answers computed outside our code with Python's standard library (SF's own SDK uses quote_plus):
  // python3 -c 'import hashlib,base64,urllib.parse as u; s="{\"language\":\"0\",\"trackingType\":\"1\",\"trackingNumber\":[\"SF1234567890123\"],\"methodType\":\"1\",\"checkPhoneNo\":\"1234\"}"+"1717207205000"+"fc34c561a34f"; print(base64.b64encode(hashlib.md5(u.quote_plus(s).encode()).digest()).decode())'
  //   → 5Q9LkIyO+JzLxCDMbVBAhA==
  const VECTOR_1 = {
    msgData: '{"language":"0","trackingType":"1","trackingNumber":["SF1234567890123"],"methodType":"1","checkPhoneNo":"1234"}',
    timestamp: '1717207205000',
    checkWord: 'fc34c561a34f',
    digest: '5Q9LkIyO+JzLxCDMbVBAhA==',
  };
  // Space, CJK and the characters encodeURIComponent keeps but quote_plus escapes (! * ( ) '), timestamp in seconds:
  // python3 -c 'import hashlib,base64,urllib.parse as u; s="{\"remark\":\"退回 寄件人!*()~'"'"'\"}"+"1717207205"+"fc34c561a34f"; print(u.quote_plus(s)); print(base64.b64encode(hashlib.md5(u.quote_plus(s).encode()).digest()).decode())'
  //   → %7B%22remark%22%3A%22%E9%80%80%E5%9B%9E+%E5%AF%84%E4%BB%B6%E4%BA%BA%21%2A%28%29~%27%22%7D1717207205fc34c561a34f
  //   → JF5Qd1CseKWWZ1GroEMVAQ==
  const VECTOR_2 = {
    msgData: `{"remark":"退回 寄件人!*()~'"}`,
    timestamp: '1717207205',
    checkWord: 'fc34c561a34f',
    encoded: '%7B%22remark%22%3A%22%E9%80%80%E5%9B%9E+%E5%AF%84%E4%BB%B6%E4%BA%BA%21%2A%28%29~%27%22%7D1717207205fc34c561a34f',
    digest: 'JF5Qd1CseKWWZ1GroEMVAQ==',
  };

  it('encodes exactly like Python quote_plus', () => {
    expect(quotePlus(VECTOR_2.msgData + VECTOR_2.timestamp + VECTOR_2.checkWord)).toBe(VECTOR_2.encoded);
  });

  it('computes msgDigest = Base64(MD5(quote_plus(msgData + timestamp + checkWord)))', () => {
    expect(sfMsgDigest(VECTOR_1.msgData, VECTOR_1.timestamp, VECTOR_1.checkWord)).toBe(VECTOR_1.digest);
    expect(sfMsgDigest(VECTOR_2.msgData, VECTOR_2.timestamp, VECTOR_2.checkWord)).toBe(VECTOR_2.digest);
  });

  it('sends the timestamp in milliseconds', () => {
    expect(sfTimestamp(Date.parse(START))).toBe(String(Date.parse(START)));
  });

  it('the simulator accepts the Python-signed requests (ms and s timestamps) and refuses a tampered digest with A1006', async () => {
    // The vectors' time (both timestamps are 2024-06-01T02:00:05Z, in ms and in s): inside the window.
    const clock = new TestClock(1_717_207_205_000);
    const sim = new SfSimulator({ clock, accounts: [{ partnerId: 'P1', checkWord: 'fc34c561a34f' }] });
    const ok1 = await sim.handle(
      signedForm({
        partnerID: 'P1',
        serviceCode: 'EXP_RECE_SEARCH_ROUTES',
        timestamp: VECTOR_1.timestamp,
        msgData: VECTOR_1.msgData,
        msgDigest: VECTOR_1.digest,
      }),
    );
    expect(JSON.parse(ok1.body).apiResultCode).toBe('A1000');
    const ok2 = await sim.handle(
      signedForm({
        partnerID: 'P1',
        serviceCode: 'EXP_RECE_SEARCH_ROUTES',
        timestamp: VECTOR_2.timestamp,
        msgData: VECTOR_2.msgData,
        msgDigest: VECTOR_2.digest,
      }),
    );
    expect(JSON.parse(ok2.body).apiResultCode).toBe('A1000');
    const bad = await sim.handle(
      signedForm({
        partnerID: 'P1',
        serviceCode: 'EXP_RECE_SEARCH_ROUTES',
        timestamp: VECTOR_1.timestamp,
        msgData: VECTOR_1.msgData,
        msgDigest: 'AAAAAAAAAAAAAAAAAAAAAA==',
      }),
    );
    expect(JSON.parse(bad.body)).toMatchObject({ apiResultCode: 'A1006', apiResultData: null });
    const unknownPartner = await sim.handle(
      signedForm({
        partnerID: 'P2',
        serviceCode: 'EXP_RECE_SEARCH_ROUTES',
        timestamp: VECTOR_1.timestamp,
        msgData: VECTOR_1.msgData,
        msgDigest: VECTOR_1.digest,
      }),
    );
    expect(JSON.parse(unknownPartner.body).apiResultCode).toBe('A1006');
    expect(sim.stats.authErrors).toBe(2);
  });
});

describe('sf simulator strictness (issue 19)', () => {
  const checkWord = 'fc34c561a34f';
  const msgData = '{"language":"0","trackingType":"1","trackingNumber":["SF1234567890123"],"methodType":"1"}';
  const NOW = Date.parse('2024-06-01T02:00:05Z');
  const request = (timestampMs: number, options: { requestID?: string; contentType?: string; seconds?: boolean } = {}) => {
    const timestamp = options.seconds ? String(Math.floor(timestampMs / 1000)) : String(timestampMs);
    return signedForm(
      { partnerID: 'P1', serviceCode: 'EXP_RECE_SEARCH_ROUTES', timestamp, msgData, msgDigest: sfMsgDigest(msgData, timestamp, checkWord) },
      options,
    );
  };
  const codeOf = async (sim: SfSimulator, r: SimRequest) => JSON.parse((await sim.handle(r)).body).apiResultCode as string;
  const strict = () => new SfSimulator({ clock: new TestClock(NOW), accounts: [{ partnerId: 'P1', checkWord }] });

  it('refuses a body that is not a form with A1001', async () => {
    const sim = strict();
    expect(await codeOf(sim, request(NOW, { contentType: 'application/json' }))).toBe('A1001');
    expect(await codeOf(sim, request(NOW, { contentType: 'text/plain' }))).toBe('A1001');
    expect(await codeOf(sim, request(NOW, { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' }))).toBe('A1000');
  });

  it('refuses a timestamp outside ±15 min (2010, tomorrow) with A1002, in ms or s', async () => {
    const sim = strict();
    expect(await codeOf(sim, request(Date.parse('2010-01-01T00:00:00Z')))).toBe('A1002');
    expect(await codeOf(sim, request(NOW + 24 * 3_600_000))).toBe('A1002');
    expect(await codeOf(sim, request(NOW + 24 * 3_600_000, { seconds: true }))).toBe('A1002');
    expect(await codeOf(sim, request(NOW - 16 * 60_000))).toBe('A1002');
    expect(await codeOf(sim, request(NOW - 14 * 60_000))).toBe('A1000');
    expect(await codeOf(sim, request(NOW + 14 * 60_000, { seconds: true }))).toBe('A1000');
  });

  it('refuses a replayed requestID with A1007', async () => {
    const sim = strict();
    expect(await codeOf(sim, request(NOW, { requestID: 'dup-1' }))).toBe('A1000');
    expect(await codeOf(sim, request(NOW, { requestID: 'dup-1' }))).toBe('A1007');
    expect(await codeOf(sim, request(NOW, { requestID: 'dup-2' }))).toBe('A1000');
  });

  it('each check is a switch (the real gateway is unconfirmed): off, all three pass', async () => {
    const sim = new SfSimulator({
      clock: new TestClock(NOW),
      accounts: [{ partnerId: 'P1', checkWord }],
      requireFormContentType: false,
      timestampWindowMs: null,
      refuseReplayedRequestId: false,
    });
    expect(await codeOf(sim, request(Date.parse('2010-01-01T00:00:00Z'), { requestID: 'x', contentType: 'text/plain' }))).toBe('A1000');
    expect(await codeOf(sim, request(NOW + 24 * 3_600_000, { requestID: 'x' }))).toBe('A1000');
  });
});

describe('sf declarations', () => {
  it('recognises SF numbers only', () => {
    const [pattern] = plugin.waybillPatterns;
    expect(pattern!.prefixed).toBe(true);
    expect(pattern!.pattern.test('SF1234567890123')).toBe(true);
    expect(pattern!.pattern.test('SF123456789012')).toBe(false);
    expect(pattern!.pattern.test('731001966113861')).toBe(false);
    for (let n = 0; n < 50; n++) expect(pattern!.pattern.test(kit.waybill(n))).toBe(true);
    expect(pattern!.pattern.test(sfReturnNumber(kit.waybill(7)))).toBe(true);
    expect(sfReturnNumber(kit.waybill(7))).not.toBe(kit.waybill(7));
  });

  it('does not offer RETURN_TO_ORIGIN_STATION and never claims an idempotency key', () => {
    const intercept = plugin.capabilities.intercept;
    expect(intercept && [...intercept.kinds].sort()).toEqual(['REDIRECT', 'RETURN_TO_ADDRESS', 'RETURN_TO_SENDER']);
    expect(intercept && intercept.idempotencyKey).toBe(false);
    expect(plugin.capabilities.push).toMatchObject({ auth: 'url-token' });
    expect(plugin.capabilities.track).toMatchObject({ batchSize: 10, needsPhoneLast4: 'when-not-own-waybill' });
  });

  it('defaults to the production host', () => {
    const config = plugin.configSchema!.parse({ partnerId: 'P', checkWord: 'C' });
    expect(config.baseUrl).toBe('https://sfapi.sf-express.com');
    expect(config.timeoutMs).toBe(10_000);
  });
});

describe('sf opCode mapping', () => {
  const EXPECTED: Record<string, EventKind> = {
    '50': 'COLLECTED',
    '54': 'COLLECTED',
    '30': 'IN_TRANSIT',
    '31': 'IN_TRANSIT',
    '36': 'IN_TRANSIT',
    '3036': 'IN_TRANSIT',
    '123': 'IN_TRANSIT',
    '130': 'ARRIVED_DEST_CITY',
    '44': 'OUT_FOR_DELIVERY',
    '125': 'AT_PICKUP_POINT',
    '642': 'AT_PICKUP_POINT',
    '607': 'AT_PICKUP_POINT',
    '80': 'DELIVERED',
    '8000': 'DELIVERED',
    '70': 'DELIVERY_FAILED',
    '33': 'EXCEPTION',
    '99': 'REDIRECTED',
    '648': 'RETURNING',
    '631': 'RETURNED',
  };

  it('maps every table entry to its unified kind', () => {
    expect(Object.keys(SF_OP_CODES).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [opCode, kind] of Object.entries(EXPECTED)) {
      const event = eventFromRoute({ acceptTime: '2026-06-01 10:00:00', acceptAddress: '深圳', remark: 'x', opCode }, 'SF1000000000001');
      expect(event.kind, `opCode ${opCode}`).toBe(kind);
      expect(event.rawCode).toBe(opCode);
    }
    // numeric opCodes read the same as strings
    expect(eventFromRoute({ acceptTime: '2026-06-01 10:00:00', opCode: 80 }, 'SF1000000000001').kind).toBe('DELIVERED');
  });

  it('keeps unknown codes as UNKNOWN with the raw code and text', () => {
    const event = eventFromRoute(
      { acceptTime: '2026-06-01 10:00:00', acceptAddress: '深圳', remark: '新的路由节点', opCode: '9999' },
      'SF1000000000001',
    );
    expect(event).toMatchObject({ kind: 'UNKNOWN', rawCode: '9999', description: '新的路由节点', place: '深圳' });
  });

  it('falls back to the table meaning when the route has no remark', () => {
    expect(eventFromRoute({ acceptTime: '2026-06-01 10:00:00', opCode: '44', remark: null }, 'SF1000000000001').description).toBe(
      '快件派送中',
    );
  });

  it('reads the new waybill number of a 648 route from its remark, marked as inferred', () => {
    const event = eventFromRoute(
      { acceptTime: '2026-06-01 10:00:00', opCode: '648', remark: '原单号SF1000000000001已退回，新单号为：SF6000000000001' },
      'SF1000000000001',
    );
    expect(event).toMatchObject({ kind: 'RETURNING', newWaybillNo: 'SF6000000000001', newWaybillNoInferred: true });
    const bare = eventFromRoute({ acceptTime: '2026-06-01 10:00:00', opCode: '648', remark: '快件正在退回寄件人' }, 'SF1000000000001');
    expect(bare.newWaybillNo).toBeUndefined();
    expect(bare.newWaybillNoInferred).toBeUndefined();
  });

  it('parses Beijing times as +08:00 whatever the host time zone', () => {
    expect(eventFromRoute({ acceptTime: '2024-06-01 10:00:05', opCode: '50' }, 'SF1').at).toBe('2024-06-01T02:00:05.000Z');
    expect(eventFromRoute({ acceptTime: '2024-06-01 03:30:00', opCode: '50' }, 'SF1').at).toBe('2024-05-31T19:30:00.000Z');
    // 2024-03-10 02:30 does not exist in New York (DST gap); Beijing has no DST.
    expect(eventFromRoute({ acceptTime: '2024-03-10 15:30:00', opCode: '50' }, 'SF1').at).toBe('2024-03-10T07:30:00.000Z');
  });
});

describe('sf error table', () => {
  const CLASS_BY_KIND: Record<ErrorKind, string> = {
    auth: 'AuthError',
    invalid: 'InvalidRequestError',
    not_found: 'NotFoundError',
    not_interceptable: 'NotInterceptableError',
    not_supported: 'NotSupportedError',
    rate_limited: 'RateLimitedError',
    unavailable: 'CarrierUnavailableError',
    timeout: 'CarrierTimeoutError',
  };

  it('classifies every code into its error class, refusals included', () => {
    for (const [code, entry] of Object.entries(SF_ERRORS)) {
      const error = errorFromTable('sf', SF_ERRORS, code, undefined, null);
      expect(error.name, code).toBe(CLASS_BY_KIND[entry.kind]);
      expect(error.carrierCode).toBe(code);
      if (error instanceof NotInterceptableError) expect(error.refusal).toBe(entry.refusal);
    }
    expect(errorFromTable('sf', SF_ERRORS, 'A1006', '数字签名无效', null)).toBeInstanceOf(AuthError);
    expect(errorFromTable('sf', SF_ERRORS, 'A1005', '流量受控', null)).toBeInstanceOf(RateLimitedError);
    expect(errorFromTable('sf', SF_ERRORS, '20001', undefined, null)).toMatchObject({ refusal: 'ALREADY_DELIVERED' });
    expect(errorFromTable('sf', SF_ERRORS, '20002', undefined, null)).toMatchObject({ refusal: 'NOT_COLLECTED' });
    expect(errorFromTable('sf', SF_ERRORS, '20006', undefined, null)).toMatchObject({ refusal: 'DUPLICATE' });
    expect(errorFromTable('sf', SF_ERRORS, '8016', undefined, null)).toMatchObject({ refusal: 'DUPLICATE' });
  });
});

describe('sf track (against the simulator)', () => {
  it('sends a signed EXP_RECE_SEARCH_ROUTES form and maps the routes', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track!([{ waybillNo, phoneLast4: '1234' }]);
    expect(result).toMatchObject({ waybillNo, carrierId: 'sf', found: true, status: 'IN_TRANSIT' });
    expect(result!.events.map((e) => [e.kind, e.rawCode])).toEqual([
      ['COLLECTED', '50'],
      ['IN_TRANSIT', '30'],
    ]);
    expect(result!.events[0]!.at).toBe(new Date(Date.parse(START) - 10 * HOUR).toISOString());
    expect(result!.events[0]!.place).toBe('深圳宝安营业点');
    expect(result!.raw).toMatchObject({ mailNo: waybillNo, routes: [{ opCode: '50' }, { opCode: '30' }] });

    expect(s.seen).toHaveLength(1);
    const request = s.seen[0]!;
    expect(request.path).toBe('/std/service');
    expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const fields = form(request);
    expect(fields).toMatchObject({
      partnerID: 'LANJIE_SANDBOX',
      serviceCode: 'EXP_RECE_SEARCH_ROUTES',
      timestamp: String(s.clock.nowMs()),
    });
    expect(fields.requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(fields.msgDigest).toBe(sfMsgDigest(fields.msgData!, fields.timestamp!, s.config.checkWord));
    expect(msgDataOf(request)).toEqual({
      language: '0',
      trackingType: '1',
      trackingNumber: [waybillNo],
      methodType: '1',
      checkPhoneNo: '1234',
    });
  });

  it('follows the parcel as the clock moves: delivered, with every event sorted', async () => {
    const s = setup();
    const waybillNo = s.seed(2, 'deliver');
    s.clock.advance(21 * HOUR);
    const [result] = await s.client.track!([{ waybillNo }]);
    expect(result!.status).toBe('DELIVERED');
    expect(result!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(msgDataOf(s.seen[0]!)).not.toHaveProperty('checkPhoneNo');
  });

  it('a refused parcel shows DELIVERY_FAILED, then RETURNING and RETURNED', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'buyer-refuses');
    s.clock.advance(100 * HOUR);
    const [result] = await s.client.track!([{ waybillNo, phoneLast4: '1234' }]);
    const kinds = result!.events.map((e) => e.kind);
    expect(kinds).toEqual([
      'COLLECTED',
      'IN_TRANSIT',
      'IN_TRANSIT',
      'OUT_FOR_DELIVERY',
      'DELIVERY_FAILED',
      'RETURNING',
      'IN_TRANSIT',
      'RETURNED',
    ]);
    expect(result!.status).toBe('RETURNED');
  });

  it('groups numbers by checkPhoneNo and splits groups into batches of 10', async () => {
    const s = setup();
    const numbers = Array.from({ length: 12 }, (_, i) => s.seed(10 + i, 'deliver'));
    const other = s.seed(40, 'deliver');
    const results = await s.client.track!([...numbers.map((waybillNo) => ({ waybillNo, phoneLast4: '1234' })), { waybillNo: other }]);
    expect(results.map((r) => r.waybillNo)).toEqual([...numbers, other]);
    expect(results.every((r) => r.found)).toBe(true);
    const batches = s.seen.map((r) => msgDataOf(r));
    expect(batches.map((m) => (m.trackingNumber as string[]).length)).toEqual([10, 2, 1]);
    expect(batches.map((m) => m.checkPhoneNo)).toEqual(['1234', '1234', undefined]);
  });

  it('reports unknown numbers and wrong phone digits as not found', async () => {
    const s = setup();
    const known = s.seed(4, 'deliver');
    const [unknown, wrongPhone] = await s.client.track!([{ waybillNo: kit.waybill(99) }, { waybillNo: known, phoneLast4: '9999' }]);
    expect(unknown).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect(unknown!.raw).toMatchObject({ mailNo: kit.waybill(99), routes: [] });
    expect(wrongPhone).toMatchObject({ found: false, status: 'NOT_FOUND' });
  });

  it('a wrong checkWord is refused with A1006 and thrown as AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const error = await s.client.track!([{ waybillNo: s.seed(5, 'deliver') }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe('A1006');
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('the simulator quota (HTTP 429 + Retry-After) is a RateLimitedError', async () => {
    const s = setup();
    const waybillNo = s.seed(6, 'deliver');
    s.sim.faults.inject({ type: 'quota' });
    const error = await s.client.track!([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1_000);
  });

  it('quota windows of the simulator produce RateLimitedError once exhausted', async () => {
    const clock = new TestClock(START);
    const s = setup({ clock, sim: new SfSimulator({ clock, quota: { perSecond: 1 } }) });
    const waybillNo = s.seed(7, 'deliver');
    await s.client.track!([{ waybillNo }]);
    await expect(s.client.track!([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    clock.advance(1_000);
    await expect(s.client.track!([{ waybillNo }])).resolves.toHaveLength(1);
  });

  it('a malformed answer is a BadResponseError; a 503 is CarrierUnavailableError', async () => {
    const s = setup();
    const waybillNo = s.seed(8, 'deliver');
    s.sim.faults.inject({ type: 'malformed' });
    const error = await s.client.track!([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).issues.map((i) => i.path)).toContain('apiResultCode');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track!([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
  });
});

describe('sf answers the simulator does not produce (hand-written wire bodies)', () => {
  function clientAnswering(body: unknown): CarrierClient {
    nock(BASE_URL)
      .post('/std/service')
      .reply(200, typeof body === 'string' ? body : JSON.stringify(body));
    return buildPluginClient(plugin, kit.pluginConfig(BASE_URL), new TestClock(START)).client;
  }

  it('apiResultData that is not JSON is a BadResponseError', async () => {
    const client = clientAnswering(fixture('sf', 'error-result-data-not-json'));
    await expect(client.track!([{ waybillNo: 'SF1000000000001' }])).rejects.toBeInstanceOf(BadResponseError);
  });

  it('A1000 without apiResultData is a BadResponseError', async () => {
    const client = clientAnswering(fixture('sf', 'error-a1000-without-result-data'));
    await expect(client.track!([{ waybillNo: 'SF1000000000001' }])).rejects.toBeInstanceOf(BadResponseError);
  });

  it('a route with an impossible time is a BadResponseError naming acceptTime', async () => {
    const client = clientAnswering(fixture('sf', 'track-impossible-accept-time'));
    const error = await client.track!([{ waybillNo: 'SF1000000000001' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).issues[0]!.path).toBe('routeResps.0.routes.0.acceptTime');
  });

  it('gateway flow control A1005 (general knowledge, unconfirmed) is a RateLimitedError', async () => {
    const client = clientAnswering(fixture('sf', 'error-a1005-flow-control'));
    await expect(client.track!([{ waybillNo: 'SF1000000000001' }])).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('an unknown business error on a query is an InvalidRequestError keeping the code and raw payload', async () => {
    const client = clientAnswering(fixture('sf', 'error-unknown-business-code'));
    const error = await client.track!([{ waybillNo: 'SF1000000000001' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ carrierCode: '9999', raw: { apiResultData: { errorCode: '9999' } } });
  });

  it('an unknown business error on an interception is a refusal (OTHER)', async () => {
    const client = clientAnswering(fixture('sf', 'intercept-rejected-unknown-business-code'));
    const error = await client.intercept!(interceptRequest('SF1000000000001')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotInterceptableError);
    expect(error).toMatchObject({ refusal: 'OTHER', carrierCode: '9998' });
  });

  it('a success without msgData is ACCEPTED with no carrierRef', async () => {
    const client = clientAnswering(fixture('sf', 'intercept-accepted-without-msg-data'));
    const result = await client.intercept!(interceptRequest('SF1000000000001'));
    expect(result.state).toBe('ACCEPTED');
    expect(result.carrierRef).toBeUndefined();
    expect(result.raw).toMatchObject({ apiResultCode: 'A1000', apiResultData: { success: true } });
  });
});

describe('sf intercept and cancel (against the simulator)', () => {
  it('registers a return with serviceCode 2, role 1, payMode 4 and the address as newDestAddress', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const result = await s.client.intercept!(interceptRequest(waybillNo));
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierCode: 'S0000' });
    expect(result.carrierRef).toBe(s.sim.world.get(waybillNo)!.interception!.ref);
    expect(form(s.seen[0]!).serviceCode).toBe('EXP_RECE_WANTED_INTERCEPT');
    expect(msgDataOf(s.seen[0]!)).toEqual({
      waybillNo,
      serviceCode: '2',
      role: '1',
      payMode: '4',
      monthlyCardNo: '7550000001',
      cancel: false,
      newDestAddress: {
        province: '广东省',
        city: '深圳市',
        county: '宝安区',
        address: '福永街道 1 号',
        contact: '退货仓',
        phone: '13800000000',
      },
    });
    s.clock.advance(60 * HOUR);
    const [tracked] = await s.client.track!([{ waybillNo }]);
    expect(tracked!.events.map((e) => e.rawCode)).toEqual(['50', '30', '648', '30', '631']);
    expect(tracked!.status).toBe('RETURNED');
  });

  it('a return under a new number shows 648 with the new SF number read from the remark', async () => {
    const s = setup();
    const waybillNo = s.seed(21, 'return-new-number');
    await s.client.intercept!(interceptRequest(waybillNo, { kind: 'RETURN_TO_ADDRESS' }));
    s.clock.advance(3 * HOUR);
    const [old] = await s.client.track!([{ waybillNo }]);
    const last = old!.events[old!.events.length - 1]!;
    expect(last).toMatchObject({ kind: 'RETURNING', rawCode: '648', newWaybillNo: sfReturnNumber(waybillNo), newWaybillNoInferred: true });
    expect(old!.status).toBe('RETURNING');
    s.clock.advance(60 * HOUR);
    const [leg] = await s.client.track!([{ waybillNo: last.newWaybillNo! }]);
    expect(leg).toMatchObject({ found: true, status: 'RETURNED' });
  });

  it('a redirect uses serviceCode 1 and shows 99 REDIRECTED', async () => {
    const s = setup();
    const waybillNo = s.seed(22, 'deliver');
    const result = await s.client.intercept!(
      interceptRequest(waybillNo, { kind: 'REDIRECT', address: { ...SENDER, detail: '新地址 8 号' } }),
    );
    expect(result.state).toBe('ACCEPTED');
    expect(msgDataOf(s.seen[0]!)).toMatchObject({ serviceCode: '1', newDestAddress: { address: '新地址 8 号' } });
    s.clock.advance(3 * HOUR);
    const [tracked] = await s.client.track!([{ waybillNo }]);
    expect(tracked!.status).toBe('REDIRECTED');
    expect(tracked!.events.at(-1)).toMatchObject({ kind: 'REDIRECTED', rawCode: '99' });
  });

  it.each([
    ['delivered', 'ALREADY_DELIVERED', '20001'],
    ['not-collected', 'NOT_COLLECTED', '20002'],
    ['carrier-rejects', 'NOT_ALLOWED', '20004'],
  ] as const)('refuses a %s parcel as %s (%s)', async (fate, refusal, code) => {
    const s = setup();
    const waybillNo = s.seed(23, fate);
    const error = await s.client.intercept!(interceptRequest(waybillNo)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotInterceptableError);
    expect(error).toMatchObject({ refusal, carrierCode: code });
    expect((error as NotInterceptableError).raw).toMatchObject({
      apiResultCode: 'A1000',
      apiResultData: { success: false, errorCode: code },
    });
  });

  it('refuses a second instruction (DUPLICATE), an unknown number and a parcel already on its way back', async () => {
    const s = setup();
    const waybillNo = s.seed(24, 'deliver');
    await s.client.intercept!(interceptRequest(waybillNo));
    await expect(s.client.intercept!(interceptRequest(waybillNo))).rejects.toMatchObject({ refusal: 'DUPLICATE', carrierCode: '20006' });
    await expect(s.client.intercept!(interceptRequest(kit.waybill(98)))).rejects.toMatchObject({
      refusal: 'UNKNOWN_WAYBILL',
      carrierCode: '20005',
    });
    const refused = s.seed(25, 'buyer-refuses');
    s.clock.advance(25 * HOUR); // refused at +31 h, on its way back (648) from +33 h
    await expect(s.client.intercept!(interceptRequest(refused))).rejects.toMatchObject({
      refusal: 'ALREADY_RETURNING',
      carrierCode: '20003',
    });
  });

  it('checks what it can before calling SF', async () => {
    const s = setup();
    const waybillNo = s.seed(26, 'deliver');
    await expect(s.client.intercept!(interceptRequest(waybillNo, { kind: 'RETURN_TO_ORIGIN_STATION' }))).rejects.toBeInstanceOf(
      NotSupportedError,
    );
    await expect(s.client.intercept!(interceptRequest(waybillNo, { address: undefined }))).rejects.toBeInstanceOf(InvalidRequestError);
    const noCard = setup({ config: { monthlyCardNo: undefined } });
    await expect(noCard.client.intercept!(interceptRequest(waybillNo))).rejects.toBeInstanceOf(InvalidRequestError);
    expect(s.seen).toHaveLength(0);
    expect(noCard.seen).toHaveLength(0);
  });

  it('cancels by cusId, then refuses a second cancellation', async () => {
    const s = setup();
    const waybillNo = s.seed(27, 'deliver');
    const accepted = await s.client.intercept!(interceptRequest(waybillNo));
    const cancelled = await s.client.cancelIntercept!({
      waybillNo,
      carrierRef: accepted.carrierRef,
      idempotencyKey: 'sf-unit-key-1',
      reason: '买家取消售后',
    });
    expect(cancelled).toMatchObject({ state: 'CANCELLED', carrierCode: 'S0000' });
    expect(msgDataOf(s.seen[1]!)).toEqual({ waybillNo, cancel: true, cusId: accepted.carrierRef });
    expect(s.sim.world.get(waybillNo)!.interception!.state).toBe('CANCELLED');
    await expect(
      s.client.cancelIntercept!({ waybillNo, carrierRef: accepted.carrierRef, idempotencyKey: 'sf-unit-key-1', reason: '再次取消' }),
    ).rejects.toMatchObject({ refusal: 'NOT_CANCELLABLE', carrierCode: '20007' });
    await expect(s.client.cancelIntercept!({ waybillNo, idempotencyKey: 'sf-unit-key-1', reason: '无 cusId' })).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    // the parcel goes on to its buyer
    s.clock.advance(30 * HOUR);
    const [tracked] = await s.client.track!([{ waybillNo }]);
    expect(tracked!.status).toBe('DELIVERED');
  });
});

describe('sf route push', () => {
  function pushFor(s: Setup, waybillNos: string[], options: { forged?: boolean } = {}): PushRequest {
    return kit.push!(s.sim, waybillNos, { config: s.config, forged: options.forged });
  }

  it('parses a genuine push into the same events as a query and replies exactly as SF expects', async () => {
    const s = setup();
    const a = s.seed(40, 'deliver');
    const b = s.seed(41, 'buyer-refuses', 40);
    const request = pushFor(s, [a, b]);
    expect((JSON.parse(request.body) as { Body: { WaybillRoute: unknown[] } }).Body.WaybillRoute[0]).toMatchObject({
      mailno: a,
      opCode: '50',
    });
    const parsed = s.client.parsePush!(request);
    expect(parsed.reply).toEqual({
      status: 200,
      contentType: 'application/json;charset=UTF-8',
      body: '{"return_code":"0000","return_msg":"成功"}',
    });
    expect(parsed.updates.map((u) => u.waybillNo)).toEqual([a, b]);
    const tracked = await s.client.track!([{ waybillNo: a }, { waybillNo: b }]);
    expect(parsed.updates[0]!.events).toEqual(tracked[0]!.events);
    expect(parsed.updates[1]!.events).toEqual(tracked[1]!.events);
    expect(parsed.updates[1]!.events.map((e) => e.kind)).toContain('DELIVERY_FAILED');
    expect(parsed.updates[0]!.raw).toEqual(
      (JSON.parse(request.body) as { Body: { WaybillRoute: { mailno: string }[] } }).Body.WaybillRoute.filter((r) => r.mailno === a),
    );
  });

  it('carries the 648 new number through a push', () => {
    const s = setup();
    const body = JSON.stringify(fixture('sf', 'push-route-648-new-number'));
    const parsed = s.client.parsePush!({ headers: {}, query: { token: s.config.pushToken }, body });
    expect(parsed.updates[0]!.events[0]).toMatchObject({
      kind: 'RETURNING',
      newWaybillNo: 'SF6000000000050',
      newWaybillNoInferred: true,
      at: '2026-06-01T04:00:00.000Z',
    });
  });

  it('rejects a wrong or missing token, and every push when no token is configured', () => {
    const s = setup();
    const waybillNo = s.seed(42, 'deliver');
    expect(() => s.client.parsePush!(pushFor(s, [waybillNo], { forged: true }))).toThrow(PushRejectedError);
    expect(() => s.client.parsePush!({ ...pushFor(s, [waybillNo]), query: {} })).toThrow(PushRejectedError);
    const noToken = setup({ config: { pushToken: undefined } });
    expect(() => noToken.client.parsePush!({ ...pushFor(s, [waybillNo]) })).toThrow(PushRejectedError);
  });

  it('applies the IP allow-list when configured', () => {
    const s = setup({ config: { pushAllowedIps: ['203.0.113.7'] } });
    const waybillNo = s.seed(43, 'deliver');
    const genuine = pushFor(s, [waybillNo]);
    expect(genuine.remoteIp).toBe('203.0.113.7');
    expect(s.client.parsePush!(genuine).updates).toHaveLength(1);
    expect(s.client.parsePush!({ ...genuine, remoteIp: '::ffff:203.0.113.7' }).updates).toHaveLength(1);
    expect(() => s.client.parsePush!({ ...genuine, remoteIp: '198.51.100.1' })).toThrow(PushRejectedError);
    expect(() => s.client.parsePush!({ ...genuine, remoteIp: undefined })).toThrow(PushRejectedError);
  });

  it('an authenticated but unreadable push is a BadResponseError', () => {
    const s = setup();
    expect(() => s.client.parsePush!({ headers: {}, query: { token: s.config.pushToken }, body: '{"Body":{}}' })).toThrow(BadResponseError);
    expect(() => s.client.parsePush!({ headers: {}, query: { token: s.config.pushToken }, body: 'not json' })).toThrow(BadResponseError);
  });

  it('the simulator splits its pushes into messages of at most 10 routes', () => {
    const s = setup();
    const numbers = [s.seed(44, 'delivered'), s.seed(45, 'delivered'), s.seed(46, 'delivered')];
    const messages = s.sim.routePushMessages(numbers);
    expect(messages.map((m) => m.Body.WaybillRoute.length)).toEqual([10, 5]);
    const ids = messages.flatMap((m) => m.Body.WaybillRoute.map((r) => r.id));
    expect(new Set(ids).size).toBe(15);
  });
});
