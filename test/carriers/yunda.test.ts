// Yunda plugin and simulator: signing known answers, action table, Beijing times, tracking and subscription end to end over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { type YundaConfig, YUNDA_PRODUCTION_URL } from '../../carriers/yunda/index.ts';
import { subscribe, YUNDA_APIS, type YundaClient } from '../../carriers/yunda/client.ts';
import { EVENT_KIND_BY_ACTION, KIND_AFTER_RETURN, YUNDA_ERRORS, YUNDA_SIM_AUTH_CODE } from '../../carriers/yunda/mapping.ts';
import { yundaSign } from '../../carriers/yunda/sign.ts';
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
import { kit, YUNDA_SIM_AUTH_ERROR, YUNDA_SIM_CREDENTIALS, type YundaSimulator } from '../../mocks/yunda/index.ts';
import { answeringClient, buildPluginClient, HOUR, hostSequence, offlineNock, simHarness, type SimHarness, START } from './harness.ts';

const START_MS = 1_780_279_200_000;

// Known answers computed outside our code:
// python3 -c "import hashlib;print(hashlib.md5(('{\"mailno\":\"312345678901234\"}'+'_'+'yunda-test-secret').encode()).hexdigest())"
const TRACK_BODY = '{"mailno":"312345678901234"}';
const TRACK_SIGN = 'f18029e8e379752d4aa7728534591a33';
// printf '%s' '{"orders":[{"orderid":"SO-1","mailno":"312345678901234"}]}_yunda-test-secret' | openssl dgst -md5
const SUBSCRIBE_BODY = '{"orders":[{"orderid":"SO-1","mailno":"312345678901234"}]}';
const SUBSCRIBE_SIGN = '70532c91eb5bc6f3a201e303d620bb1b';
const TEST_ACCOUNT = { appKey: 'yunda-test-key', appSecret: 'yunda-test-secret' };

type Setup = SimHarness<YundaSimulator, YundaClient, YundaConfig>;

// One host per setup: nock serves persisted scopes in order, so two simulators must not share one.
const nextHost = hostSequence((n) => `https://yunda-${n}.sim.test`);

function setup(options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number } = {}): Setup {
  return simHarness<YundaConfig, YundaSimulator, YundaClient>(plugin, kit, { baseUrl: nextHost(), ...options });
}

/** The plugin on `baseUrl` with the test account, for hand-written nock answers. */
function wire(baseUrl: string) {
  return buildPluginClient<YundaConfig, YundaClient>(plugin, { baseUrl, ...TEST_ACCOUNT }, new TestClock(START));
}

/** A client against a host that answers every call with `body` (for payloads the simulator never sends). */
function fixedAnswer(body: unknown): YundaClient {
  return answeringClient<YundaConfig, YundaClient>(plugin, nextHost(), TEST_ACCOUNT, body);
}

/** A track step of mocks/yunda/fixtures/track-step.json with its action and time (and any other field) replaced. */
const step = (action: string, time: string, extra: Record<string, unknown> = {}) => ({
  ...fixture('yunda', 'track-step'),
  time,
  description: `${action} 描述`,
  action,
  ...extra,
});
/** The track answer of mocks/yunda/fixtures/track-answer.json holding `steps`. */
const answer = (steps: unknown[]) => {
  const base = fixture<{ data: Record<string, unknown> }>('yunda', 'track-answer');
  return { ...base, data: { ...base.data, steps } };
};

offlineNock();

describe('yunda signing', () => {
  it('signs body + "_" + secret as lower-case hex MD5 (known answers)', () => {
    expect(yundaSign(TRACK_BODY, TEST_ACCOUNT.appSecret)).toBe(TRACK_SIGN);
    expect(yundaSign(SUBSCRIBE_BODY, TEST_ACCOUNT.appSecret)).toBe(SUBSCRIBE_SIGN);
    expect(yundaSign(TRACK_BODY, TEST_ACCOUNT.appSecret)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sends the exact wire form: POST base + path, JSON body, app-key, req-time (clock ms) and sign headers', async () => {
    const baseUrl = nextHost();
    let seen: { path: string; headers: Record<string, unknown>; body: string } | undefined;
    nock(baseUrl)
      .post(`/${YUNDA_APIS.track}`)
      .reply(function (uri, body) {
        seen = { path: uri, headers: this.req.headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
        return [200, JSON.stringify(answer([])), { 'content-type': 'application/json' }];
      });
    const { client } = wire(baseUrl);
    await client.track([{ waybillNo: '312345678901234' }]);
    expect(seen!.path).toBe('/openapi/outer/logictis/query');
    expect(seen!.body).toBe(TRACK_BODY);
    expect(seen!.headers['app-key']).toBe(TEST_ACCOUNT.appKey);
    expect(seen!.headers['req-time']).toBe(String(START_MS));
    expect(seen!.headers.sign).toBe(TRACK_SIGN);
    expect(String(seen!.headers['content-type'])).toMatch(/^application\/json/);
  });
});

describe('yunda declaration', () => {
  it('declares formats, kuaidi100 code, tracking only, assumed limits and the production host', () => {
    expect(plugin.id).toBe('yunda');
    expect(plugin.kuaidi100Code?.code).toBe('yunda');
    const [main, older] = plugin.waybillPatterns;
    for (const no of ['312345678901234', '412345678901234', '5123456789012']) expect(main!.pattern.test(no)).toBe(true);
    for (const no of ['212345678901234', '31234567890123', '6123456789012', 'DPK123456789012']) expect(main!.pattern.test(no)).toBe(false);
    expect(older!.pattern.test('3914712788236')).toBe(true);
    expect(older!.confidence).toBe('I');
    expect(detectCarriers('312345678901234', [plugin]).map((c) => c.carrierId)).toEqual(['yunda']);
    expect(plugin.capabilities.intercept).toBe(false);
    expect(plugin.capabilities.cancelIntercept).toBe(false);
    expect(plugin.capabilities.push).toBe(false);
    expect(plugin.capabilities.track).toMatchObject({ batchSize: 1, needsPhoneLast4: 'never' });
    expect(plugin.limits.source).toBe('assumed');
    expect(plugin.configSchema!.parse(TEST_ACCOUNT).baseUrl).toBe(YUNDA_PRODUCTION_URL);
    expect(plugin.configSchema!.safeParse({ appKey: 'k' }).success).toBe(false);
    const { client } = setup();
    expect(Object.keys(client).sort()).toEqual(['track']);
  });
});

describe('yunda mapping tables', () => {
  it('maps every action of reference §4 per §19.3', () => {
    const expected: Record<string, EventKind> = {
      ACCEPT: 'COLLECTED',
      GOT: 'COLLECTED',
      ARRIVAL: 'IN_TRANSIT',
      DEPARTURE: 'IN_TRANSIT',
      SENT: 'OUT_FOR_DELIVERY',
      INBOUND: 'AT_PICKUP_POINT',
      OUTBOUND: 'DELIVERED',
      SIGNED: 'DELIVERED',
      SIGNFAIL: 'DELIVERY_FAILED',
      RETURN: 'RETURNING',
      ISSUE: 'EXCEPTION',
      REJECTION: 'REJECTED',
      TRANSFER: 'REDIRECTED',
      OTHER: 'UNKNOWN',
      OVERSEA_IN: 'IN_TRANSIT',
      OVERSEA_OUT: 'IN_TRANSIT',
      OVERSEA_ARRIVAL: 'IN_TRANSIT',
      OVERSEA_DEPARTURE: 'IN_TRANSIT',
      CLEARANCE_START: 'CUSTOMS',
      CLEARANCE_FINISH: 'CUSTOMS',
      CLEARANCE_FAIL: 'CUSTOMS',
    };
    expect(EVENT_KIND_BY_ACTION).toEqual(expected);
    expect(KIND_AFTER_RETURN).toEqual({ DELIVERED: 'RETURNED' });
  });

  it('reads each action class from a track answer, keeps raw codes, and leaves TRANSFER without a new number', async () => {
    const actions = Object.keys(EVENT_KIND_BY_ACTION);
    const steps = actions.map((action, i) =>
      step(action, `2026-05-01 ${String(i).padStart(2, '0')}:00:00`, { newmailno: '319999999999999' }),
    );
    const [result] = await fixedAnswer(answer([...steps, step('MYSTERY', '2026-05-01 23:00:00')])).track([
      { waybillNo: '312345678901234' },
    ]);
    const byCode = new Map(result!.events.map((e) => [e.rawCode, e]));
    for (const action of actions) {
      const event = byCode.get(action)!;
      // Steps after the RETURN step go through KIND_AFTER_RETURN (none of them is DELIVERED in this list).
      const kind = EVENT_KIND_BY_ACTION[action]!;
      const afterReturn = actions.indexOf(action) > actions.indexOf('RETURN');
      expect(event.kind, action).toBe(afterReturn ? (KIND_AFTER_RETURN[kind] ?? kind) : kind);
      expect(event.newWaybillNo).toBeUndefined();
    }
    expect(byCode.get('MYSTERY')!.kind).toBe('UNKNOWN');
    const [returned] = await fixedAnswer(answer([step('RETURN', '2026-05-01 10:00:00'), step('OUTBOUND', '2026-05-02 10:00:00')])).track([
      { waybillNo: '312345678901234' },
    ]);
    expect(returned!.events.map((e) => e.kind)).toEqual(['RETURNING', 'RETURNED']);
    expect(byCode.get('TRANSFER')!.kind).toBe('REDIRECTED');
    expect(byCode.get('GOT')!.place).toBe('上海市');
    expect(byCode.get('GOT')!.description).toBe('GOT 描述');
    // The latest significant event decides: CLEARANCE_FAIL (CUSTOMS) counts as in transit, unknown codes are skipped.
    expect(result!.status).toBe('IN_TRANSIT');
  });

  it('classifies the simulator auth code as auth and any other code as an invalid request', async () => {
    expect(YUNDA_ERRORS[YUNDA_SIM_AUTH_CODE]?.kind).toBe('auth');
    expect(YUNDA_SIM_AUTH_CODE).toBe(YUNDA_SIM_AUTH_ERROR.code);
    const auth = await fixedAnswer({ ...fixture('yunda', 'error-sign-check-failed'), code: YUNDA_SIM_AUTH_CODE })
      .track([{ waybillNo: '312345678901234' }])
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(AuthError);
    const other = await fixedAnswer(fixture('yunda', 'error-no-permission'))
      .track([{ waybillNo: '312345678901234' }])
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(InvalidRequestError);
    expect((other as InvalidRequestError).carrierCode).toBe('1001');
    expect((other as InvalidRequestError).message).toContain('无权限');
  });
});

describe('yunda Beijing times', () => {
  it('reads step times as +08:00 whatever the host time zone, and tolerates epoch ms', async () => {
    const [result] = await fixedAnswer(
      answer([step('GOT', '2026-05-01 00:30:00'), step('DEPARTURE', String(Date.UTC(2026, 4, 1, 3, 0, 0)))]),
    ).track([{ waybillNo: '312345678901234' }]);
    expect(result!.events.map((e) => e.at)).toEqual(['2026-04-30T16:30:00.000Z', '2026-05-01T03:00:00.000Z']);
  });

  it('sorts steps that arrive newest first', async () => {
    const [result] = await fixedAnswer(answer([step('SIGNED', '2026-05-02 10:00:00'), step('GOT', '2026-05-01 10:00:00')])).track([
      { waybillNo: '312345678901234' },
    ]);
    expect(result!.events.map((e) => e.rawCode)).toEqual(['GOT', 'SIGNED']);
    expect(result!.status).toBe('DELIVERED');
  });

  it('refuses an unreadable time as a BadResponseError', async () => {
    const error = await fixedAnswer(answer([step('GOT', '2026-02-30 10:00:00')]))
      .track([{ waybillNo: '312345678901234' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
  });
});

describe('yunda track against the simulator', () => {
  it('tracks a moving parcel: sorted events, status, raw envelope', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result).toMatchObject({ waybillNo, carrierId: 'yunda', found: true, status: 'IN_TRANSIT' });
    expect(result!.events.map((e) => e.rawCode)).toEqual(['GOT', 'DEPARTURE']);
    expect(result!.events[0]!.at).toBe(new Date(s.clock.nowMs() - 10 * HOUR).toISOString());
    expect(result!.raw).toMatchObject({ result: true, data: { mailno: waybillNo } });
  });

  it('follows a parcel to delivery as the clock moves, through the pickup-point-free path', async () => {
    const s = setup();
    const waybillNo = s.seed(2, 'deliver');
    s.clock.advance(19 * HOUR);
    expect((await s.client.track([{ waybillNo }]))[0]!.status).toBe('OUT_FOR_DELIVERY');
    s.clock.advance(2 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.status).toBe('DELIVERED');
    expect(result!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
  });

  it('shows a refused parcel coming back: REJECTION, RETURN, then SIGNED read as RETURNED', async () => {
    const s = setup();
    const waybillNo = s.seed(3, 'buyer-refuses', 1);
    s.clock.advance(80 * HOUR);
    const [result] = await s.client.track([{ waybillNo }]);
    expect(result!.events.map((e) => `${e.rawCode}:${e.kind}`).slice(-4)).toEqual([
      'REJECTION:REJECTED',
      'RETURN:RETURNING',
      'DEPARTURE:IN_TRANSIT',
      'SIGNED:RETURNED',
    ]);
    expect(result!.status).toBe('RETURNED');
  });

  it('reports an unknown number as not found (success with no steps)', async () => {
    const s = setup();
    const [result] = await s.client.track([{ waybillNo: kit.waybill(99) }]);
    expect(result).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect(result!.raw).toBeDefined();
  });

  it('tracks several numbers one call each, in order', async () => {
    const s = setup();
    const numbers = [s.seed(4, 'deliver'), s.seed(5, 'delivered')];
    const results = await s.client.track(numbers.map((waybillNo) => ({ waybillNo })));
    expect(results.map((r) => [r.waybillNo, r.status])).toEqual([
      [numbers[0], 'IN_TRANSIT'],
      [numbers[1], 'DELIVERED'],
    ]);
    expect(s.sim.stats.requests).toBe(2);
  });

  it('answers wrong credentials with its own auth code, which the plugin reads as AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const error = await s.client.track([{ waybillNo: s.seed(6, 'deliver') }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe(YUNDA_SIM_AUTH_ERROR.code);
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('checks signatures with its own code: a tampered body, an unknown app key or a missing req-time is refused', async () => {
    const s = setup();
    const good = { 'app-key': YUNDA_SIM_CREDENTIALS.appKey, 'req-time': '1', sign: yundaSign(TRACK_BODY, YUNDA_SIM_CREDENTIALS.appSecret) };
    const send = (headers: Record<string, string>, body = TRACK_BODY) =>
      s.sim.handle({ method: 'POST', path: '/openapi/outer/logictis/query', query: {}, headers, body });
    expect(JSON.parse((await send(good)).body)).toMatchObject({ result: true });
    for (const response of [
      await send(good, '{"mailno":"312345678901235"}'),
      await send({ ...good, 'app-key': 'someone-else' }),
      await send({ 'app-key': good['app-key'], sign: good.sign }),
    ]) {
      expect(JSON.parse(response.body)).toMatchObject({ result: false, code: YUNDA_SIM_AUTH_ERROR.code });
    }
  });

  it('answers its quota with HTTP 429 and Retry-After, read as RateLimitedError', async () => {
    const s = setup({ quota: { perSecond: 1 } });
    const waybillNo = s.seed(7, 'deliver');
    await s.client.track([{ waybillNo }]);
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(1000);
    expect((error as RateLimitedError).carrierCode).toBe('HTTP 429');
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
    expect((malformed as BadResponseError).issues.map((i) => i.path)).toContain('result');
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });
});

describe('yunda subscription', () => {
  it('sends {orders:[{orderid, mailno}]} signed, and reports subscribed and refused numbers', async () => {
    const s = setup();
    const good = kit.waybill(30);
    const result = await subscribe(s.config, s.ctx, [{ waybillNo: good, orderId: 'SO-30' }, { waybillNo: '999' }]);
    expect(result.subscribed).toEqual([good]);
    expect(result.refused).toEqual([{ waybillNo: '999', message: '运单号格式错误' }]);
    expect(s.sim.subscriptions.get(good)).toBe('SO-30');
    expect(s.sim.stats.byOperation['/openapi/outer/logictis/subscribe']).toBe(1);
    expect(result.raw).toMatchObject({ result: true });
  });

  it('uses the waybill number as order id by default, and the signed body matches the known answer', async () => {
    const baseUrl = nextHost();
    let seen: { body: string; sign: unknown } | undefined;
    nock(baseUrl)
      .post(`/${YUNDA_APIS.subscribe}`)
      .reply(function (_uri, body) {
        seen = { body: typeof body === 'string' ? body : JSON.stringify(body), sign: this.req.headers.sign };
        return [200, JSON.stringify(fixture('yunda', 'subscribe-accepted-by-order-id'))];
      });
    const { config, ctx } = wire(baseUrl);
    const result = await subscribe(config, ctx, [{ waybillNo: '312345678901234', orderId: 'SO-1' }]);
    expect(seen).toEqual({ body: SUBSCRIBE_BODY, sign: SUBSCRIBE_SIGN });
    // An answer without mailno is matched on orderid.
    expect(result.subscribed).toEqual(['312345678901234']);
    const s = setup();
    await subscribe(s.config, s.ctx, [{ waybillNo: kit.waybill(31) }]);
    expect(s.sim.subscriptions.get(kit.waybill(31))).toBe(kit.waybill(31));
  });

  it('throws the typed error when the subscription is refused outright', async () => {
    const s = setup({ wrongCredentials: true });
    await expect(subscribe(s.config, s.ctx, [{ waybillNo: kit.waybill(32) }])).rejects.toBeInstanceOf(AuthError);
    const empty = setup();
    await expect(subscribe(empty.config, empty.ctx, [])).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
