// J&T plugin and simulator: signing vectors, code tables, Beijing times, and track / intercept end to end over nock, plus the shared contract.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { JT_PRODUCTION_URL, type JtConfig, JtConfigSchema } from '../../carriers/jt/index.ts';
import { jtEnvelopeError } from '../../carriers/jt/client.ts';
import {
  APPLY_TYPE_CODE_BY_KIND,
  ERROR_FALLBACK,
  EVENT_KIND_BY_SCAN_TYPE,
  JT_ERRORS,
  JT_PATHS,
  SCAN_TYPE_BY_TRACE_NODE,
  TRACK_BATCH_SIZE,
} from '../../carriers/jt/mapping.ts';
import { JtEnvelopeSchema } from '../../carriers/jt/schemas.ts';
import { jtDigest } from '../../carriers/jt/sign.ts';
import { createCarrierAccount } from '../../src/carrier/account.ts';
import type { CarrierClient } from '../../src/carrier/define.ts';
import {
  AuthError,
  BadResponseError,
  CarrierTimeoutError,
  CarrierUnavailableError,
  errorFromTable,
  InvalidRequestError,
  NotInterceptableError,
  NotSupportedError,
  RateLimitedError,
  type ErrorKind,
} from '../../src/carrier/errors.ts';
import type { EventKind, InterceptRefusal } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { JT_SIM_CODES, JT_SIM_CREDENTIALS, JtSimulator, kit } from '../../mocks/jt/index.ts';
import {
  SENDER_ADDRESS as ADDRESS,
  buildPluginClient,
  caught,
  formText,
  HOUR,
  offlineNock,
  refusalOf,
  simHarness,
  type SimHarness,
  START,
} from './harness.ts';

const START_MS = '1780279200000';
const BASE_URL = 'https://jt.sim.test/webopenplatformapi';
const TEST_ACCOUNT = { apiAccount: '292508153084379141', privateKey: 'jt-test-private-key' };

// Known answers computed outside our code:
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"billCodes\":\"JT2099306666983,JT2099306666984\",\"lang\":\"zh\",\"timeType\":\"1\"}'+'jt-test-private-key').encode()).digest()).decode())"
const TRACK_BIZ = '{"billCodes":"JT2099306666983,JT2099306666984","lang":"zh","timeType":"1"}';
const TRACK_DIGEST = 'GNKW1iHXRcEIYNHSUVBP3w==';
// printf '%s' '{"mailNo":"JT2099306666983","applyTypeCode":4}jt-test-private-key' | openssl dgst -md5 -binary | base64
const INTERCEPT_BIZ = '{"mailNo":"JT2099306666983","applyTypeCode":4}';
const INTERCEPT_DIGEST = 'ex66LvfXR+l7atMiHp2E0A==';
// reference §18 official vector: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(b'opentest123456').digest()).decode())"
const OFFICIAL_DIGEST = 'YLstCNa3x8ijQx16e/jqOA==';

type Client = Required<Pick<CarrierClient, 'track' | 'intercept'>>;
type Setup = SimHarness<JtSimulator, Client, JtConfig>;

function clientFor(baseUrl: string, account: Record<string, unknown> = TEST_ACCOUNT, clock = new TestClock(START)): Client {
  return buildPluginClient<JtConfig, Client>(plugin, { baseUrl, ...account }, clock).client;
}

function setup(
  options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number; raw?: Record<string, unknown> } = {},
): Setup {
  const { raw, ...rest } = options;
  return simHarness<JtConfig, JtSimulator, Client>(plugin, kit, { baseUrl: BASE_URL, ...rest, config: raw });
}

offlineNock();

describe('jt signing', () => {
  it('digests bizContent + privateKey as Base64 of the raw MD5 (known answers)', () => {
    expect(jtDigest(TRACK_BIZ, 'jt-test-private-key')).toBe(TRACK_DIGEST);
    expect(jtDigest(INTERCEPT_BIZ, 'jt-test-private-key')).toBe(INTERCEPT_DIGEST);
    expect(jtDigest('opentest', '123456')).toBe(OFFICIAL_DIGEST);
  });

  it('sends the exact wire form: POST base + /api/logistics/trace, one bizContent field, apiAccount / timestamp / digest headers', async () => {
    let form: Record<string, string> = {};
    const scope = nock('https://jt.wire.test')
      .post('/webopenplatformapi/api/logistics/trace', (body: unknown) => {
        form = Object.fromEntries(new URLSearchParams(formText(body)));
        return true;
      })
      .matchHeader('content-type', /^application\/x-www-form-urlencoded/)
      .matchHeader('apiaccount', TEST_ACCOUNT.apiAccount)
      .matchHeader('timestamp', START_MS)
      .matchHeader('digest', TRACK_DIGEST)
      .reply(200, fixture('jt', 'track-empty'));
    const client = clientFor('https://jt.wire.test/webopenplatformapi');
    const results = await client.track([{ waybillNo: 'JT2099306666983' }, { waybillNo: 'JT2099306666984' }]);
    expect(scope.isDone()).toBe(true);
    expect(form).toEqual({ bizContent: TRACK_BIZ });
    expect(results.map((r) => [r.found, r.status])).toEqual([
      [false, 'NOT_FOUND'],
      [false, 'NOT_FOUND'],
    ]);
  });

  it('signs the interception body; a digest holding + travels in the header unchanged', async () => {
    const scope = nock('https://jt.wire.test')
      .post(
        '/webopenplatformapi/api/waybill/intercept',
        (body: unknown) => new URLSearchParams(formText(body)).get('bizContent') === INTERCEPT_BIZ,
      )
      .matchHeader('digest', INTERCEPT_DIGEST)
      .reply(200, fixture('jt', 'intercept-accepted'));
    const result = await clientFor('https://jt.wire.test/webopenplatformapi').intercept({
      waybillNo: 'JT2099306666983',
      kind: 'RETURN_TO_SENDER',
      reason: '退款',
      idempotencyKey: 'jt-key-0001',
    });
    expect(scope.isDone()).toBe(true);
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierCode: '1', message: '成功', raw: { code: 1 } });
  });
});

describe('jt declaration', () => {
  it('declares the prefixed waybill format, the kuaidi100 code, assumed limits, capabilities and the production base', () => {
    const [pattern] = plugin.waybillPatterns;
    for (const good of ['JT2099306666983', 'JT0000000000000']) expect(pattern!.pattern.test(good), good).toBe(true);
    for (const bad of ['JT209930666698', 'JT20993066669830', 'jt2099306666983', '2099306666983', 'JTA099306666983'])
      expect(pattern!.pattern.test(bad), bad).toBe(false);
    expect(pattern!.prefixed).toBe(true);
    for (const n of [0, 1, 2, 99, 123_456]) expect(pattern!.pattern.test(kit.waybill(n))).toBe(true);
    expect(new Set([0, 1, 2, 99, 123_456].map(kit.waybill)).size).toBe(5);
    expect(plugin.kuaidi100Code?.code).toBe('jtexpress');
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.capabilities.track).toMatchObject({ batchSize: 10, needsPhoneLast4: 'never' });
    expect(plugin.capabilities.intercept).toMatchObject({ kinds: ['RETURN_TO_SENDER', 'REDIRECT'], idempotencyKey: false });
    expect(plugin.capabilities.cancelIntercept).toBe(false);
    expect(plugin.capabilities.push).toBe(false);
    expect(JtConfigSchema.parse(TEST_ACCOUNT).baseUrl).toBe(JT_PRODUCTION_URL);
    expect(JT_PRODUCTION_URL).toBe('https://openapi.jtexpress.com.cn/webopenplatformapi');
    expect(JT_PATHS).toEqual({ track: '/api/logistics/trace', intercept: '/api/waybill/intercept' });
    const client = clientFor('https://x.test/webopenplatformapi') as CarrierClient;
    expect(Object.keys(client).sort()).toEqual(['intercept', 'track']);
  });
});

describe('jt mapping tables', () => {
  it('names the fourteen trace nodes and maps the scan types per §6 and §19.3', () => {
    expect(Object.keys(SCAN_TYPE_BY_TRACE_NODE)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    const expected: Record<string, EventKind> = {
      快件揽收: 'COLLECTED',
      发件扫描: 'IN_TRANSIT',
      到件扫描: 'IN_TRANSIT',
      安检扫描: 'IN_TRANSIT',
      出仓扫描: 'OUT_FOR_DELIVERY',
      入库扫描: 'AT_PICKUP_POINT',
      代理点收入扫描: 'AT_PICKUP_POINT',
      快件签收: 'DELIVERED',
      出库扫描: 'DELIVERED',
      问题件扫描: 'EXCEPTION',
      退件扫描: 'RETURNING',
    };
    expect(EVENT_KIND_BY_SCAN_TYPE).toEqual(expected);
    for (const name of ['入仓扫描', '快件取出扫描', '其他扫描']) expect(EVENT_KIND_BY_SCAN_TYPE[name]).toBeUndefined();
    for (const name of Object.keys(expected)) expect(Object.values(SCAN_TYPE_BY_TRACE_NODE)).toContain(name);
  });

  it('maps RETURN_TO_SENDER to applyTypeCode 4 and REDIRECT to 5', () => {
    expect(APPLY_TYPE_CODE_BY_KIND).toEqual({ RETURN_TO_SENDER: 4, REDIRECT: 5 });
  });

  it('classifies every (unconfirmed) code of the table, and the simulator sends only codes of the table', () => {
    const expected: Record<string, ErrorKind> = {
      DIGEST_ERROR: 'auth',
      API_ACCOUNT_ERROR: 'auth',
      PARAM_ERROR: 'invalid',
      API_NOT_FOUND: 'not_supported',
      SYSTEM_BUSY: 'unavailable',
      WAYBILL_NOT_EXIST: 'not_interceptable',
      INTERCEPT_SIGNED: 'not_interceptable',
      INTERCEPT_NOT_COLLECTED: 'not_interceptable',
      INTERCEPT_EXISTS: 'not_interceptable',
      INTERCEPT_RETURNING: 'not_interceptable',
      INTERCEPT_NOT_ALLOWED: 'not_interceptable',
    };
    expect(Object.fromEntries(Object.entries(JT_ERRORS).map(([code, entry]) => [code, entry.kind]))).toEqual(expected);
    for (const code of Object.values(JT_SIM_CODES).filter((c) => c !== '1')) expect(JT_ERRORS[code], code).toBeDefined();
    const refusals: Record<string, InterceptRefusal> = {
      WAYBILL_NOT_EXIST: 'UNKNOWN_WAYBILL',
      INTERCEPT_SIGNED: 'ALREADY_DELIVERED',
      INTERCEPT_NOT_COLLECTED: 'NOT_COLLECTED',
      INTERCEPT_EXISTS: 'DUPLICATE',
      INTERCEPT_RETURNING: 'ALREADY_RETURNING',
      INTERCEPT_NOT_ALLOWED: 'NOT_ALLOWED',
    };
    for (const [code, refusal] of Object.entries(refusals)) {
      const error = errorFromTable('jt', JT_ERRORS, code, undefined, {});
      expect(error, code).toBeInstanceOf(NotInterceptableError);
      expect((error as NotInterceptableError).refusal, code).toBe(refusal);
    }
    expect(errorFromTable('jt', JT_ERRORS, 'DIGEST_ERROR', undefined, {})).toBeInstanceOf(AuthError);
    expect(errorFromTable('jt', JT_ERRORS, 'API_NOT_FOUND', undefined, {})).toBeInstanceOf(NotSupportedError);
    expect(errorFromTable('jt', JT_ERRORS, 'PARAM_ERROR', undefined, {})).toBeInstanceOf(InvalidRequestError);
    expect(errorFromTable('jt', JT_ERRORS, 'SYSTEM_BUSY', undefined, {})).toBeInstanceOf(CarrierUnavailableError);
  });

  it('reads code as text, and falls back per operation: unknown codes are refusals (OTHER) on intercept, invalid requests on track', () => {
    expect(JtEnvelopeSchema.parse({ code: 1, msg: 'ok' }).code).toBe('1');
    expect(JtEnvelopeSchema.safeParse({ msg: 'no code' }).success).toBe(false);
    expect(ERROR_FALLBACK).toEqual({ track: 'invalid', intercept: 'not_interceptable' });
    const unknown = JtEnvelopeSchema.parse({ code: '145003052', msg: '该运单不支持拦截' });
    const refusal = jtEnvelopeError(unknown, 'intercept');
    expect(refusal).toBeInstanceOf(NotInterceptableError);
    expect((refusal as NotInterceptableError).refusal).toBe('OTHER');
    expect(refusal.carrierCode).toBe('145003052');
    expect(refusal.message).toContain('该运单不支持拦截');
    expect(jtEnvelopeError(unknown, 'track')).toBeInstanceOf(InvalidRequestError);
  });
});

describe('jt Beijing times and payload forms', () => {
  it('reads scanTime as +08:00 whatever the host time zone, sorts, reads trace node numbers, keeps unknown types and raw', async () => {
    nock('https://jt.times.test')
      .post('/webopenplatformapi/api/logistics/trace')
      .reply(200, fixture('jt', 'track-delivered-with-node-number'));
    const client = clientFor('https://jt.times.test/webopenplatformapi');
    const [found, empty, absent] = await client.track([
      { waybillNo: 'JT2099306666983' },
      { waybillNo: 'JT2099306666984' },
      { waybillNo: 'JT2099306666985' },
    ]);
    expect(found!.events.map((e) => [e.at, e.kind, e.rawCode, e.place, e.description])).toEqual([
      ['2024-05-31T16:10:00.000Z', 'COLLECTED', '快件揽收', '深圳宝安网点', '已揽收'],
      ['2024-05-31T19:30:00.000Z', 'IN_TRANSIT', '4', '杭州转运中心', '到达'],
      ['2024-05-31T21:00:00.000Z', 'UNKNOWN', '快件取出扫描', '杭州市', '取出'],
      ['2024-05-31T23:59:59.000Z', 'DELIVERED', '快件签收', '杭州滨江网点', '已签收'],
    ]);
    expect(found!.status).toBe('DELIVERED');
    expect(found!.raw).toMatchObject({ code: '1', data: [{ billCode: 'JT2099306666983' }] });
    expect((found!.raw as { data: unknown[] }).data).toHaveLength(1);
    expect(empty).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect(absent).toMatchObject({ found: false, status: 'NOT_FOUND', events: [], raw: { code: '1', data: [] } });
  });

  it('rejects an unreadable scanTime, a non-JSON answer and a non-array data as BadResponseError', async () => {
    nock('https://jt.bad.test')
      .post('/webopenplatformapi/api/logistics/trace')
      .reply(200, fixture('jt', 'track-epoch-scan-time'))
      .post('/webopenplatformapi/api/logistics/trace')
      .reply(200, '<html>gateway</html>', { 'content-type': 'text/html' })
      .post('/webopenplatformapi/api/logistics/trace')
      .reply(200, { code: '1', data: { billCode: 'JT2099306666983' } });
    const client = clientFor('https://jt.bad.test/webopenplatformapi');
    for (let i = 0; i < 3; i++)
      expect(await caught(client.track([{ waybillNo: 'JT2099306666983' }])), String(i)).toBeInstanceOf(BadResponseError);
  });
});

describe('jt track against the simulator', () => {
  it('tracks a batch in one call: moving, not collected and unknown numbers, in input order', async () => {
    const s = setup();
    const moving = s.seed(1, 'deliver');
    const waiting = s.seed(2, 'not-collected');
    const unknown = kit.waybill(99);
    const results = await s.client.track([{ waybillNo: unknown }, { waybillNo: moving }, { waybillNo: waiting }]);
    expect(s.sim.stats.requests).toBe(1);
    expect(s.sim.stats.byOperation).toEqual({ 'api/logistics/trace': 1 });
    expect(results.map((r) => [r.waybillNo, r.found, r.status])).toEqual([
      [unknown, false, 'NOT_FOUND'],
      [moving, true, 'IN_TRANSIT'],
      [waiting, false, 'NOT_FOUND'],
    ]);
    const events = results[1]!.events;
    expect(events.map((e) => [e.kind, e.rawCode])).toEqual([
      ['COLLECTED', '快件揽收'],
      ['IN_TRANSIT', '发件扫描'],
    ]);
    expect(events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(events[0]!.place).toBe('深圳宝安营业点');
    expect(results[1]!.raw).toMatchObject({ code: '1', data: [{ billCode: moving }] });
  });

  it('follows a parcel to delivery as the clock moves', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'deliver');
    s.clock.advance(19 * HOUR);
    const [out] = await s.client.track([{ waybillNo }]);
    expect(out!.status).toBe('OUT_FOR_DELIVERY');
    s.clock.advance(2 * HOUR);
    const [done] = await s.client.track([{ waybillNo }]);
    expect(done!.events.map((e) => e.rawCode)).toEqual(['快件揽收', '发件扫描', '到件扫描', '出仓扫描', '快件签收']);
    expect(done!.status).toBe('DELIVERED');
  });

  it('shows a refused parcel coming back: 问题件扫描 then 退件扫描', async () => {
    const s = setup();
    const waybillNo = s.seed(8, 'buyer-refuses');
    s.clock.advance(30 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.events.map((e) => [e.rawCode, e.kind]).slice(-2)).toEqual([
      ['问题件扫描', 'EXCEPTION'],
      ['退件扫描', 'RETURNING'],
    ]);
    expect(result!.status).toBe('RETURNING');
  });

  it('splits more than ten numbers into several calls when called directly', async () => {
    const s = setup();
    const numbers = Array.from({ length: TRACK_BATCH_SIZE + 3 }, (_, i) => s.seed(100 + i, 'deliver'));
    const results = await s.client.track(numbers.map((waybillNo) => ({ waybillNo })));
    expect(results.map((r) => r.waybillNo)).toEqual(numbers);
    expect(results.every((r) => r.found)).toBe(true);
    expect(s.sim.stats.requests).toBe(2);
  });

  it('answers a wrong key with DIGEST_ERROR and an unknown account with API_ACCOUNT_ERROR, both AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(4, 'deliver');
    const error = await caught(s.client.track([{ waybillNo }]));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe('DIGEST_ERROR');
    const stranger = setup({ raw: { apiAccount: '100000000000000000' } });
    const other = await caught(stranger.client.track([{ waybillNo }]));
    expect(other).toBeInstanceOf(AuthError);
    expect((other as AuthError).carrierCode).toBe('API_ACCOUNT_ERROR');
  });

  it('checks signatures with its own code: tampered bizContent, a missing timestamp and an unknown path are refused', async () => {
    const sim = new JtSimulator({ clock: new TestClock(START) });
    const bizContent = JSON.stringify({ billCodes: kit.waybill(1), lang: 'zh', timeType: '1' });
    const headers = {
      apiaccount: JT_SIM_CREDENTIALS.apiAccount,
      timestamp: START_MS,
      digest: jtDigest(bizContent, JT_SIM_CREDENTIALS.privateKey),
    };
    const send = (path: string, h: Record<string, string>, biz: string) =>
      sim
        .handle({ method: 'POST', path, query: {}, headers: h, body: new URLSearchParams({ bizContent: biz }).toString() })
        .then((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(await send('/webopenplatformapi/api/logistics/trace', headers, bizContent)).toMatchObject({
      code: '1',
      data: [{ billCode: kit.waybill(1), details: [] }],
    });
    expect(await send('/api/logistics/trace', headers, bizContent)).toMatchObject({ code: '1' });
    expect(await send('/webopenplatformapi/api/logistics/trace', headers, bizContent.replace('zh', 'en'))).toMatchObject({
      code: 'DIGEST_ERROR',
    });
    const { timestamp: _dropped, ...noTimestamp } = headers;
    expect(await send('/webopenplatformapi/api/logistics/trace', noTimestamp, bizContent)).toMatchObject({ code: 'DIGEST_ERROR' });
    expect(await send('/webopenplatformapi/api/waybill/cancelIntercept', headers, bizContent)).toMatchObject({ code: 'API_NOT_FOUND' });
  });

  it('answers a quota with HTTP 429 and Retry-After, read as RateLimitedError with its delay', async () => {
    const s = setup({ quota: { perMinute: 1 } });
    const waybillNo = s.seed(5, 'deliver');
    await s.client.track([{ waybillNo }]);
    s.clock.advance(20_000);
    const limited = await caught(s.client.track([{ waybillNo }]));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).carrierCode).toBe('HTTP 429');
    expect((limited as RateLimitedError).retryAfterMs).toBe(40_000);
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    expect(s.sim.stats.quotaErrors).toBe(2);
  });

  it('turns injected faults into typed errors: 502, malformed body, timeout', async () => {
    const s = setup({ timeoutMs: 100 });
    const waybillNo = s.seed(6, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 502 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const bad = await caught(s.client.track([{ waybillNo }]));
    expect(bad).toBeInstanceOf(BadResponseError);
    expect((bad as BadResponseError).issues.map((i) => i.path)).toContain('code');
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('jt intercept against the simulator', () => {
  it('accepts a return (applyTypeCode 4) of a moving parcel; the return then shows as 退件扫描', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const result = await s.client.intercept({
      waybillNo,
      kind: 'RETURN_TO_SENDER',
      reason: '买家申请仅退款',
      idempotencyKey: 'jt-key-000001',
    });
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierCode: '1', raw: { code: '1' } });
    expect(result.carrierRef).toBeUndefined();
    expect(s.sim.world.get(waybillNo)!.interception).toMatchObject({ kind: '4', state: 'ACCEPTED' });
    s.clock.advance(3 * HOUR);
    const [returning] = await s.client.track([{ waybillNo }]);
    expect(returning!.status).toBe('RETURNING');
    expect(returning!.events.at(-1)).toMatchObject({ kind: 'RETURNING', rawCode: '退件扫描' });
    s.clock.advance(50 * HOUR);
    const [back] = await s.client.track([{ waybillNo }]);
    expect(back!.events.at(-1)).toMatchObject({ kind: 'UNKNOWN', rawCode: '其他扫描' });
    expect(back!.status).toBe('IN_TRANSIT');
  });

  it('has no key to deduplicate on: a repeat is refused as DUPLICATE', async () => {
    const s = setup();
    const waybillNo = s.seed(21, 'deliver');
    const request = { waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'jt-key-000002' } as const;
    await s.client.intercept(request);
    const again = await refusalOf(s.client.intercept(request));
    expect(again.refusal).toBe('DUPLICATE');
    expect(again.carrierCode).toBe('INTERCEPT_EXISTS');
  });

  it.each([
    ['delivered', 'ALREADY_DELIVERED', 'INTERCEPT_SIGNED'],
    ['not-collected', 'NOT_COLLECTED', 'INTERCEPT_NOT_COLLECTED'],
    ['carrier-rejects', 'NOT_ALLOWED', 'INTERCEPT_NOT_ALLOWED'],
  ] as const)('refuses a %s parcel as %s (%s)', async (fate, refusal, code) => {
    const s = setup();
    const waybillNo = s.seed(22, fate);
    const error = await refusalOf(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'jt-key-000003' }),
    );
    expect(error.refusal).toBe(refusal);
    expect(error.carrierCode).toBe(code);
    expect(error.raw).toMatchObject({ code, data: null });
  });

  it('refuses an unknown waybill and a parcel already coming back', async () => {
    const s = setup();
    const unknown = await refusalOf(
      s.client.intercept({ waybillNo: kit.waybill(98), kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'jt-key-000004' }),
    );
    expect(unknown.refusal).toBe('UNKNOWN_WAYBILL');
    const waybillNo = s.seed(23, 'buyer-refuses');
    s.clock.advance(25 * HOUR);
    const back = await refusalOf(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'jt-key-000005' }),
    );
    expect(back.refusal).toBe('ALREADY_RETURNING');
  });

  it('sends applyTypeCode 5 with the receive* fields for REDIRECT, needs an address for it, and offers no other kind', async () => {
    const s = setup();
    const waybillNo = s.seed(24, 'deliver');
    const redirect = await s.client.intercept({
      waybillNo,
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'jt-key-000006',
      address: ADDRESS,
    });
    expect(redirect.state).toBe('ACCEPTED');
    expect(s.sim.world.get(waybillNo)!.interception?.kind).toBe('5');
    const other = s.seed(25, 'deliver');
    await expect(
      s.client.intercept({ waybillNo: other, kind: 'REDIRECT', reason: '改址', idempotencyKey: 'jt-key-000007' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(
      s.client.intercept({
        waybillNo: other,
        kind: 'RETURN_TO_ADDRESS',
        reason: '退回',
        idempotencyKey: 'jt-key-000008',
        address: ADDRESS,
      }),
    ).rejects.toBeInstanceOf(NotSupportedError);
    expect(s.sim.stats.requests).toBe(1);

    let biz: unknown;
    nock('https://jt.body.test')
      .post('/webopenplatformapi/api/waybill/intercept', (body: unknown) => {
        biz = JSON.parse(new URLSearchParams(formText(body)).get('bizContent')!);
        return true;
      })
      .reply(200, fixture('jt', 'intercept-accepted-string-code'));
    await clientFor('https://jt.body.test/webopenplatformapi').intercept({
      waybillNo: 'JT2099306666983',
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'jt-key-000009',
      address: ADDRESS,
    });
    expect(biz).toEqual({
      mailNo: 'JT2099306666983',
      applyTypeCode: 5,
      receiveUsername: '退货仓',
      receivePhone: '13800000000',
      receiveProvince: '广东省',
      receiveCity: '深圳市',
      receiveDistrict: '宝安区',
      receiveAddress: '福永街道 1 号',
    });
  });

  it('is never retried through the resilient account (no idempotency key): a 502 is thrown after one call', async () => {
    const s = setup();
    const waybillNo = s.seed(26, 'deliver');
    const account = createCarrierAccount(plugin, kit.pluginConfig(BASE_URL), {
      clock: s.clock,
      retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 10 },
    });
    s.sim.faults.inject({ type: 'http-error', status: 502 });
    await expect(
      account.intercept!({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'jt-key-000010' }),
    ).rejects.toBeInstanceOf(CarrierUnavailableError);
    expect(s.sim.stats.requests).toBe(1);
    expect(account.cancelIntercept).toBeUndefined();
    await account.limiter.stop();
  });
});
