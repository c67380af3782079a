// STO plugin and simulator: signing vectors, code tables, Beijing times, and track / intercept / cancel end to end over nock, plus the shared contract.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { STO_PRODUCTION_URL, type StoConfig, StoConfigSchema } from '../../carriers/sto/index.ts';
import { stoEnvelopeError } from '../../carriers/sto/client.ts';
import {
  ERROR_FALLBACK,
  EVENT_KIND_BY_SCAN_TYPE,
  INTERCEPT_FORM_BY_KIND,
  STO_APIS,
  STO_ERRORS,
  TRACK_BATCH_SIZE,
} from '../../carriers/sto/mapping.ts';
import { StoEnvelopeSchema } from '../../carriers/sto/schemas.ts';
import { stoDataDigest } from '../../carriers/sto/sign.ts';
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
import { kit, STO_SIM_CODES, STO_SIM_CREDENTIALS, StoSimulator } from '../../mocks/sto/index.ts';
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

const BASE_URL = 'https://sto.sim.test/gateway/link.do';
const TEST_ACCOUNT = { fromAppkey: 'sto-test-appkey', fromCode: 'sto-test-code', secretKey: 'sto-test-secret' };

// Known answers computed outside our code:
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"order\":\"asc\",\"waybillNoList\":[\"777031922725111\",\"772011975782987\"]}'+'sto-test-secret').encode()).digest()).decode())"
const TRACK_CONTENT = '{"order":"asc","waybillNoList":["777031922725111","772011975782987"]}';
const TRACK_DIGEST = 'wTXCDu9xtEIHtHdkSfFIfQ==';
// printf '%s' '{"waybillNo":"777031922725111","interceptForAct":"DEFAULT"}sto-test-secret' | openssl dgst -md5 -binary | base64
const INTERCEPT_CONTENT = '{"waybillNo":"777031922725111","interceptForAct":"DEFAULT"}';
const INTERCEPT_DIGEST = 'limQTWI5InA1u/ADLhK0xQ==';
// reference §18 official vector: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(b'opentest123456').digest()).decode())"
const OFFICIAL_DIGEST = 'YLstCNa3x8ijQx16e/jqOA==';

type Client = Required<Pick<CarrierClient, 'track' | 'intercept' | 'cancelIntercept'>>;
type Setup = SimHarness<StoSimulator, Client, StoConfig>;

function clientFor(baseUrl: string, account: Record<string, unknown> = TEST_ACCOUNT, clock = new TestClock(START)): Client {
  return buildPluginClient<StoConfig, Client>(plugin, { baseUrl, ...account }, clock).client;
}

function setup(
  options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number; raw?: Record<string, unknown> } = {},
): Setup {
  const { raw, ...rest } = options;
  return simHarness<StoConfig, StoSimulator, Client>(plugin, kit, { baseUrl: BASE_URL, ...rest, config: raw });
}

function envelope(fields: Record<string, unknown>) {
  return StoEnvelopeSchema.parse({ requestId: 'r-1', ...fields });
}

offlineNock();

describe('sto signing', () => {
  it('digests content + secretKey as Base64 of the raw MD5 (known answers)', () => {
    expect(stoDataDigest(TRACK_CONTENT, 'sto-test-secret')).toBe(TRACK_DIGEST);
    expect(stoDataDigest(INTERCEPT_CONTENT, 'sto-test-secret')).toBe(INTERCEPT_DIGEST);
    expect(stoDataDigest('opentest', '123456')).toBe(OFFICIAL_DIGEST);
  });

  it('sends the exact wire form: POST to the gateway URL with the seven form fields', async () => {
    let form: Record<string, string> = {};
    const scope = nock('https://sto.wire.test')
      .post('/gateway/link.do', (body: unknown) => {
        form = Object.fromEntries(new URLSearchParams(formText(body)));
        return true;
      })
      .matchHeader('content-type', /^application\/x-www-form-urlencoded/)
      .reply(200, fixture('sto', 'track-empty-data'));
    const client = clientFor('https://sto.wire.test/gateway/link.do');
    const results = await client.track([{ waybillNo: '777031922725111' }, { waybillNo: '772011975782987' }]);
    expect(scope.isDone()).toBe(true);
    expect(form).toEqual({
      content: TRACK_CONTENT,
      api_name: 'STO_TRACE_QUERY_COMMON',
      from_appkey: 'sto-test-appkey',
      from_code: 'sto-test-code',
      to_appkey: 'sto_trace_query',
      to_code: 'sto_trace_query',
      data_digest: TRACK_DIGEST,
    });
    expect(results.map((r) => [r.waybillNo, r.found, r.status])).toEqual([
      ['777031922725111', false, 'NOT_FOUND'],
      ['772011975782987', false, 'NOT_FOUND'],
    ]);
  });

  it('url-encodes a digest holding / and + so the gateway reads it back unchanged', async () => {
    let raw = '';
    nock('https://sto.wire.test')
      .post('/gateway/link.do', (body: unknown) => {
        raw = formText(body);
        return true;
      })
      .reply(200, fixture('sto', 'intercept-accepted'));
    const client = clientFor('https://sto.wire.test/gateway/link.do');
    await client.intercept({ waybillNo: '777031922725111', kind: 'RETURN_TO_SENDER', reason: '退款', idempotencyKey: 'sto-key-0001' });
    expect(raw).toContain('data_digest=limQTWI5InA1u%2FADLhK0xQ%3D%3D');
    expect(new URLSearchParams(raw).get('content')).toBe(INTERCEPT_CONTENT);
    expect(new URLSearchParams(raw).get('to_appkey')).toBe('reverse-center');
  });
});

describe('sto declaration', () => {
  it('declares the waybill format, the kuaidi100 code, assumed limits, capabilities and the production gateway', () => {
    const [pattern] = plugin.waybillPatterns;
    for (const good of ['777031922725111', '772011975782987', '77000000000000', '4300000000000000', '43000000000000000'])
      expect(pattern!.pattern.test(good), good).toBe(true);
    for (const bad of ['7700000000000', '770000000000000000', '780000000000000', 'ST7031922725111', '7770319227251a1'])
      expect(pattern!.pattern.test(bad), bad).toBe(false);
    expect(pattern!.prefixed).toBe(false);
    for (const n of [0, 1, 2, 99, 123_456]) expect(pattern!.pattern.test(kit.waybill(n))).toBe(true);
    expect(new Set([0, 1, 2, 99, 123_456].map(kit.waybill)).size).toBe(5);
    expect(plugin.kuaidi100Code?.code).toBe('shentong');
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.capabilities.track).toMatchObject({ batchSize: TRACK_BATCH_SIZE, needsPhoneLast4: 'never' });
    expect(plugin.capabilities.intercept).toMatchObject({ kinds: ['RETURN_TO_SENDER', 'REDIRECT'], idempotencyKey: false });
    expect(plugin.capabilities.cancelIntercept).toBeTruthy();
    expect(plugin.capabilities.push).toBe(false);
    expect(StoConfigSchema.parse(TEST_ACCOUNT).baseUrl).toBe(STO_PRODUCTION_URL);
    expect(STO_PRODUCTION_URL).toBe('https://cloudinter-linkgateway.sto.cn/gateway/link.do');
    const client = clientFor('https://x.test/gateway/link.do') as CarrierClient;
    expect(client.parsePush).toBeUndefined();
    expect(Object.keys(client).sort()).toEqual(['cancelIntercept', 'intercept', 'track']);
  });

  it('addresses each API to its own to_appkey / to_code', () => {
    expect(STO_APIS).toEqual({
      track: { apiName: 'STO_TRACE_QUERY_COMMON', toAppkey: 'sto_trace_query', toCode: 'sto_trace_query' },
      intercept: { apiName: 'INTERCEPT_CREATE_STANDARD', toAppkey: 'reverse-center', toCode: 'reverse-center' },
      cancelIntercept: { apiName: 'INTERCEPT_DEL_STANDARD', toAppkey: 'reverse-center', toCode: 'reverse-center' },
    });
  });
});

describe('sto mapping tables', () => {
  it('maps the seven scanType strings of §19.3, and 退回件 / 问题件 by our reading of the words', () => {
    const expected: Record<string, EventKind> = {
      收件: 'COLLECTED',
      发件: 'IN_TRANSIT',
      到件: 'IN_TRANSIT',
      装袋: 'IN_TRANSIT',
      派件: 'OUT_FOR_DELIVERY',
      驿站代收: 'AT_PICKUP_POINT',
      客户签收: 'DELIVERED',
      退回件: 'RETURNING',
      问题件: 'EXCEPTION',
    };
    expect(EVENT_KIND_BY_SCAN_TYPE).toEqual(expected);
  });

  it('asks a return without and a re-address with the receiver fields', () => {
    expect(INTERCEPT_FORM_BY_KIND).toEqual({
      RETURN_TO_SENDER: { interceptForAct: 'DEFAULT', withReceiver: false },
      REDIRECT: { interceptForAct: 'DEFAULT', withReceiver: true },
    });
  });

  it('classifies every (unconfirmed) code of the table, and the simulator sends only codes of the table', () => {
    const expected: Record<string, ErrorKind> = {
      SIGN_ERROR: 'auth',
      APPKEY_ERROR: 'auth',
      PARAM_ERROR: 'invalid',
      API_NOT_FOUND: 'not_supported',
      SYSTEM_BUSY: 'unavailable',
      WAYBILL_NOT_EXIST: 'not_interceptable',
      INTERCEPT_SIGNED: 'not_interceptable',
      INTERCEPT_NOT_COLLECTED: 'not_interceptable',
      INTERCEPT_EXISTS: 'not_interceptable',
      INTERCEPT_RETURNING: 'not_interceptable',
      INTERCEPT_NOT_ALLOWED: 'not_interceptable',
      INTERCEPT_NOT_CANCELLABLE: 'not_interceptable',
    };
    expect(Object.fromEntries(Object.entries(STO_ERRORS).map(([code, entry]) => [code, entry.kind]))).toEqual(expected);
    for (const code of Object.values(STO_SIM_CODES)) expect(STO_ERRORS[code], code).toBeDefined();
    const refusals: Record<string, InterceptRefusal> = {
      WAYBILL_NOT_EXIST: 'UNKNOWN_WAYBILL',
      INTERCEPT_SIGNED: 'ALREADY_DELIVERED',
      INTERCEPT_NOT_COLLECTED: 'NOT_COLLECTED',
      INTERCEPT_EXISTS: 'DUPLICATE',
      INTERCEPT_RETURNING: 'ALREADY_RETURNING',
      INTERCEPT_NOT_ALLOWED: 'NOT_ALLOWED',
      INTERCEPT_NOT_CANCELLABLE: 'NOT_CANCELLABLE',
    };
    for (const [code, refusal] of Object.entries(refusals)) {
      const error = errorFromTable('sto', STO_ERRORS, code, undefined, {});
      expect(error, code).toBeInstanceOf(NotInterceptableError);
      expect((error as NotInterceptableError).refusal, code).toBe(refusal);
    }
    expect(errorFromTable('sto', STO_ERRORS, 'SIGN_ERROR', undefined, {})).toBeInstanceOf(AuthError);
    expect(errorFromTable('sto', STO_ERRORS, 'API_NOT_FOUND', undefined, {})).toBeInstanceOf(NotSupportedError);
    expect(errorFromTable('sto', STO_ERRORS, 'PARAM_ERROR', undefined, {})).toBeInstanceOf(InvalidRequestError);
    expect(errorFromTable('sto', STO_ERRORS, 'SYSTEM_BUSY', undefined, {})).toBeInstanceOf(CarrierUnavailableError);
  });

  it('reads success as a string or a boolean, and needRetry: true as a transient error whatever the code', () => {
    expect(envelope({ success: 'true' }).success).toBe(true);
    expect(envelope({ success: true }).success).toBe(true);
    expect(envelope({ success: 'false' }).success).toBe(false);
    expect(envelope({ success: false, needRetry: 'true' }).needRetry).toBe(true);
    expect(envelope({ success: false }).needRetry).toBe(false);
    expect(StoEnvelopeSchema.safeParse({ success: 'yes' }).success).toBe(false);

    const retry = stoEnvelopeError(
      envelope({ success: false, errorCode: 'SOMETHING_NEW', errorMsg: '网关超时', needRetry: true }),
      'intercept',
    );
    expect(retry).toBeInstanceOf(CarrierUnavailableError);
    expect(retry.carrierCode).toBe('SOMETHING_NEW');
    expect(stoEnvelopeError(envelope({ success: false, errorCode: 'PARAM_ERROR', needRetry: 'true' }), 'track')).toBeInstanceOf(
      CarrierUnavailableError,
    );
    expect(stoEnvelopeError(envelope({ success: false, errorCode: 'PARAM_ERROR', needRetry: false }), 'track')).toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('falls back per operation: an unknown code is a refusal (OTHER) on intercept and cancel, an invalid request on track', () => {
    expect(ERROR_FALLBACK).toEqual({ track: 'invalid', intercept: 'not_interceptable', cancelIntercept: 'not_interceptable' });
    const unknown = envelope({ success: 'false', errorCode: 'X-NEW', errorMsg: '新规则不可拦截' });
    const refusal = stoEnvelopeError(unknown, 'intercept');
    expect(refusal).toBeInstanceOf(NotInterceptableError);
    expect((refusal as NotInterceptableError).refusal).toBe('OTHER');
    expect(refusal.message).toContain('新规则不可拦截');
    expect(stoEnvelopeError(unknown, 'cancelIntercept')).toBeInstanceOf(NotInterceptableError);
    expect(stoEnvelopeError(unknown, 'track')).toBeInstanceOf(InvalidRequestError);
    expect(stoEnvelopeError(envelope({ success: false }), 'track').carrierCode).toBe('success=false');
  });
});

describe('sto Beijing times and payload forms', () => {
  it('reads opTime as +08:00 whatever the host time zone, sorts, keeps unknown scan types and raw', async () => {
    nock('https://sto.times.test').post('/gateway/link.do').reply(200, fixture('sto', 'track-delivered-after-problem-scan'));
    const client = clientFor('https://sto.times.test/gateway/link.do');
    const [found, empty] = await client.track([{ waybillNo: '777031922725111' }, { waybillNo: '772011975782987' }]);
    expect(found!.events.map((e) => [e.at, e.kind, e.rawCode, e.place, e.description])).toEqual([
      ['2024-05-31T16:10:00.000Z', 'COLLECTED', '收件', '深圳市', '已收件'],
      ['2024-05-31T19:30:00.000Z', 'EXCEPTION', '问题件', '杭州市', '地址不详'],
      ['2024-05-31T23:59:59.000Z', 'DELIVERED', '客户签收', '杭州滨江', '已签收'],
    ]);
    expect(found!.status).toBe('DELIVERED');
    expect(found!.raw).toMatchObject({ requestId: 'req-9', data: { '777031922725111': expect.any(Array) } });
    expect(Object.keys((found!.raw as { data: object }).data)).toEqual(['777031922725111']);
    expect(empty).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
  });

  it('rejects an unreadable opTime, an XML answer and a non-object data as BadResponseError', async () => {
    nock('https://sto.bad.test')
      .post('/gateway/link.do')
      .reply(200, fixture('sto', 'track-unreadable-op-time'))
      .post('/gateway/link.do')
      .reply(200, '<response><success>true</success><data></data></response>', { 'content-type': 'text/xml' })
      .post('/gateway/link.do')
      .reply(200, { success: 'true', data: ['not', 'a', 'map'] });
    const client = clientFor('https://sto.bad.test/gateway/link.do');
    for (let i = 0; i < 3; i++) {
      const error = await caught(client.track([{ waybillNo: '777031922725111' }]));
      expect(error, String(i)).toBeInstanceOf(BadResponseError);
    }
  });
});

describe('sto track against the simulator', () => {
  it('tracks a batch in one call: moving, not collected and unknown numbers, in input order', async () => {
    const s = setup();
    const moving = s.seed(1, 'deliver');
    const waiting = s.seed(2, 'not-collected');
    const unknown = kit.waybill(99);
    const results = await s.client.track([{ waybillNo: unknown }, { waybillNo: moving }, { waybillNo: waiting }]);
    expect(s.sim.stats.requests).toBe(1);
    expect(s.sim.stats.byOperation).toEqual({ STO_TRACE_QUERY_COMMON: 1 });
    expect(results.map((r) => [r.waybillNo, r.found, r.status])).toEqual([
      [unknown, false, 'NOT_FOUND'],
      [moving, true, 'IN_TRANSIT'],
      [waiting, false, 'NOT_FOUND'],
    ]);
    const events = results[1]!.events;
    expect(events.map((e) => [e.kind, e.rawCode])).toEqual([
      ['COLLECTED', '收件'],
      ['IN_TRANSIT', '发件'],
    ]);
    expect(events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(events[0]!.place).toBe('深圳市');
    expect(results[1]!.raw).toMatchObject({ success: 'true', data: { [moving]: expect.any(Array) } });
  });

  it('follows a parcel to delivery as the clock moves', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'deliver');
    s.clock.advance(19 * HOUR);
    const [out] = await s.client.track([{ waybillNo }]);
    expect(out!.status).toBe('OUT_FOR_DELIVERY');
    s.clock.advance(2 * HOUR);
    const [done] = await s.client.track([{ waybillNo }]);
    expect(done!.events.map((e) => e.rawCode)).toEqual(['收件', '发件', '到件', '派件', '客户签收']);
    expect(done!.status).toBe('DELIVERED');
  });

  it('splits more than the batch size into several calls when called directly', async () => {
    const s = setup();
    const numbers = Array.from({ length: TRACK_BATCH_SIZE + 3 }, (_, i) => s.seed(100 + i, 'deliver'));
    const results = await s.client.track(numbers.map((waybillNo) => ({ waybillNo })));
    expect(results.map((r) => r.waybillNo)).toEqual(numbers);
    expect(s.sim.stats.requests).toBe(2);
  });

  it('answers a wrong secret with SIGN_ERROR and an unknown app with APPKEY_ERROR, both AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(4, 'deliver');
    const error = await caught(s.client.track([{ waybillNo }]));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe('SIGN_ERROR');
    const stranger = setup({ raw: { fromAppkey: 'someone-else' } });
    const other = await caught(stranger.client.track([{ waybillNo }]));
    expect(other).toBeInstanceOf(AuthError);
    expect((other as AuthError).carrierCode).toBe('APPKEY_ERROR');
    expect(s.sim.stats.authErrors + stranger.sim.stats.authErrors).toBe(2);
  });

  it('checks signatures with its own code: tampered content, a wrong to_appkey and an unknown api_name are refused', async () => {
    const sim = new StoSimulator({ clock: new TestClock(START) });
    const content = JSON.stringify({ order: 'asc', waybillNoList: [kit.waybill(1)] });
    const fields = {
      content,
      api_name: 'STO_TRACE_QUERY_COMMON',
      from_appkey: STO_SIM_CREDENTIALS.fromAppkey,
      from_code: STO_SIM_CREDENTIALS.fromCode,
      to_appkey: 'sto_trace_query',
      to_code: 'sto_trace_query',
      data_digest: stoDataDigest(content, STO_SIM_CREDENTIALS.secretKey),
    };
    const send = (f: Record<string, string>) =>
      sim
        .handle({ method: 'POST', path: '/gateway/link.do', query: {}, headers: {}, body: new URLSearchParams(f).toString() })
        .then((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(await send(fields)).toMatchObject({ success: 'true', data: {} });
    expect(await send({ ...fields, content: content.replace('asc', 'desc') })).toMatchObject({ success: 'false', errorCode: 'SIGN_ERROR' });
    expect(await send({ ...fields, to_appkey: 'reverse-center', to_code: 'reverse-center' })).toMatchObject({
      success: 'false',
      errorCode: 'API_NOT_FOUND',
    });
    expect(await send({ ...fields, api_name: 'STO_TRACE_PLATFORM_SUBSCRIBE' })).toMatchObject({
      success: 'false',
      errorCode: 'API_NOT_FOUND',
    });
  });

  it('answers a quota with HTTP 429 and Retry-After, read as RateLimitedError with its delay', async () => {
    const s = setup({ quota: { perSecond: 2 } });
    const waybillNo = s.seed(5, 'deliver');
    await s.client.track([{ waybillNo }]);
    await s.client.track([{ waybillNo }]);
    const limited = await caught(s.client.track([{ waybillNo }]));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).carrierCode).toBe('HTTP 429');
    expect((limited as RateLimitedError).retryAfterMs).toBe(1_000);
    s.sim.faults.inject({ type: 'quota' });
    s.clock.advance(1_000);
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    expect(s.sim.stats.quotaErrors).toBe(2);
  });

  it('turns injected faults into typed errors: 503, malformed body, timeout', async () => {
    const s = setup({ timeoutMs: 100 });
    const waybillNo = s.seed(6, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const bad = await caught(s.client.track([{ waybillNo }]));
    expect(bad).toBeInstanceOf(BadResponseError);
    expect((bad as BadResponseError).issues.map((i) => i.path)).toContain('success');
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('reads needRetry: true (SYSTEM_BUSY) as transient: the resilient account retries a track and succeeds', async () => {
    const s = setup();
    const waybillNo = s.seed(7, 'deliver');
    s.sim.busyNext = 1;
    const direct = await caught(s.client.track([{ waybillNo }]));
    expect(direct).toBeInstanceOf(CarrierUnavailableError);
    expect((direct as CarrierUnavailableError).carrierCode).toBe('SYSTEM_BUSY');
    const account = createCarrierAccount(plugin, kit.pluginConfig(BASE_URL), {
      clock: s.clock,
      retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 10 },
    });
    s.sim.busyNext = 1;
    const before = s.sim.stats.requests;
    const [result] = await account.track!([{ waybillNo }]);
    expect(result!.found).toBe(true);
    expect(s.sim.stats.requests - before).toBe(2);
    await account.limiter.stop();
  });
});

describe('sto intercept and cancel against the simulator', () => {
  it('accepts a return of a moving parcel; the return then shows as 退回件 scans (RETURNING)', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const result = await s.client.intercept({
      waybillNo,
      kind: 'RETURN_TO_SENDER',
      reason: '买家申请仅退款',
      idempotencyKey: 'sto-key-000001',
    });
    expect(result.state).toBe('ACCEPTED');
    expect(result.carrierRef).toBeUndefined();
    expect(result.raw).toMatchObject({ success: 'true' });
    expect(s.sim.world.get(waybillNo)!.interception).toMatchObject({ kind: 'RETURN', state: 'ACCEPTED' });
    expect(s.sim.stats.byOperation).toEqual({ INTERCEPT_CREATE_STANDARD: 1 });
    s.clock.advance(3 * HOUR);
    const [returning] = await s.client.track([{ waybillNo }]);
    expect(returning!.events.at(-1)).toMatchObject({ kind: 'RETURNING', rawCode: '退回件' });
    expect(returning!.events.at(-1)!.description).toContain('退回寄件人');
  });

  it('has no key to deduplicate on: a repeat is refused as DUPLICATE, never accepted twice', async () => {
    const s = setup();
    const waybillNo = s.seed(21, 'deliver');
    const request = { waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000002' } as const;
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
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000003' }),
    );
    expect(error.refusal).toBe(refusal);
    expect(error.carrierCode).toBe(code);
    expect(error.raw).toMatchObject({ success: 'false', errorCode: code });
  });

  it('refuses an unknown waybill and a parcel already coming back', async () => {
    const s = setup();
    const unknown = await refusalOf(
      s.client.intercept({ waybillNo: kit.waybill(98), kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000004' }),
    );
    expect(unknown.refusal).toBe('UNKNOWN_WAYBILL');
    const waybillNo = s.seed(23, 'buyer-refuses');
    s.clock.advance(25 * HOUR);
    const back = await refusalOf(
      s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000005' }),
    );
    expect(back.refusal).toBe('ALREADY_RETURNING');
  });

  it('sends the receiver fields for REDIRECT, needs an address for it, and offers no other kind', async () => {
    const s = setup();
    const waybillNo = s.seed(24, 'deliver');
    const redirect = await s.client.intercept({
      waybillNo,
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'sto-key-000006',
      address: ADDRESS,
    });
    expect(redirect.state).toBe('ACCEPTED');
    expect(s.sim.world.get(waybillNo)!.interception?.kind).toBe('REDIRECT');
    const other = s.seed(25, 'deliver');
    await expect(
      s.client.intercept({ waybillNo: other, kind: 'REDIRECT', reason: '改址', idempotencyKey: 'sto-key-000007' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(
      s.client.intercept({ waybillNo: other, kind: 'RETURN_TO_ORIGIN_STATION', reason: '退回', idempotencyKey: 'sto-key-000008' }),
    ).rejects.toBeInstanceOf(NotSupportedError);
    expect(s.sim.stats.requests).toBe(1);

    let content: unknown;
    nock('https://sto.body.test')
      .post('/gateway/link.do', (body: unknown) => {
        content = JSON.parse(new URLSearchParams(formText(body)).get('content')!);
        return true;
      })
      .reply(200, fixture('sto', 'intercept-accepted-bare'));
    await clientFor('https://sto.body.test/gateway/link.do').intercept({
      waybillNo: '777031922725111',
      kind: 'REDIRECT',
      reason: '改址',
      idempotencyKey: 'sto-key-000009',
      address: ADDRESS,
    });
    expect(content).toEqual({
      waybillNo: '777031922725111',
      interceptForAct: 'DEFAULT',
      receiverName: '退货仓',
      receiverTel: '13800000000',
      receiverProvince: '广东省',
      receiverCity: '深圳市',
      receiverArea: '宝安区',
      receiverAddress: '福永街道 1 号',
    });
  });

  it('cancels an accepted interception by waybill number; a second cancel is NOT_CANCELLABLE', async () => {
    const s = setup();
    const waybillNo = s.seed(26, 'deliver');
    await s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000010' });
    const cancelled = await s.client.cancelIntercept({ waybillNo, idempotencyKey: 'sto-key-000010', reason: '买家取消售后' });
    expect(cancelled.state).toBe('CANCELLED');
    expect(cancelled.raw).toMatchObject({ success: 'true' });
    expect(s.sim.world.get(waybillNo)!.interception?.state).toBe('CANCELLED');
    const again = await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'sto-key-000010', reason: '再次取消' }));
    expect(again.refusal).toBe('NOT_CANCELLABLE');
    expect(again.carrierCode).toBe('INTERCEPT_NOT_CANCELLABLE');
    expect(s.sim.stats.byOperation.INTERCEPT_DEL_STANDARD).toBe(2);
  });

  it('refuses to cancel once the parcel has turned back', async () => {
    const s = setup();
    const waybillNo = s.seed(27, 'deliver');
    await s.client.intercept({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000011' });
    s.clock.advance(3 * HOUR);
    const late = await refusalOf(s.client.cancelIntercept({ waybillNo, idempotencyKey: 'sto-key-000011', reason: '取消' }));
    expect(late.refusal).toBe('NOT_CANCELLABLE');
  });

  it('never retries an interception through the resilient account: a SYSTEM_BUSY answer is thrown after one call', async () => {
    const s = setup();
    const waybillNo = s.seed(28, 'deliver');
    const account = createCarrierAccount(plugin, kit.pluginConfig(BASE_URL), {
      clock: s.clock,
      retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 10 },
    });
    s.sim.busyNext = 1;
    await expect(
      account.intercept!({ waybillNo, kind: 'RETURN_TO_SENDER', reason: '拦截', idempotencyKey: 'sto-key-000012' }),
    ).rejects.toBeInstanceOf(CarrierUnavailableError);
    expect(s.sim.stats.requests).toBe(1);
    await account.limiter.stop();
  });
});
