// ZTO plugin and simulator: signing vectors, code tables, Beijing times, and track / intercept / cancel / push end to end over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { type ZtoConfig, ZtoConfigSchema } from '../../carriers/zto/index.ts';
import { ZTO_APIS } from '../../carriers/zto/client.ts';
import { DESTINATION_TYPE_BY_KIND, EVENT_KIND_BY_CODE, PUSH_REPLY_BODY, ZTO_ERRORS } from '../../carriers/zto/mapping.ts';
import { verifyZtoDigest, ztoDigest } from '../../carriers/zto/sign.ts';
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
  type ErrorKind,
} from '../../src/carrier/errors.ts';
import type { EventKind, InterceptRefusal } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { kit, ZTO_SIM_CREDENTIALS, ZtoSimulator } from '../../mocks/zto/index.ts';
import {
  SENDER_ADDRESS as ADDRESS,
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

const BASE_URL = 'https://zto.sim.test/';

// Known answers computed outside our code:
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"billCode\":\"73100196611386\",\"mobilePhone\":\"1386\"}'+'zto-test-secret').encode()).digest()).decode())"
const TRACK_BODY = '{"billCode":"73100196611386","mobilePhone":"1386"}';
const TRACK_DIGEST = '52q+bjATZh+xoxX1XLmXkg==';
// printf '%s' '{"billCode":"73100196611386","action":"GOT","actionTime":"2024-06-01 10:00:05","desc":"已揽收"}zto-test-secret' | openssl dgst -md5 -binary | base64
const PUSH_DATA = JSON.stringify(fixture('zto', 'push-trace-got'));
const PUSH_DIGEST = 'LffoN4R8qC8tYhzsxA9KJQ==';
// reference §18 official vector: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(b'opentest123456').digest()).decode())"
const OFFICIAL_DIGEST = 'YLstCNa3x8ijQx16e/jqOA==';
const TEST_ACCOUNT = { appKey: 'zto-test-key', appSecret: 'zto-test-secret' };

type Client = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept' | 'parsePush'>>;
type Setup = SimHarness<ZtoSimulator, Client, ZtoConfig>;

// One host per setup: nock serves persisted scopes in order, so two simulators must not share one.
const nextHost = hostSequence((n) => `https://zto-${n}.sim.test/`);

function setup(
  options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number; credentials?: typeof TEST_ACCOUNT } = {},
): Setup {
  const { credentials, ...rest } = options;
  return simHarness<ZtoConfig, ZtoSimulator, Client>(plugin, kit, {
    baseUrl: nextHost(),
    ...rest,
    config: credentials,
    simulator: (o) => new ZtoSimulator({ ...o, credentials }),
  });
}

/** A client on a fixed host for hand-written nock answers. */
function wireClient(host: string): Client {
  return buildPluginClient<ZtoConfig, Client>(plugin, { baseUrl: `https://${host}/`, ...TEST_ACCOUNT }, new TestClock(START)).client;
}

offlineNock();

describe('zto signing', () => {
  it('digests the raw body plus secret as Base64 of the raw MD5 (known answers)', () => {
    expect(ztoDigest(TRACK_BODY, 'zto-test-secret')).toBe(TRACK_DIGEST);
    expect(ztoDigest(PUSH_DATA, 'zto-test-secret')).toBe(PUSH_DIGEST);
    expect(ztoDigest('opentest', '123456')).toBe(OFFICIAL_DIGEST);
  });

  it('verifies digests, tolerating a + decoded as a space, and refuses wrong ones', () => {
    expect(verifyZtoDigest(TRACK_BODY, 'zto-test-secret', TRACK_DIGEST)).toBe(true);
    expect(verifyZtoDigest(TRACK_BODY, 'zto-test-secret', TRACK_DIGEST.replace(/\+/g, ' '))).toBe(true);
    expect(verifyZtoDigest(TRACK_BODY, 'other-secret', TRACK_DIGEST)).toBe(false);
    expect(verifyZtoDigest(TRACK_BODY, 'zto-test-secret', 'short')).toBe(false);
  });

  it('sends the exact wire form: POST host + API name, JSON body, x-appKey and x-dataDigest', async () => {
    const scope = nock('https://zto.wire.test')
      .post('/zto.merchant.waybill.track.query', TRACK_BODY)
      .matchHeader('content-type', 'application/json')
      .matchHeader('x-appkey', 'zto-test-key')
      .matchHeader('x-datadigest', TRACK_DIGEST)
      .reply(200, fixture('zto', 'track-not-found'));
    const client = wireClient('zto.wire.test');
    const [result] = await client.track([{ waybillNo: '73100196611386', phoneLast4: '1386' }]);
    expect(result!.found).toBe(false);
    expect(scope.isDone()).toBe(true);
  });
});

describe('zto declaration', () => {
  it('declares the waybill format, the kuaidi100 code, assumed limits and the production host', () => {
    const [pattern] = plugin.waybillPatterns;
    for (const good of ['73100196611386', '75706890164395', '74000000000000', '76000000000000', '78000000000000'])
      expect(pattern!.pattern.test(good)).toBe(true);
    for (const bad of ['77000000000000', '79000000000000', '7310019661138', '731001966113860', 'ZT100196611386'])
      expect(pattern!.pattern.test(bad)).toBe(false);
    for (const n of [0, 1, 2, 99, 123_456]) expect(pattern!.pattern.test(kit.waybill(n))).toBe(true);
    expect(new Set([0, 1, 2, 99, 123_456].map(kit.waybill)).size).toBe(5);
    expect(plugin.kuaidi100Code?.code).toBe('zhongtong');
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.capabilities.intercept && plugin.capabilities.intercept.idempotencyKey).toBe(true);
    expect(plugin.capabilities.push && plugin.capabilities.push.auth).toBe('signature');
    expect(ZtoConfigSchema.parse(TEST_ACCOUNT).baseUrl).toBe('https://japi.zto.com/');
  });
});

describe('zto mapping tables', () => {
  it('maps every scan type and push action per reference §19.3', () => {
    const expected: Record<string, EventKind> = {
      收件: 'COLLECTED',
      GOT: 'COLLECTED',
      发件: 'IN_TRANSIT',
      到件: 'IN_TRANSIT',
      DEPARTURE: 'IN_TRANSIT',
      ARRIVAL: 'IN_TRANSIT',
      派件: 'OUT_FOR_DELIVERY',
      DISPATCH: 'OUT_FOR_DELIVERY',
      INBOUND: 'AT_PICKUP_POINT',
      签收: 'DELIVERED',
      第三方签收: 'DELIVERED',
      SIGNED: 'DELIVERED',
      HANDOVERSCAN_SIGNED: 'DELIVERED',
      DEPARTURE_SIGNED: 'DELIVERED',
      退件: 'RETURNING',
      RETURN_SCAN: 'RETURNING',
      退件签收: 'RETURNED',
      RETURN_SIGNED: 'RETURNED',
      问题件: 'EXCEPTION',
      PROBLEM: 'EXCEPTION',
    };
    expect(EVENT_KIND_BY_CODE).toEqual(expected);
  });

  it('maps intercept kinds to destinationType 1..4', () => {
    expect(DESTINATION_TYPE_BY_KIND).toEqual({ RETURN_TO_ORIGIN_STATION: 1, RETURN_TO_SENDER: 2, REDIRECT: 3, RETURN_TO_ADDRESS: 4 });
  });

  it('classifies every gateway and data-auth code', () => {
    const expected: Record<string, ErrorKind> = {
      S200: 'timeout',
      S202: 'unavailable',
      S203: 'unavailable',
      S206: 'rate_limited',
      S207: 'not_supported',
      S208: 'invalid',
      S210: 'auth',
      S211: 'auth',
      S212: 'auth',
      S214: 'invalid',
      S221: 'rate_limited',
      E404: 'auth',
      E409: 'invalid',
      E413: 'invalid',
      E416: 'not_found',
      E418: 'auth',
    };
    for (const [code, kind] of Object.entries(expected)) expect(ZTO_ERRORS[code]?.kind, code).toBe(kind);
    expect(errorFromTable('zto', ZTO_ERRORS, 'S211', undefined, {})).toBeInstanceOf(AuthError);
    expect(errorFromTable('zto', ZTO_ERRORS, 'S207', undefined, {})).toBeInstanceOf(NotSupportedError);
    expect(errorFromTable('zto', ZTO_ERRORS, 'E416', undefined, {})).toBeInstanceOf(NotFoundError);
    expect(errorFromTable('zto', ZTO_ERRORS, 'S203', undefined, {})).toBeInstanceOf(CarrierUnavailableError);
    expect(errorFromTable('zto', ZTO_ERRORS, 'S200', undefined, {})).toBeInstanceOf(CarrierTimeoutError);
    const qps = errorFromTable('zto', ZTO_ERRORS, 'S221', 'api qps flow limit', {});
    const qos = errorFromTable('zto', ZTO_ERRORS, 'S206', 'api qos limit', {});
    expect(qps).toBeInstanceOf(RateLimitedError);
    expect(qos).toBeInstanceOf(RateLimitedError);
    expect((qps as RateLimitedError).retryAfterMs).toBe(1_000);
    expect((qos as RateLimitedError).retryAfterMs).toBe(60_000);
  });

  it('maps every interception code of §2 to a refusal', () => {
    const expected: Record<string, InterceptRefusal> = {
      E23101: 'ALREADY_DELIVERED',
      E23102: 'UNKNOWN_WAYBILL',
      E23108: 'NOT_ALLOWED',
      E23110: 'OTHER',
      E23111: 'NOT_ALLOWED',
      E23112: 'AT_PICKUP_POINT',
      E23113: 'NOT_ALLOWED',
      E23114: 'NOT_ALLOWED',
      E23115: 'NOT_ALLOWED',
      E23116: 'NOT_ALLOWED',
      E23118: 'NOT_ALLOWED',
      E23119: 'NOT_COLLECTED',
      E23120: 'OUT_FOR_DELIVERY',
      E23121: 'DUPLICATE',
      E23122: 'NOT_ALLOWED',
      E23123: 'DUPLICATE',
      E23124: 'OTHER',
      E23127: 'DUPLICATE',
      E23130: 'NOT_CANCELLABLE',
      E23131: 'NOT_CANCELLABLE',
      E23135: 'NOT_CANCELLABLE',
      E23136: 'NOT_ALLOWED',
      E23137: 'OUT_FOR_DELIVERY',
      E23138: 'NOT_ALLOWED',
      E23139: 'NOT_ALLOWED',
      E23140: 'LOST',
      E23141: 'ABANDONED',
      E23144: 'NOT_ALLOWED',
      E23146: 'NOT_ALLOWED',
      E23148: 'ADDRESS_INVALID',
      E23149: 'ADDRESS_INVALID',
      E23150: 'ADDRESS_INVALID',
      E23151: 'DUPLICATE',
      E23153: 'NOT_ALLOWED',
      E23154: 'NOT_ALLOWED',
      E23157: 'DUPLICATE',
      E23160: 'DUPLICATE',
    };
    const e231 = Object.keys(ZTO_ERRORS)
      .filter((code) => code.startsWith('E231'))
      .sort();
    expect(e231).toEqual(Object.keys(expected).sort());
    for (const [code, refusal] of Object.entries(expected)) {
      const error = errorFromTable('zto', ZTO_ERRORS, code, undefined, {});
      expect(error, code).toBeInstanceOf(NotInterceptableError);
      expect((error as NotInterceptableError).refusal, code).toBe(refusal);
    }
  });

  it('reads an unlisted E231xx code as a refusal (OTHER) and any other unlisted code as an invalid request', async () => {
    nock('https://zto.codes.test')
      .post('/thirdcenter.createIntercept')
      .reply(200, fixture('zto', 'intercept-rejected-unlisted-e231'))
      .post('/thirdcenter.createIntercept')
      .reply(200, fixture('zto', 'intercept-rejected-unknown-code'));
    const client = wireClient('zto.codes.test');
    const request = { waybillNo: '73100196611386', kind: 'RETURN_TO_SENDER', reason: '退款', idempotencyKey: 'codes-key-0001' } as const;
    const refused = await refusalOf(client.intercept(request));
    expect(refused.refusal).toBe('OTHER');
    expect(refused.carrierCode).toBe('E23199');
    await expect(client.intercept(request)).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('zto Beijing times', () => {
  it('reads push actionTime as +08:00 whatever the host time zone', () => {
    const { client } = setup({ credentials: TEST_ACCOUNT });
    const parsed = client.parsePush(
      form({ data: PUSH_DATA, data_digest: PUSH_DIGEST, msg_type: 'Traces', company_id: TEST_ACCOUNT.appKey }),
    );
    expect(parsed.updates[0]!.events[0]!.at).toBe('2024-06-01T02:00:05.000Z');
    const early = JSON.stringify(fixture('zto', 'push-trace-signed'));
    const parsedEarly = client.parsePush(
      form({ data: early, data_digest: ztoDigest(early, TEST_ACCOUNT.appSecret), msg_type: 'Traces', company_id: TEST_ACCOUNT.appKey }),
    );
    expect(parsedEarly.updates[0]!.events[0]!.at).toBe('2024-05-31T19:30:00.000Z');
  });

  it('reads track scanDate as epoch ms, and tolerates a Beijing string', async () => {
    nock('https://zto.times.test').post('/zto.merchant.waybill.track.query').reply(200, fixture('zto', 'track-delivered-mixed-scan-dates'));
    const client = wireClient('zto.times.test');
    const [result] = await client.track([{ waybillNo: '73100196611386' }]);
    expect(result!.events.map((e) => [e.at, e.kind, e.place])).toEqual([
      ['2024-05-31T16:00:00.000Z', 'COLLECTED', '深圳宝安'],
      ['2024-05-31T16:10:00.000Z', 'DELIVERED', '杭州滨江'],
    ]);
    expect(result!.status).toBe('DELIVERED');
  });
});

describe('zto track against the simulator', () => {
  it('tracks a moving parcel: sorted events, status, raw envelope', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track([{ waybillNo, phoneLast4: '1234' }]);
    expect(result!.found).toBe(true);
    expect(result!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT']);
    expect(result!.events.map((e) => e.rawCode)).toEqual(['收件', '发件']);
    expect(result!.events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(result!.events[0]!.place).toBe('深圳宝安营业点');
    expect(result!.status).toBe('IN_TRANSIT');
    expect((result!.raw as { statusCode: string }).statusCode).toBe('SYS000');
    expect(s.sim.stats.byOperation[ZTO_APIS.track]).toBe(1);
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
    expect(done!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
  });

  it('shows a refused parcel coming back: 问题件 then 退件 then 退件签收', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'buyer-refuses');
    s.clock.advance(80 * HOUR);
    const [result] = await s.client.track([{ waybillNo, phoneLast4: '1234' }]);
    expect(result!.events.map((e) => e.rawCode).slice(-4)).toEqual(['问题件', '退件', '发件', '退件签收']);
    // The problem scan says 客户拒收: a refusal, not a generic exception (PROBLEM_TEXT_KINDS).
    expect(result!.events.map((e) => e.kind).slice(-4)).toEqual(['REJECTED', 'RETURNING', 'IN_TRANSIT', 'RETURNED']);
    expect(result!.status).toBe('RETURNED');
  });

  it('reports an unknown number as not found (status true, empty result) and a non-ZTO number (E416) too', async () => {
    const s = setup();
    const [unknown] = await s.client.track([{ waybillNo: kit.waybill(99), phoneLast4: '1234' }]);
    expect(unknown).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    const [foreign] = await s.client.track([{ waybillNo: 'SF1234567890123' }]);
    expect(foreign).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect((foreign!.raw as { statusCode: string }).statusCode).toBe('E416');
  });

  it('refuses a wrong phone tail with E409 (invalid request)', async () => {
    const s = setup();
    const waybillNo = s.seed(4, 'deliver');
    const error = await s.client.track([{ waybillNo, phoneLast4: '9999' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).carrierCode).toBe('E409');
  });

  it('answers wrong credentials with S211, which the plugin reads as AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(5, 'deliver');
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe('S211');
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('checks signatures with its own code: a tampered body or an unknown app key is S211', async () => {
    const sim = new ZtoSimulator({ clock: new TestClock(START) });
    const body = JSON.stringify({ billCode: kit.waybill(1) });
    const good = {
      'content-type': 'application/json; charset=utf-8',
      'x-appkey': ZTO_SIM_CREDENTIALS.appKey,
      'x-datadigest': ztoDigest(body, ZTO_SIM_CREDENTIALS.appSecret),
    };
    const ok = await sim.handle({ method: 'POST', path: `/${ZTO_APIS.track}`, query: {}, headers: good, body });
    expect(JSON.parse(ok.body)).toMatchObject({ status: true, statusCode: 'SYS000' });
    const tampered = await sim.handle({
      method: 'POST',
      path: `/${ZTO_APIS.track}`,
      query: {},
      headers: good,
      body: body.replace('7310', '7311'),
    });
    expect(JSON.parse(tampered.body)).toMatchObject({ status: false, statusCode: 'S211' });
    const stranger = await sim.handle({
      method: 'POST',
      path: `/${ZTO_APIS.track}`,
      query: {},
      headers: { ...good, 'x-appkey': 'someone-else' },
      body,
    });
    expect(JSON.parse(stranger.body)).toMatchObject({ status: false, statusCode: 'S211' });
    const missing = await sim.handle({
      method: 'POST',
      path: '/thirdcenter.queryInterceptAndReturnStatus',
      query: {},
      headers: good,
      body,
    });
    expect(JSON.parse(missing.body)).toMatchObject({ status: false, statusCode: 'S207' });
  });

  it('refuses a signed call that is not application/json with S208 (issue 19; a switch, the real code is unconfirmed)', async () => {
    const body = JSON.stringify({ billCode: kit.waybill(1) });
    const signed = { 'x-appkey': ZTO_SIM_CREDENTIALS.appKey, 'x-datadigest': ztoDigest(body, ZTO_SIM_CREDENTIALS.appSecret) };
    const call = (sim: ZtoSimulator, headers: Record<string, string>) =>
      sim.handle({ method: 'POST', path: `/${ZTO_APIS.track}`, query: {}, headers: { ...signed, ...headers }, body });
    const sim = new ZtoSimulator({ clock: new TestClock(START) });
    for (const type of [undefined, 'application/x-www-form-urlencoded', 'text/plain']) {
      const answer = await call(sim, type ? { 'content-type': type } : {});
      expect(JSON.parse(answer.body), String(type)).toMatchObject({ status: false, statusCode: 'S208' });
    }
    expect(JSON.parse((await call(sim, { 'content-type': 'application/json' })).body)).toMatchObject({ status: true });
    const lax = new ZtoSimulator({ clock: new TestClock(START), requireJsonContentType: false });
    expect(JSON.parse((await call(lax, { 'content-type': 'text/plain' })).body)).toMatchObject({ status: true });
  });

  it('answers the per-second quota with S221 and the per-minute quota with S206, both RateLimitedError', async () => {
    const s = setup({ quota: { perSecond: 2, perMinute: 1000 } });
    const waybillNo = s.seed(6, 'deliver');
    await s.client.track([{ waybillNo }]);
    await s.client.track([{ waybillNo }]);
    const qps = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(qps).toBeInstanceOf(RateLimitedError);
    expect((qps as RateLimitedError).carrierCode).toBe('S221');
    expect((qps as RateLimitedError).retryAfterMs).toBe(1_000);

    const m = setup({ quota: { perSecond: 100, perMinute: 2 } });
    const other = m.seed(7, 'deliver');
    await m.client.track([{ waybillNo: other }]);
    m.clock.advance(1_000);
    await m.client.track([{ waybillNo: other }]);
    m.clock.advance(1_000);
    const qos = await m.client.track([{ waybillNo: other }]).catch((e: unknown) => e);
    expect(qos).toBeInstanceOf(RateLimitedError);
    expect((qos as RateLimitedError).carrierCode).toBe('S206');
    expect((qos as RateLimitedError).retryAfterMs).toBe(60_000);
    expect(m.sim.stats.quotaErrors).toBe(1);
  });

  it('turns injected faults into typed errors: 503, malformed body, quota, timeout', async () => {
    const s = setup({ timeoutMs: 100 });
    const waybillNo = s.seed(8, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const bad = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadResponseError);
    expect((bad as BadResponseError).issues.length).toBeGreaterThan(0);
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('zto intercept and cancel against the simulator', () => {
  it('accepts an interception of a moving parcel; the return then shows in tracking', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const result = await s.client.intercept({
      waybillNo,
      kind: 'RETURN_TO_SENDER',
      reason: '买家申请仅退款',
      idempotencyKey: 'zto-key-000001',
      address: ADDRESS,
    });
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierRef: 'zto-key-000001', carrierCode: 'SYS000' });
    expect(result.raw).toMatchObject({ status: true });
    expect(s.sim.world.get(waybillNo)!.interception?.kind).toBe('2');
    s.clock.advance(3 * HOUR);
    const [returning] = await s.client.track([{ waybillNo }]);
    expect(returning!.status).toBe('RETURNING');
    expect(returning!.events.at(-1)!.rawCode).toBe('退件');
    s.clock.advance(50 * HOUR);
    const [returned] = await s.client.track([{ waybillNo }]);
    expect(returned!.status).toBe('RETURNED');
  });

  it('deduplicates on requestId: the same key gets the same answer, a different key is E23121', async () => {
    const s = setup();
    const waybillNo = s.seed(21, 'deliver');
    const request = { waybillNo, kind: 'RETURN_TO_ORIGIN_STATION', reason: '拦截', idempotencyKey: 'zto-key-000002' } as const;
    const first = await s.client.intercept(request);
    const ref = s.sim.world.get(waybillNo)!.interception!.ref;
    const events = s.sim.world.get(waybillNo)!.events.length;
    const again = await s.client.intercept(request);
    expect(again.state).toBe('ACCEPTED');
    expect(again.raw).toEqual(first.raw);
    expect(s.sim.world.get(waybillNo)!.interception!.ref).toBe(ref);
    expect(s.sim.world.get(waybillNo)!.events.length).toBe(events);
    const other = await refusalOf(s.client.intercept({ ...request, idempotencyKey: 'zto-key-000003' }));
    expect(other.refusal).toBe('DUPLICATE');
    expect(other.carrierCode).toBe('E23121');
  });

  it.each([
    ['delivered', 'ALREADY_DELIVERED', 'E23101'],
    ['not-collected', 'NOT_COLLECTED', 'E23119'],
    ['carrier-rejects', 'NOT_ALLOWED', 'E23139'],
  ] as const)('refuses a %s parcel as %s (%s)', async (fate, refusal, code) => {
    const s = setup();
    const waybillNo = s.seed(22, fate);
    const error = await refusalOf(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'zto-key-000004' }),
    );
    expect(error.refusal).toBe(refusal);
    expect(error.carrierCode).toBe(code);
    expect(error.raw).toMatchObject({ status: false, statusCode: code });
  });

  it('refuses an unknown waybill (E23102) and a parcel already coming back (E23123)', async () => {
    const s = setup();
    const unknown = await refusalOf(
      s.client.intercept({ waybillNo: kit.waybill(98), kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'zto-key-000005' }),
    );
    expect(unknown.refusal).toBe('UNKNOWN_WAYBILL');
    const waybillNo = s.seed(23, 'buyer-refuses');
    s.clock.advance(25 * HOUR);
    const back = await refusalOf(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'zto-key-000006' }),
    );
    expect(back.carrierCode).toBe('E23123');
    expect(back.refusal).toBe('DUPLICATE');
  });

  it('sends the receiver fields for REDIRECT and RETURN_TO_ADDRESS; a bad receivePhone is ADDRESS_INVALID', async () => {
    const s = setup();
    const waybillNo = s.seed(24, 'deliver');
    const redirect = await s.client.intercept({
      waybillNo,
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'zto-key-000007',
      address: ADDRESS,
    });
    expect(redirect.state).toBe('ACCEPTED');
    expect(s.sim.world.get(waybillNo)!.interception?.kind).toBe('3');
    const other = s.seed(25, 'deliver');
    const bad = await refusalOf(
      s.client.intercept({
        waybillNo: other,
        kind: 'RETURN_TO_ADDRESS',
        reason: '退回',
        idempotencyKey: 'zto-key-000008',
        address: { ...ADDRESS, phone: '138 0000 0000' },
      }),
    );
    expect(bad.refusal).toBe('ADDRESS_INVALID');
    expect(bad.carrierCode).toBe('E23148');
    await expect(
      s.client.intercept({ waybillNo: other, kind: 'RETURN_TO_ADDRESS', reason: '退回', idempotencyKey: 'zto-key-000009' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('checks the createIntercept body on the wire (requestId = thirdBizNo = our key)', async () => {
    let seen: Record<string, unknown> = {};
    nock('https://zto.body.test')
      .post('/thirdcenter.createIntercept', (body: Record<string, unknown>) => {
        seen = body;
        return true;
      })
      .reply(200, fixture('zto', 'intercept-accepted'));
    const client = wireClient('zto.body.test');
    await client.intercept({
      waybillNo: '73100196611386',
      kind: 'RETURN_TO_ADDRESS',
      reason: '退回',
      idempotencyKey: 'zto-key-000010',
      address: ADDRESS,
    });
    expect(seen).toEqual({
      billCode: '73100196611386',
      requestId: 'zto-key-000010',
      destinationType: 4,
      thirdBizNo: 'zto-key-000010',
      receiveUsername: '退货仓',
      receivePhone: '13800000000',
      receiveProvince: '广东省',
      receiveCity: '深圳市',
      receiveDistrict: '宝安区',
      receiveAddress: '福永街道 1 号',
    });
  });

  it('cancels an interception in progress; a second cancel is E23130 NOT_CANCELLABLE', async () => {
    const s = setup();
    const waybillNo = s.seed(26, 'deliver');
    const accepted = await s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'zto-key-000011' });
    const cancelled = await s.client.cancelIntercept({
      waybillNo,
      carrierRef: accepted.carrierRef,
      idempotencyKey: 'zto-key-000011',
      reason: '买家取消售后',
    });
    expect(cancelled).toMatchObject({ state: 'CANCELLED', carrierCode: 'SYS000' });
    expect(s.sim.world.get(waybillNo)!.interception?.state).toBe('CANCELLED');
    const again = await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'zto-key-000011', reason: '再次取消' }));
    expect(again.refusal).toBe('NOT_CANCELLABLE');
    expect(again.carrierCode).toBe('E23130');
  });

  it('refuses to cancel once the parcel has turned back, or under another thirdBizNo', async () => {
    const s = setup();
    const waybillNo = s.seed(27, 'deliver');
    await s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'zto-key-000012' });
    const stranger = await refusalOf(
      s.client.cancelIntercept({ waybillNo, carrierRef: 'someone-else-ref', idempotencyKey: 'zto-key-000012', reason: '取消' }),
    );
    expect(stranger.refusal).toBe('NOT_CANCELLABLE');
    s.clock.advance(3 * HOUR);
    const late = await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'zto-key-000012', reason: '取消' }));
    expect(late.carrierCode).toBe('E23130');
  });
});

describe('zto push', () => {
  it('parses the kit push (all visible events) and replies exactly as ZTO expects', () => {
    const s = setup();
    const waybillNo = s.seed(40, 'deliver', 29);
    const config = kit.pluginConfig(BASE_URL);
    const request = kit.push!(s.sim, [waybillNo], { config });
    const fields = Object.fromEntries(new URLSearchParams(request.body));
    expect(fields.msg_type).toBe('Traces');
    expect(fields.company_id).toBe(config.appKey);
    const parsed = s.client.parsePush(request);
    expect(parsed.reply).toEqual({ status: 200, contentType: 'application/json;charset=UTF-8', body: PUSH_REPLY_BODY });
    expect(parsed.reply.body).toBe('{"status":true,"message":"success","result":null,"statusCode":"SYS000"}');
    expect(parsed.updates).toHaveLength(1);
    expect(parsed.updates[0]!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY']);
    expect(parsed.updates[0]!.events.map((e) => e.rawCode)).toEqual(['GOT', 'DEPARTURE', 'ARRIVAL', 'DISPATCH']);
    expect(parsed.updates[0]!.events[0]!.at).toBe(new Date(s.clock.nowMs() - 29 * HOUR).toISOString());
    expect(Array.isArray(parsed.updates[0]!.raw)).toBe(true);
  });

  it('accepts the one-object-per-push form the simulator sends, for several waybills', () => {
    const s = setup();
    const a = s.seed(41, 'deliver');
    const b = s.seed(42, 'delivered');
    const pushes = s.sim.pushes([a, b]);
    expect(pushes).toHaveLength(2 + 5);
    for (const push of pushes) expect(JSON.parse(new URLSearchParams(push.body).get('data')!)).not.toBeInstanceOf(Array);
    const updates = pushes.flatMap((push) => s.client.parsePush(push).updates);
    expect(
      updates
        .filter((u) => u.waybillNo === b)
        .map((u) => u.events[0]!.kind)
        .at(-1),
    ).toBe('DELIVERED');
    expect(updates.filter((u) => u.waybillNo === a)).toHaveLength(2);
  });

  it('maps every push action, including RETURN_SCAN with returnUpdateType 改址 as REDIRECTED', () => {
    const s = setup();
    const actions = [
      'GOT',
      'DEPARTURE',
      'ARRIVAL',
      'DISPATCH',
      'INBOUND',
      'HANDOVERSCAN_SIGNED',
      'DEPARTURE_SIGNED',
      'SIGNED',
      'RETURN_SCAN',
      'RETURN_SIGNED',
      'PROBLEM',
      'SOMETHING_NEW',
    ];
    const traces: object[] = actions.map((action, i) => ({
      billCode: kit.waybill(43),
      action,
      actionTime: `2026-06-01 ${String(8 + i).padStart(2, '0')}:00:00`,
      desc: action,
      facilityName: '网点',
    }));
    traces.push({ ...fixture('zto', 'push-trace-return-scan-redirect'), billCode: kit.waybill(43) });
    const parsed = s.client.parsePush(s.sim.buildPush(traces));
    expect(parsed.updates[0]!.events.map((e) => [e.rawCode, e.kind])).toEqual([
      ['GOT', 'COLLECTED'],
      ['DEPARTURE', 'IN_TRANSIT'],
      ['ARRIVAL', 'IN_TRANSIT'],
      ['DISPATCH', 'OUT_FOR_DELIVERY'],
      ['INBOUND', 'AT_PICKUP_POINT'],
      ['HANDOVERSCAN_SIGNED', 'DELIVERED'],
      ['DEPARTURE_SIGNED', 'DELIVERED'],
      ['SIGNED', 'DELIVERED'],
      ['RETURN_SCAN', 'RETURNING'],
      ['RETURN_SIGNED', 'RETURNED'],
      ['PROBLEM', 'EXCEPTION'],
      ['SOMETHING_NEW', 'UNKNOWN'],
      ['RETURN_SCAN', 'REDIRECTED'],
    ]);
    expect(parsed.updates[0]!.events.at(-1)).toMatchObject({ kind: 'REDIRECTED', place: '杭州市' });
  });

  it('refuses a forged digest, another company_id, a missing field and an unknown msg_type', () => {
    const s = setup();
    const waybillNo = s.seed(44, 'deliver');
    const config = kit.pluginConfig(BASE_URL);
    expect(() => s.client.parsePush(kit.push!(s.sim, [waybillNo], { config, forged: true }))).toThrow(PushRejectedError);
    const genuine = Object.fromEntries(new URLSearchParams(kit.push!(s.sim, [waybillNo], { config }).body)) as Record<string, string>;
    expect(() => s.client.parsePush(form({ ...genuine, company_id: 'other-app' }))).toThrow(PushRejectedError);
    expect(() => s.client.parsePush(form({ ...genuine, msg_type: 'NEW_TRACES' }))).toThrow(PushRejectedError);
    const { data_digest: _dropped, ...unsigned } = genuine;
    expect(() => s.client.parsePush(form(unsigned))).toThrow(PushRejectedError);
    expect(() => s.client.parsePush({ headers: {}, query: {}, body: 'not a form' })).toThrow(PushRejectedError);
  });

  it('accepts a digest whose + arrived unencoded (decoded as a space), and rejects a signed but unreadable data field', () => {
    const { client } = setup({ credentials: TEST_ACCOUNT });
    const plusData = TRACK_BODY; // its digest contains '+'
    const body = `data=${encodeURIComponent(plusData)}&data_digest=${TRACK_DIGEST}&msg_type=Traces&company_id=${TEST_ACCOUNT.appKey}`;
    // TRACK_BODY is not a trace: verification passes, then the payload fails validation.
    expect(() => client.parsePush({ headers: {}, query: {}, body })).toThrow(BadResponseError);
    const wrongSig = `data=${encodeURIComponent(plusData)}&data_digest=${TRACK_DIGEST.replace('5', '6')}&msg_type=Traces&company_id=${TEST_ACCOUNT.appKey}`;
    expect(() => client.parsePush({ headers: {}, query: {}, body: wrongSig })).toThrow(PushRejectedError);
  });
});
