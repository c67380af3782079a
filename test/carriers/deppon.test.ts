// Deppon plugin and simulator: the Base64-of-hex digest trap, trace code table, Beijing times, tracking and subscription end to end over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { DEPPON_PRODUCTION_URL, type DepponConfig } from '../../carriers/deppon/index.ts';
import { DEPPON_APIS, type DepponClient, subscribe } from '../../carriers/deppon/client.ts';
import { DEPPON_ERRORS, DEPPON_SIM_AUTH_CODE, DESCRIPTION_REFINEMENTS, EVENT_KIND_BY_STATUS } from '../../carriers/deppon/mapping.ts';
import { depponDigest } from '../../carriers/deppon/sign.ts';
import { detectCarriers } from '../../src/carrier/detect.ts';
import {
  AuthError,
  BadResponseError,
  CarrierTimeoutError,
  CarrierUnavailableError,
  InvalidRequestError,
  RateLimitedError,
} from '../../src/carrier/errors.ts';
import type { EventKind } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { DEPPON_SIM_AUTH_ERROR, DEPPON_SIM_CREDENTIALS, type DepponSimulator, kit } from '../../mocks/deppon/index.ts';
import { answeringClient, buildPluginClient, HOUR, hostSequence, offlineNock, simHarness, type SimHarness, START } from './harness.ts';

const START_MS = '1780279200000';

// Known answers computed outside our code (Base64 of the hex STRING of the MD5):
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"mailNo\":\"DPK123456789012\"}'+'deppon-test-appkey'+'1780279200000').encode()).hexdigest().encode()).decode())"
const TRACK_PARAMS = '{"mailNo":"DPK123456789012"}';
const TRACK_DIGEST = 'NGU5NThhN2I5OTA2NGU4ZTI3YWIwODU3NmM5OGE0NDA=';
// The trap: Base64 of the RAW digest, which Deppon does not accept:
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"mailNo\":\"DPK123456789012\"}'+'deppon-test-appkey'+'1780279200000').encode()).digest()).decode())"
const TRACK_DIGEST_RAW_TRAP = 'TpWKe5kGTo4nqwhXbJikQA==';
// python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.md5(('{\"tracking_number\":\"DPK123456789012\"}'+'deppon-test-appkey'+'1780279200000').encode()).hexdigest().encode()).decode())"
const SUBSCRIBE_PARAMS = '{"tracking_number":"DPK123456789012"}';
const SUBSCRIBE_DIGEST = 'ZDU3ZTJkZmQwZTE3YmFiYTk4MTg0ODhkYmYxYTAyNmM=';
const TEST_ACCOUNT = { companyCode: 'EWBTEST', appKey: 'deppon-test-appkey' };

type Setup = SimHarness<DepponSimulator, DepponClient, DepponConfig>;

// One host per setup: nock serves persisted scopes in order, so two simulators must not share one.
const nextHost = hostSequence((n) => `https://deppon-${n}.sim.test`);

function setup(options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number } = {}): Setup {
  return simHarness<DepponConfig, DepponSimulator, DepponClient>(plugin, kit, { baseUrl: nextHost(), ...options });
}

/** The plugin on `baseUrl` with the test account, for hand-written nock answers. */
function wire(baseUrl: string) {
  return buildPluginClient<DepponConfig, DepponClient>(plugin, { baseUrl, ...TEST_ACCOUNT }, new TestClock(START));
}

/** A client against a host that answers every call with `body` (for payloads the simulator never sends). */
function fixedAnswer(body: unknown): DepponClient {
  return answeringClient<DepponConfig, DepponClient>(plugin, nextHost(), TEST_ACCOUNT, body);
}

/** A trace of mocks/deppon/fixtures/track-trace.json with its status, time and description replaced. */
const trace = (status: string, time: string, description = `${status} 描述`) => ({
  ...fixture('deppon', 'track-trace'),
  description,
  status,
  time,
});
/** The track answer of mocks/deppon/fixtures/track-answer.json holding `traces`. */
const answer = (traces: unknown[]) => {
  const base = fixture<{ responseParam: Record<string, unknown> }>('deppon', 'track-answer');
  return { ...base, responseParam: { ...base.responseParam, trace_list: traces } };
};
const WAYBILL = 'DPK123456789012';

offlineNock();

describe('deppon signing', () => {
  it('digests params + appkey + timestamp as Base64 of the hex string, not of the raw MD5 (known answers)', () => {
    expect(depponDigest(TRACK_PARAMS, TEST_ACCOUNT.appKey, START_MS)).toBe(TRACK_DIGEST);
    expect(depponDigest(TRACK_PARAMS, TEST_ACCOUNT.appKey, START_MS)).not.toBe(TRACK_DIGEST_RAW_TRAP);
    expect(depponDigest(SUBSCRIBE_PARAMS, TEST_ACCOUNT.appKey, START_MS)).toBe(SUBSCRIBE_DIGEST);
    // 32 hex characters Base64-encode to 44 characters.
    expect(Buffer.from(TRACK_DIGEST, 'base64').toString('ascii')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sends the exact wire form: POST sync path, form fields companyCode, digest, timestamp (clock ms), params', async () => {
    const baseUrl = nextHost();
    let seen: { path: string; contentType: unknown; form: Record<string, string> } | undefined;
    nock(baseUrl)
      .post(DEPPON_APIS.track)
      .reply(function (uri, body) {
        seen = { path: uri, contentType: this.req.headers['content-type'], form: Object.fromEntries(new URLSearchParams(String(body))) };
        return [200, JSON.stringify(answer([])), { 'content-type': 'application/json' }];
      });
    await wire(baseUrl).client.track([{ waybillNo: WAYBILL }]);
    expect(seen!.path).toBe('/dop-interface-sync/standard-query/newTraceQuery.action');
    expect(String(seen!.contentType)).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen!.form).toEqual({ companyCode: 'EWBTEST', digest: TRACK_DIGEST, timestamp: START_MS, params: TRACK_PARAMS });
  });
});

describe('deppon declaration', () => {
  it('declares the prefixed format, kuaidi100 code, tracking only, assumed limits and the production host', () => {
    expect(plugin.id).toBe('deppon');
    expect(plugin.kuaidi100Code?.code).toBe('debangkuaidi');
    const [pattern] = plugin.waybillPatterns;
    expect(pattern!.prefixed).toBe(true);
    expect(pattern!.pattern.test(WAYBILL)).toBe(true);
    for (const no of ['DPK12345678901', 'DP1234567890123', '123456789012345']) expect(pattern!.pattern.test(no)).toBe(false);
    expect(detectCarriers('dpk123456789012', [plugin]).map((c) => c.carrierId)).toEqual(['deppon']);
    expect(plugin.capabilities).toMatchObject({
      intercept: false,
      cancelIntercept: false,
      push: false,
      complaint: false,
      track: { batchSize: 1, needsPhoneLast4: 'never' },
    });
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.configSchema!.parse(TEST_ACCOUNT).baseUrl).toBe(DEPPON_PRODUCTION_URL);
    expect(plugin.configSchema!.safeParse({ companyCode: 'x' }).success).toBe(false);
    expect(Object.keys(setup().client)).toEqual(['track']);
  });
});

describe('deppon mapping tables', () => {
  it('maps every NEW_TRACE_QUERY status code', () => {
    const expected: Record<string, EventKind> = {
      GOT: 'COLLECTED',
      DEPARTURE: 'IN_TRANSIT',
      ARRIVAL: 'IN_TRANSIT',
      ADVANCE_DELIVERY: 'OUT_FOR_DELIVERY',
      SENT_SCAN: 'OUT_FOR_DELIVERY',
      ERROR: 'EXCEPTION',
      FAILED: 'REJECTED',
      SIGNED: 'DELIVERED',
      BACK_SIGNED: 'RETURNED',
      OPERATETRACK: 'REDIRECTED',
      STA_INBOUND: 'AT_PICKUP_POINT',
      STA_SIGN: 'DELIVERED',
    };
    expect(EVENT_KIND_BY_STATUS).toEqual(expected);
    expect(DESCRIPTION_REFINEMENTS).toEqual({ FAILED: [['作废', 'CANCELLED']] });
  });

  it('reads each code class from a trace answer, refines a voided FAILED, and keeps unknown codes raw', async () => {
    const codes = Object.keys(EVENT_KIND_BY_STATUS);
    const traces = codes.map((code, i) => trace(code, `2026-05-01 ${String(i).padStart(2, '0')}:00:00`));
    const [result] = await fixedAnswer(
      answer([
        ...traces,
        trace('FAILED', '2026-05-01 20:00:00', '运单作废'),
        { city: '广州', description: 'test', status: 20, time: '2026-05-01 21:00:00' },
      ]),
    ).track([{ waybillNo: WAYBILL }]);
    for (const code of codes) {
      const event = result!.events.find((e) => e.rawCode === code)!;
      expect(event.kind, code).toBe(EVENT_KIND_BY_STATUS[code]);
      expect(event.place).toBe('【广州白云】营业部');
    }
    expect(result!.events.filter((e) => e.rawCode === 'FAILED').map((e) => e.kind)).toEqual(['REJECTED', 'CANCELLED']);
    const unknown = result!.events.find((e) => e.rawCode === '20')!;
    expect(unknown).toMatchObject({ kind: 'UNKNOWN', description: 'test', place: '广州' });
    // The latest significant event decides; the unknown "20" is skipped.
    expect(result!.status).toBe('CANCELLED');
  });

  it('classifies 3002 and the simulator auth code as auth, 2006 and unknown codes as invalid requests', async () => {
    expect(DEPPON_ERRORS[DEPPON_SIM_AUTH_CODE]?.kind).toBe('auth');
    expect(DEPPON_SIM_AUTH_CODE).toBe(DEPPON_SIM_AUTH_ERROR.code);
    const cases: [string, unknown][] = [
      ['3002', AuthError],
      ['2006', InvalidRequestError],
      ['9999', InvalidRequestError],
      [DEPPON_SIM_AUTH_CODE, AuthError],
    ];
    for (const [code, type] of cases) {
      const error = await fixedAnswer({ ...fixture('deppon', 'track-error'), reason: `原因 ${code}`, resultCode: code })
        .track([{ waybillNo: WAYBILL }])
        .catch((e: unknown) => e);
      expect(error, code).toBeInstanceOf(type as typeof Error);
      expect((error as AuthError).carrierCode).toBe(code);
      expect((error as AuthError).message).toContain(`原因 ${code}`);
    }
  });

  it('reads success from result "true", result true or success true; anything without either is a BadResponseError', async () => {
    for (const envelope of [
      answer([trace('GOT', '2026-05-01 10:00:00')]),
      { ...answer([trace('GOT', '2026-05-01 10:00:00')]), result: true },
      { success: true, responseParam: answer([trace('GOT', '2026-05-01 10:00:00')]).responseParam },
    ]) {
      const [result] = await fixedAnswer(envelope).track([{ waybillNo: WAYBILL }]);
      expect(result!.status).toBe('COLLECTED');
    }
    const error = await fixedAnswer({ resultCode: '1000', reason: '' })
      .track([{ waybillNo: WAYBILL }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    const badList = await fixedAnswer({ result: 'true', responseParam: { trace_list: [{ status: 'GOT' }] } })
      .track([{ waybillNo: WAYBILL }])
      .catch((e: unknown) => e);
    expect(badList).toBeInstanceOf(BadResponseError);
  });

  it('reads a success with no responseParam as not found', async () => {
    const [result] = await fixedAnswer(fixture('deppon', 'track-success-without-response-param')).track([{ waybillNo: WAYBILL }]);
    expect(result).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
  });
});

describe('deppon Beijing times', () => {
  it('reads trace times as +08:00 whatever the host time zone and sorts newest-first lists', async () => {
    const [result] = await fixedAnswer(answer([trace('SIGNED', '2020-07-13 22:58:37'), trace('GOT', '2020-07-13 07:58:37')])).track([
      { waybillNo: WAYBILL },
    ]);
    expect(result!.events.map((e) => [e.rawCode, e.at])).toEqual([
      ['GOT', '2020-07-12T23:58:37.000Z'],
      ['SIGNED', '2020-07-13T14:58:37.000Z'],
    ]);
    expect(result!.status).toBe('DELIVERED');
  });

  it('refuses an unreadable time as a BadResponseError', async () => {
    const error = await fixedAnswer(answer([trace('GOT', '13/07/2020 10:00')]))
      .track([{ waybillNo: WAYBILL }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
  });
});

describe('deppon track against the simulator', () => {
  it('tracks a moving parcel: sorted events, status, raw envelope', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result).toMatchObject({ waybillNo, carrierId: 'deppon', found: true, status: 'IN_TRANSIT' });
    expect(result!.events.map((e) => e.rawCode)).toEqual(['GOT', 'DEPARTURE']);
    expect(result!.events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(result!.raw).toMatchObject({ result: 'true', resultCode: '1000', responseParam: { tracking_number: waybillNo } });
  });

  it('follows a parcel to delivery as the clock moves', async () => {
    const s = setup();
    const waybillNo = s.seed(2, 'deliver');
    s.clock.advance(19 * HOUR);
    expect((await s.client.track([{ waybillNo }]))[0]!.status).toBe('OUT_FOR_DELIVERY');
    s.clock.advance(2 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(result!.status).toBe('DELIVERED');
  });

  it('shows a refused parcel: FAILED (rejected), the return as ordinary scans, then BACK_SIGNED (returned)', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'buyer-refuses', 1);
    s.clock.advance(80 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.events.map((e) => `${e.rawCode}:${e.kind}`).slice(-4)).toEqual([
      'FAILED:REJECTED',
      'DEPARTURE:IN_TRANSIT',
      'DEPARTURE:IN_TRANSIT',
      'BACK_SIGNED:RETURNED',
    ]);
    expect(result!.status).toBe('RETURNED');
  });

  it('reports an unknown number as not found (success with an empty trace_list)', async () => {
    const s = setup();
    const [result] = await s.client.track([{ waybillNo: kit.waybill(99) }]);
    expect(result).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
  });

  it('tracks several numbers one call each, in order', async () => {
    const s = setup();
    const numbers = [s.seed(4, 'delivered'), s.seed(5, 'deliver')];
    const results = await s.client.track(numbers.map((waybillNo) => ({ waybillNo })));
    expect(results.map((r) => [r.waybillNo, r.status])).toEqual([
      [numbers[0], 'DELIVERED'],
      [numbers[1], 'IN_TRANSIT'],
    ]);
    expect(s.sim.stats.requests).toBe(2);
  });

  it('answers wrong credentials with its own auth code, which the plugin reads as AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const error = await s.client.track([{ waybillNo: s.seed(6, 'deliver') }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe(DEPPON_SIM_AUTH_ERROR.code);
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('checks digests with its own code: raw-MD5 Base64, tampered params, another company or no timestamp are refused', async () => {
    const s = setup();
    const { companyCode, appKey } = DEPPON_SIM_CREDENTIALS;
    const good = { companyCode, digest: depponDigest(TRACK_PARAMS, appKey, START_MS), timestamp: START_MS, params: TRACK_PARAMS };
    const send = (fields: Record<string, string>) =>
      s.sim.handle({ method: 'POST', path: DEPPON_APIS.track, query: {}, headers: {}, body: new URLSearchParams(fields).toString() });
    expect(JSON.parse((await send(good)).body)).toMatchObject({ result: 'true' });
    const { createHash } = await import('node:crypto');
    const rawDigest = createHash('md5')
      .update(TRACK_PARAMS + appKey + START_MS)
      .digest('base64');
    const { timestamp: _dropped, ...noTimestamp } = good;
    for (const fields of [
      { ...good, digest: rawDigest },
      { ...good, params: '{"mailNo":"DPK123456789013"}' },
      { ...good, companyCode: 'SOMEONE' },
      noTimestamp,
    ]) {
      expect(JSON.parse((await send(fields)).body)).toMatchObject({ result: 'false', resultCode: DEPPON_SIM_AUTH_ERROR.code });
    }
  });

  it('answers its quota with HTTP 429 and Retry-After, read as RateLimitedError', async () => {
    const s = setup({ quota: { perMinute: 1 } });
    const waybillNo = s.seed(7, 'deliver');
    await s.client.track([{ waybillNo }]);
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(60_000);
    expect(s.sim.stats.quotaErrors).toBe(1);
  });

  it('turns injected faults into typed errors: 503, malformed body, quota, timeout', async () => {
    const s = setup({ timeoutMs: 100 });
    const waybillNo = s.seed(8, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const malformed = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(BadResponseError);
    expect((malformed as BadResponseError).issues.length).toBeGreaterThan(0);
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('deppon subscription', () => {
  it('subscribes a waybill with {tracking_number, order_number} and returns the request number', async () => {
    const s = setup();
    const waybillNo = kit.waybill(30);
    const result = await subscribe(s.config, s.ctx, { waybillNo, orderNumber: 'UAMZ0001' });
    expect(result.waybillNo).toBe(waybillNo);
    expect(result.requestNumber).toMatch(/^\d+$/);
    expect(result.raw).toMatchObject({ success: true, error_code: '1000' });
    expect(s.sim.subscriptions.get(waybillNo)).toBe('UAMZ0001');
    expect(s.sim.stats.byOperation[DEPPON_APIS.subscribe]).toBe(1);
  });

  it('signs the subscribe params exactly (known answer) and omits order_number when absent', async () => {
    const baseUrl = nextHost();
    let form: Record<string, string> | undefined;
    nock(baseUrl)
      .post(DEPPON_APIS.subscribe)
      .reply((_uri, body) => {
        form = Object.fromEntries(new URLSearchParams(String(body)));
        return [200, JSON.stringify(fixture('deppon', 'subscribe-accepted'))];
      });
    const { config, ctx } = wire(baseUrl);
    const result = await subscribe(config, ctx, { waybillNo: WAYBILL });
    expect(form).toEqual({ companyCode: 'EWBTEST', digest: SUBSCRIBE_DIGEST, timestamp: START_MS, params: SUBSCRIBE_PARAMS });
    expect(result.requestNumber).toBe('38545635256242392');
  });

  it('throws the typed error when Deppon refuses (error_code / error_message form, or auth)', async () => {
    const s = setup();
    const error = await subscribe(s.config, s.ctx, { waybillNo: 'DPK1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).message).toContain('tracking_number 格式错误');
    const wrong = setup({ wrongCredentials: true });
    await expect(subscribe(wrong.config, wrong.ctx, { waybillNo: kit.waybill(31) })).rejects.toBeInstanceOf(AuthError);
  });
});
