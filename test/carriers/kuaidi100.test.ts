// Kuaidi100 hub plugin and simulator: signing vectors, code tables, Beijing times, and track / intercept / push / callback / work orders / subscribe / autonumber over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import plugin, { type Kuaidi100Config } from '../../carriers/kuaidi100/index.ts';
import { detectViaHub, KUAIDI100_PATHS, subscribe, type Kuaidi100Client } from '../../carriers/kuaidi100/client.ts';
import {
  CARRIER_BY_COM,
  COM_BY_CARRIER,
  EVENT_KIND_BY_STATE,
  EVENT_KIND_BY_STATUS_NAME,
  INTERCEPT_CALLBACK_OUTCOME,
  INTERCEPT_OUTCOME_BY_STATE,
  INTERCEPT_TYPE_BY_KIND,
  KUAIDI100_ERRORS,
  LABEL_ERRORS,
  PUSH_REPLY_BODY,
  QUERY_ERRORS,
  SERVED_CARRIERS,
  SUBSCRIBE_ERRORS,
  WORK_ORDER_STATE_BY_STATUS,
} from '../../carriers/kuaidi100/mapping.ts';
import { labelSign, pushSign, querySign, verifyPushSign } from '../../carriers/kuaidi100/sign.ts';
import {
  AuthError,
  BadResponseError,
  CarrierUnavailableError,
  errorFromTable,
  InvalidRequestError,
  NotFoundError,
  NotInterceptableError,
  NotSupportedError,
  PushRejectedError,
  RateLimitedError,
  type CarrierError,
  type ErrorKind,
} from '../../src/carrier/errors.ts';
import type { EventKind, PushRequest } from '../../src/carrier/model.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import { kit, KUAIDI100_SIM_CREDENTIALS, KUAIDI100_SIM_SALT, Kuaidi100Simulator } from '../../mocks/kuaidi100/index.ts';
import {
  SENDER_ADDRESS as ADDRESS,
  buildPluginClient,
  formPush as form,
  HOUR,
  offlineNock,
  recordRequests,
  simHarness,
  type SimHarness,
} from './harness.ts';

const BASE_URL = 'https://kuaidi100.sim.test/';

// Known answers computed outside our code:
// python3 -c "import hashlib;print(hashlib.md5(('{\"com\":\"zhongtong\",\"num\":\"75100000000001\",\"phone\":\"1234\",\"resultv2\":\"1\",\"show\":\"0\",\"order\":\"desc\"}'+'kd100-test-key'+'KD100TESTCUSTOMER').encode()).hexdigest().upper())"
const QUERY_PARAM = '{"com":"zhongtong","num":"75100000000001","phone":"1234","resultv2":"1","show":"0","order":"desc"}';
const QUERY_SIGN = 'BF4824E0AEF211E37DCAED6AF310421E';
// printf '%s' '{"kuaidicom":"zhongtong","kuaidinum":"75100000000001","interceptType":"RETURN_SEND_ADDR"}1780279200000kd100-test-keykd100-test-secret' | openssl dgst -md5 | awk '{print toupper($2)}'
const LABEL_PARAM = '{"kuaidicom":"zhongtong","kuaidinum":"75100000000001","interceptType":"RETURN_SEND_ADDR"}';
const LABEL_SIGN = '7670B4D222632B700BDFEAA6390AEB63';
// python3 -c "import hashlib;print(hashlib.md5(('{\"status\":\"polling\",\"message\":\"快递100\"}'+'test-salt').encode('utf-8')).hexdigest().upper())"
const PUSH_PARAM = '{"status":"polling","message":"快递100"}';
const PUSH_SIGN = 'D911E4823AE4FAA71A366FB9AB8F44BE';

type Setup = SimHarness<Kuaidi100Simulator, Kuaidi100Client, Kuaidi100Config>;

function setup(
  options: { wrongCredentials?: boolean; overrides?: Partial<Record<string, unknown>>; lockAfter?: number; quota?: QuotaSettings } = {},
): Setup {
  const { overrides, lockAfter, ...rest } = options;
  return simHarness<Kuaidi100Config, Kuaidi100Simulator, Kuaidi100Client>(plugin, kit, {
    baseUrl: BASE_URL,
    ...rest,
    config: overrides,
    simulator: (o) => new Kuaidi100Simulator({ ...o, lockAfter }),
  });
}

/** The plugin on a host answered by hand-written nock replies, on `s`'s clock. */
function rawClient(s: Setup, baseUrl: string): Kuaidi100Client {
  return buildPluginClient<Kuaidi100Config, Kuaidi100Client>(plugin, kit.pluginConfig(baseUrl), s.clock).client;
}

async function failure(promise: Promise<unknown>): Promise<CarrierError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  return error as CarrierError;
}

function signedPush(param: unknown, salt = KUAIDI100_SIM_SALT): PushRequest {
  const text = JSON.stringify(param);
  return form({ param: text, sign: pushSign(text, salt) });
}

const intercept = (
  waybillNo: string,
  key: string,
  kind: 'RETURN_TO_SENDER' | 'RETURN_TO_ORIGIN_STATION' | 'REDIRECT' = 'RETURN_TO_SENDER',
) => ({
  waybillNo,
  carrierId: 'zto' as string | undefined,
  kind,
  reason: '买家申请仅退款，拦截退回',
  idempotencyKey: key,
  phoneLast4: '1234',
  address: ADDRESS,
});

/** Records the form of the last request the simulator received. */
function capture(s: Setup): { readonly form: Record<string, string> } {
  const seen = recordRequests(s.sim);
  return {
    get form() {
      const last = seen.at(-1);
      return last ? Object.fromEntries(new URLSearchParams(last.body)) : {};
    },
  };
}

offlineNock();

describe('kuaidi100 signing', () => {
  it('query sign = UPPER(hexMD5(param + key + customer)) matches the known answer', () => {
    expect(querySign(QUERY_PARAM, 'kd100-test-key', 'KD100TESTCUSTOMER')).toBe(QUERY_SIGN);
  });

  it('label/order sign = UPPER(hexMD5(param + t + key + secret)) matches the known answer', () => {
    expect(labelSign(LABEL_PARAM, '1780279200000', 'kd100-test-key', 'kd100-test-secret')).toBe(LABEL_SIGN);
  });

  it('push sign = UPPER(hexMD5(param + salt)) matches the known answer (UTF-8 text), and verification ignores case only', () => {
    expect(pushSign(PUSH_PARAM, 'test-salt')).toBe(PUSH_SIGN);
    expect(verifyPushSign(PUSH_PARAM, 'test-salt', PUSH_SIGN)).toBe(true);
    expect(verifyPushSign(PUSH_PARAM, 'test-salt', PUSH_SIGN.toLowerCase())).toBe(true);
    expect(verifyPushSign(PUSH_PARAM, 'other-salt', PUSH_SIGN)).toBe(false);
    expect(verifyPushSign(PUSH_PARAM, 'test-salt', 'short')).toBe(false);
  });
});

describe('kuaidi100 tables', () => {
  it('serves the 13 carriers of DESIGN §2.2 with their company codes', () => {
    expect([...SERVED_CARRIERS].sort()).toEqual([
      'best',
      'chinapost-domestic',
      'chinapost-express',
      'deppon',
      'ems',
      'fengwang',
      'jt',
      'sf',
      'sto',
      'yto',
      'yto-freight',
      'yunda',
      'zto',
    ]);
    expect(plugin.servesCarriers).toEqual(SERVED_CARRIERS);
    const coms = Object.fromEntries(Object.entries(COM_BY_CARRIER).map(([id, { com }]) => [id, com]));
    expect(coms).toEqual({
      zto: 'zhongtong',
      yto: 'yuantong',
      yunda: 'yunda',
      sto: 'shentong',
      sf: 'shunfeng',
      'chinapost-express': 'youzhengbk',
      best: 'huitongkuaidi',
      jt: 'jtexpress',
      ems: 'ems',
      fengwang: 'fengwang',
      deppon: 'debangkuaidi',
      'chinapost-domestic': 'youzhengguonei',
      'yto-freight': 'yuantongkuaiyun',
    });
    expect(COM_BY_CARRIER['chinapost-express']!.confidence).toBe('I');
    for (const [id, { com }] of Object.entries(COM_BY_CARRIER)) expect(CARRIER_BY_COM[com]).toBe(id);
  });

  it('maps every state of reference §19.3 to its unified kind', () => {
    const expected: Record<string, EventKind> = {
      '0': 'IN_TRANSIT',
      '1': 'COLLECTED',
      '2': 'EXCEPTION',
      '3': 'DELIVERED',
      '4': 'RETURNED',
      '5': 'OUT_FOR_DELIVERY',
      '6': 'RETURNING',
      '7': 'REDIRECTED',
      '8': 'CUSTOMS',
      '10': 'CUSTOMS',
      '11': 'CUSTOMS',
      '12': 'CUSTOMS',
      '13': 'CUSTOMS',
      '14': 'REJECTED',
      '101': 'INFO_RECEIVED',
      '102': 'INFO_RECEIVED',
      '103': 'COLLECTED',
      '1001': 'ARRIVED_DEST_CITY',
      '1002': 'IN_TRANSIT',
      '1003': 'REDIRECTED',
      '501': 'AT_PICKUP_POINT',
      '301': 'DELIVERED',
      '302': 'DELIVERED',
      '303': 'DELIVERED',
      '304': 'DELIVERED',
      '401': 'CANCELLED',
    };
    expect(EVENT_KIND_BY_STATE).toEqual(expected);
    // Every status name maps to a kind the code table also uses.
    const kinds = new Set(Object.values(EVENT_KIND_BY_STATE));
    for (const kind of Object.values(EVENT_KIND_BY_STATUS_NAME)) expect(kinds.has(kind)).toBe(true);
    expect(EVENT_KIND_BY_STATUS_NAME['退回']).toBe('RETURNING');
    expect(EVENT_KIND_BY_STATUS_NAME['拒签']).toBe('REJECTED');
  });

  it('states 6 and 4 say the interception succeeded, 14 that it failed; the inferred callback uses 200/201', () => {
    expect(INTERCEPT_OUTCOME_BY_STATE).toEqual({ '6': 'SUCCEEDED', '4': 'SUCCEEDED', '14': 'FAILED' });
    expect(INTERCEPT_CALLBACK_OUTCOME).toEqual({ '200': 'SUCCEEDED', '201': 'FAILED' });
  });

  it('maps intercept kinds to interceptType, and offers no RETURN_TO_ADDRESS', () => {
    expect(INTERCEPT_TYPE_BY_KIND).toEqual({
      RETURN_TO_SENDER: 'RETURN_SEND_ADDR',
      RETURN_TO_ORIGIN_STATION: 'RETURN_SEND_STATION',
      REDIRECT: 'MODIFY_ADDR',
    });
    expect(plugin.capabilities.intercept && plugin.capabilities.intercept.kinds).toEqual([
      'RETURN_TO_SENDER',
      'RETURN_TO_ORIGIN_STATION',
      'REDIRECT',
    ]);
  });

  it('classifies every error-table entry as its kind says', () => {
    const classOf: Record<ErrorKind, new (...args: never[]) => Error> = {
      auth: AuthError,
      invalid: InvalidRequestError,
      not_found: NotFoundError,
      not_interceptable: NotInterceptableError,
      not_supported: NotSupportedError,
      rate_limited: RateLimitedError,
      unavailable: CarrierUnavailableError,
      timeout: Error,
    };
    for (const table of [QUERY_ERRORS, LABEL_ERRORS, SUBSCRIBE_ERRORS]) {
      for (const [code, entry] of Object.entries(table)) {
        const error = errorFromTable('kuaidi100', table, code, undefined, null);
        expect(error, code).toBeInstanceOf(classOf[entry.kind]);
        expect(error.carrierCode).toBe(code);
      }
    }
    expect(KUAIDI100_ERRORS['503']!.kind).toBe('auth');
    expect(KUAIDI100_ERRORS['30002']!.kind).toBe('auth');
    expect(KUAIDI100_ERRORS['502']!.kind).toBe('rate_limited');
    expect(KUAIDI100_ERRORS['500']!.kind).toBe('not_found');
    expect(Object.keys(WORK_ORDER_STATE_BY_STATUS)).toEqual(['0', '1', '2', '3']);
  });

  it('declares the shared quota and the 48-queries-per-day lock', () => {
    expect(plugin.kind).toBe('hub');
    expect(plugin.limits.perNumber).toEqual({ max: 48, windowMs: 24 * HOUR });
    expect(plugin.capabilities.track).toMatchObject({ batchSize: 1 });
    expect(plugin.capabilities.intercept).toMatchObject({ idempotencyKey: false });
    expect(plugin.capabilities.cancelIntercept).toBe(false);
    expect(plugin.capabilities.push).toMatchObject({ auth: 'signature' });
    expect(plugin.capabilities.complaint).toEqual({ confidence: 'I' });
  });
});

describe('kuaidi100 track', () => {
  it('queries one number with a signed form, maps detailed states and keeps raw', async () => {
    const s = setup();
    const waybillNo = s.seed(1, 'deliver', 29);
    const sent = capture(s);
    const [result] = await s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]);
    expect(JSON.parse(sent.form.param ?? '{}')).toMatchObject({ com: 'zhongtong', num: waybillNo, phone: '1234', resultv2: '1' });
    expect(result!.found).toBe(true);
    expect(result!.carrierId).toBe('kuaidi100');
    expect(result!.events.map((e) => [e.kind, e.rawCode])).toEqual([
      ['COLLECTED', '103'],
      ['IN_TRANSIT', '1002'],
      ['ARRIVED_DEST_CITY', '1001'],
      ['OUT_FOR_DELIVERY', '5'],
    ]);
    expect(result!.status).toBe('OUT_FOR_DELIVERY');
    expect(result!.events[0]!.place).toBe('深圳宝安营业点');
    expect((result!.raw as { nu: string }).nu).toBe(waybillNo);
    expect(s.sim.stats.byOperation.query).toBe(1);
  });

  it('parses Beijing times explicitly as +08:00 and sorts newest-first answers', async () => {
    const s = setup();
    nock('https://raw.kuaidi100.test').post('/poll/query.do').reply(200, fixture('kuaidi100', 'track-newest-first'));
    const client = rawClient(s, 'https://raw.kuaidi100.test');
    const [result] = await client.track([{ waybillNo: '75100000000001', carrierId: 'zto' }]);
    expect(result!.events.map((e) => [e.at, e.kind])).toEqual([
      ['2024-05-31T19:00:00.000Z', 'COLLECTED'],
      ['2024-06-01T02:00:05.000Z', 'IN_TRANSIT'],
    ]);
    expect(result!.events[0]!.place).toBe('广东,深圳市');
  });

  it('an unreadable event time is a BadResponseError', async () => {
    const s = setup();
    nock('https://raw.kuaidi100.test').post('/poll/query.do').reply(200, fixture('kuaidi100', 'track-unreadable-time'));
    const client = rawClient(s, 'https://raw.kuaidi100.test');
    expect(await failure(client.track([{ waybillNo: '75100000000001', carrierId: 'zto' }]))).toBeInstanceOf(BadResponseError);
  });

  it('needs a known carrierId, and the phone digits for SF and Fengwang, before any call', async () => {
    const s = setup();
    const waybillNo = s.seed(2, 'deliver');
    const missing = await failure(s.client.track([{ waybillNo }]));
    expect(missing).toBeInstanceOf(InvalidRequestError);
    expect(missing.message).toContain('carrierId');
    const unknown = await failure(s.client.track([{ waybillNo, carrierId: 'dhl' }]));
    expect(unknown).toBeInstanceOf(InvalidRequestError);
    expect(unknown.message).toContain('"dhl"');
    const sf = await failure(s.client.track([{ waybillNo: 'SF1234567890123', carrierId: 'sf' }]));
    expect(sf).toBeInstanceOf(InvalidRequestError);
    expect(sf.message).toContain('sf');
    expect(s.sim.stats.requests).toBe(0);
  });

  it('an unknown number is found: false (returnCode 500); a wrong phone is an invalid request (408)', async () => {
    const s = setup();
    const [none] = await s.client.track([{ waybillNo: kit.waybill(77), carrierId: 'zto', phoneLast4: '1234' }]);
    expect(none).toMatchObject({ found: false, status: 'NOT_FOUND', events: [] });
    expect((none!.raw as { returnCode: string }).returnCode).toBe('500');
    const waybillNo = s.seed(3, 'deliver');
    const wrong = await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '9999' }]));
    expect(wrong).toBeInstanceOf(InvalidRequestError);
    expect(wrong.carrierCode).toBe('408');
  });

  it('the simulator refuses a bad sign with 503 and the plugin throws AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(4, 'deliver');
    const error = await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.carrierCode).toBe('503');
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('a quota answer (502 服务器繁忙, our choice) is a RateLimitedError from the error table', async () => {
    const s = setup();
    const waybillNo = s.seed(5, 'deliver');
    s.sim.faults.inject({ type: 'quota' });
    const error = await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.carrierCode).toBe('502');
    expect((error as RateLimitedError).retryAfterMs).toBe(1_000);
  });

  it('a quota window of the simulator itself is answered the same way', async () => {
    const { clock, sim, client } = setup({ quota: { perSecond: 1 } });
    const waybillNo = kit.waybill(6);
    sim.world.add({ waybillNo, fate: 'deliver', collectedAt: clock.nowMs() - 10 * HOUR });
    await client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]);
    expect(await failure(client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]))).toBeInstanceOf(RateLimitedError);
    expect(sim.stats.quotaErrors).toBe(1);
  });

  it('more than 48 queries of one number in 24 h lock it for 24 h (final for that number, not an account pause)', async () => {
    const s = setup();
    const waybillNo = s.seed(7, 'deliver');
    const other = s.seed(8, 'deliver');
    for (let i = 0; i < 48; i++) {
      const [r] = await s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]);
      expect(r!.found).toBe(true);
      s.clock.advance(60_000);
    }
    const locked = await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]));
    expect(locked).toBeInstanceOf(InvalidRequestError);
    expect(locked.retryable).toBe(false);
    expect(locked.carrierCode).toBe('429');
    // Other numbers are not affected.
    const [free] = await s.client.track([{ waybillNo: other, carrierId: 'zto', phoneLast4: '1234' }]);
    expect(free!.found).toBe(true);
    s.clock.advance(23 * HOUR);
    expect(await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]))).toBeInstanceOf(InvalidRequestError);
    s.clock.advance(HOUR + 1);
    const [again] = await s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]);
    expect(again!.found).toBe(true);
  });

  it('a malformed answer is a BadResponseError with issues', async () => {
    const s = setup();
    const waybillNo = s.seed(9, 'deliver');
    s.sim.faults.inject({ type: 'malformed' });
    const error = await failure(s.client.track([{ waybillNo, carrierId: 'zto', phoneLast4: '1234' }]));
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).issues.length).toBeGreaterThan(0);
  });
});

describe('kuaidi100 interceptOrder', () => {
  it('a moving parcel is ACCEPTED with the task id; the form is signed and carries salt, callbackUrl and orderId', async () => {
    const s = setup();
    const waybillNo = s.seed(20, 'deliver');
    const captured = capture(s);
    const result = await s.client.intercept(intercept(waybillNo, 'kd100-accept-1'));
    const sent = captured.form;
    expect(result.state).toBe('ACCEPTED');
    expect(result.carrierRef).toMatch(/^KD100T\d{10}$/);
    expect(result.carrierCode).toBe('200');
    expect(sent).toMatchObject({ method: 'interceptOrder', key: KUAIDI100_SIM_CREDENTIALS.key, t: String(s.clock.nowMs()) });
    expect(sent.sign).toBe(labelSign(sent.param!, sent.t!, KUAIDI100_SIM_CREDENTIALS.key, KUAIDI100_SIM_CREDENTIALS.secret));
    expect(JSON.parse(sent.param!)).toMatchObject({
      kuaidicom: 'zhongtong',
      kuaidinum: waybillNo,
      interceptType: 'RETURN_SEND_ADDR',
      orderId: 'kd100-accept-1',
      orderRole: '1',
      salt: KUAIDI100_SIM_SALT,
      callbackUrl: 'https://lanjie.sandbox.test/push/kuaidi100',
    });
    expect(s.sim.world.get(waybillNo)!.interception).toMatchObject({ state: 'ACCEPTED', kind: 'RETURN_SEND_ADDR' });
  });

  it('REDIRECT sends recManInfo; RETURN_TO_ORIGIN_STATION sends RETURN_SEND_STATION', async () => {
    const s = setup();
    const a = s.seed(21, 'deliver');
    const b = s.seed(22, 'deliver');
    expect((await s.client.intercept(intercept(a, 'kd100-redirect-1', 'REDIRECT'))).state).toBe('ACCEPTED');
    expect(s.sim.world.get(a)!.interception!.kind).toBe('MODIFY_ADDR');
    expect((await s.client.intercept(intercept(b, 'kd100-station-1', 'RETURN_TO_ORIGIN_STATION'))).state).toBe('ACCEPTED');
    expect(s.sim.world.get(b)!.interception!.kind).toBe('RETURN_SEND_STATION');
  });

  it('refusals: delivered, duplicate (no idempotency key), unknown number', async () => {
    const s = setup();
    const delivered = s.seed(23, 'delivered');
    const refused = await failure(s.client.intercept(intercept(delivered, 'kd100-refuse-1')));
    expect(refused).toBeInstanceOf(NotInterceptableError);
    expect((refused as NotInterceptableError).refusal).toBe('ALREADY_DELIVERED');
    expect(refused.carrierCode).toBe('400');
    const moving = s.seed(24, 'deliver');
    await s.client.intercept(intercept(moving, 'kd100-dup-1'));
    const again = await failure(s.client.intercept(intercept(moving, 'kd100-dup-1')));
    expect((again as NotInterceptableError).refusal).toBe('DUPLICATE');
    const unknown = await failure(s.client.intercept(intercept(kit.waybill(999), 'kd100-unknown-1')));
    expect((unknown as NotInterceptableError).refusal).toBe('UNKNOWN_WAYBILL');
    expect(unknown.carrierCode).toBe('30009');
    const notCollected = s.seed(25, 'not-collected');
    expect(((await failure(s.client.intercept(intercept(notCollected, 'kd100-nc-1')))) as NotInterceptableError).refusal).toBe(
      'NOT_COLLECTED',
    );
  });

  it('a wrong key is 30003 and a wrong secret 30002: both AuthError', async () => {
    const s = setup({ wrongCredentials: true });
    const waybillNo = s.seed(26, 'deliver');
    const wrongKey = await failure(s.client.intercept(intercept(waybillNo, 'kd100-auth-1')));
    expect(wrongKey).toBeInstanceOf(AuthError);
    expect(wrongKey.carrierCode).toBe('30003');
    const t = setup({ overrides: { secret: 'not-the-secret' } });
    const other = t.seed(27, 'deliver');
    const wrongSecret = await failure(t.client.intercept(intercept(other, 'kd100-auth-2')));
    expect(wrongSecret).toBeInstanceOf(AuthError);
    expect(wrongSecret.carrierCode).toBe('30002');
  });

  it('ZTO needs a callbackUrl; a missing carrierId is named', async () => {
    const s = setup({ overrides: { callbackUrl: undefined } });
    const waybillNo = s.seed(28, 'deliver');
    const noCallback = await failure(s.client.intercept(intercept(waybillNo, 'kd100-cb-1')));
    expect(noCallback).toBeInstanceOf(InvalidRequestError);
    expect(noCallback.message).toContain('callbackUrl');
    const { carrierId: _dropped, ...withoutCarrier } = intercept(waybillNo, 'kd100-cb-2');
    const noCarrier = await failure(s.client.intercept(withoutCarrier));
    expect(noCarrier).toBeInstanceOf(InvalidRequestError);
    expect(noCarrier.message).toContain('carrierId');
    expect(s.sim.stats.requests).toBe(0);
  });

  it('a quota answer on the api host is HTTP 429 (our choice): RateLimitedError', async () => {
    const s = setup();
    const waybillNo = s.seed(29, 'deliver');
    s.sim.faults.inject({ type: 'quota' });
    expect(await failure(s.client.intercept(intercept(waybillNo, 'kd100-quota-1')))).toBeInstanceOf(RateLimitedError);
  });
});

describe('kuaidi100 pushes and the interception callback', () => {
  it('a subscription push gives the events and the exact reply', () => {
    const s = setup();
    const waybillNo = s.seed(40, 'deliver');
    const parsed = s.client.parsePush(s.sim.buildPush(waybillNo, { salt: KUAIDI100_SIM_SALT }));
    expect(parsed.reply).toEqual({
      status: 200,
      contentType: 'application/json;charset=UTF-8',
      body: '{"result":true,"returnCode":"200","message":"提交成功"}',
    });
    expect(parsed.reply.body).toBe(PUSH_REPLY_BODY);
    expect(parsed.updates).toHaveLength(1);
    expect(parsed.updates[0]).toMatchObject({ waybillNo, carrierId: 'kuaidi100' });
    expect(parsed.updates[0]!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT']);
    expect(parsed.updates[0]!.interceptOutcome).toBeUndefined();
  });

  it('forged, unsigned or incomplete pushes are refused', () => {
    const s = setup();
    const waybillNo = s.seed(41, 'deliver');
    expect(() => s.client.parsePush(s.sim.buildPush(waybillNo, { salt: KUAIDI100_SIM_SALT, forged: true }))).toThrow(PushRejectedError);
    expect(() => s.client.parsePush(form({ param: '{"status":"polling"}' }))).toThrow(PushRejectedError);
    expect(() => s.client.parsePush(form({ param: '{"status":"polling"}', sign: 'AAAA' }))).toThrow(PushRejectedError);
  });

  it('tracking states 6 and 4 say the interception succeeded, 14 that it failed', () => {
    const s = setup();
    type Polling = { lastResult: { data: Record<string, unknown>[] } };
    /** The push of mocks/kuaidi100/fixtures/push-polling-returned.json with its state and latest event replaced. */
    const result = (state: string, status: string) => {
      const base = fixture<Polling>('kuaidi100', 'push-polling-returned');
      const [latest, ...earlier] = base.lastResult.data;
      return {
        ...base,
        lastResult: { ...base.lastResult, state, data: [{ ...latest, context: status, status, statusCode: state }, ...earlier] },
      };
    };
    const returning = s.client.parsePush(signedPush(result('6', '退回'))).updates[0]!;
    expect(returning.interceptOutcome).toBe('SUCCEEDED');
    expect(returning.events.map((e) => e.kind)).toEqual(['COLLECTED', 'RETURNING']);
    expect(s.client.parsePush(signedPush(result('4', '退签'))).updates[0]!.interceptOutcome).toBe('SUCCEEDED');
    const refused = s.client.parsePush(signedPush(result('14', '拒签'))).updates[0]!;
    expect(refused.interceptOutcome).toBe('FAILED');
    expect(refused.events[1]!.kind).toBe('REJECTED');
    expect(s.client.parsePush(signedPush(result('0', '在途'))).updates[0]!.interceptOutcome).toBeUndefined();
  });

  it('an abort push without a result is acknowledged with no update', () => {
    const s = setup();
    const parsed = s.client.parsePush(signedPush(fixture('kuaidi100', 'push-abort-no-record')));
    expect(parsed.updates).toEqual([]);
    expect(parsed.reply.body).toBe(PUSH_REPLY_BODY);
  });

  it('the inferred interception callback: success once the parcel turns back, failure when delivered anyway', async () => {
    const s = setup();
    const back = s.seed(42, 'deliver');
    const anyway = s.seed(43, 'intercept-then-delivered');
    await s.client.intercept(intercept(back, 'kd100-cb-ok-1'));
    await s.client.intercept(intercept(anyway, 'kd100-cb-fail-1'));
    expect(s.sim.buildInterceptCallback(back)).toBeUndefined();
    s.clock.advance(24 * HOUR);
    const success = s.client.parsePush(s.sim.buildInterceptCallback(back)!);
    expect(success.updates).toEqual([
      expect.objectContaining({ waybillNo: back, carrierId: 'kuaidi100', events: [], interceptOutcome: 'SUCCEEDED' }),
    ]);
    expect((success.updates[0]!.raw as { taskId: string }).taskId).toMatch(/^KD100T/);
    expect(success.reply.body).toBe(PUSH_REPLY_BODY);
    const failed = s.client.parsePush(s.sim.buildInterceptCallback(anyway)!);
    expect(failed.updates[0]!.interceptOutcome).toBe('FAILED');
    expect(() => s.client.parsePush(s.sim.buildInterceptCallback(back, { forged: true })!)).toThrow(PushRejectedError);
  });

  it('subscribe registers the number with our callback URL and salt; its pushes verify; a repeat is 501', async () => {
    const s = setup();
    const waybillNo = s.seed(44, 'deliver');
    const { http } = s.ctx;
    const first = await subscribe(http, s.config, { waybillNo, carrierId: 'zto', phoneLast4: '1234' });
    expect(first).toMatchObject({ alreadySubscribed: false, returnCode: '200' });
    expect(s.sim.subscriptions.get(waybillNo)).toEqual({
      company: 'zhongtong',
      number: waybillNo,
      callbackurl: 'https://lanjie.sandbox.test/push/kuaidi100',
      salt: KUAIDI100_SIM_SALT,
    });
    const parsed = s.client.parsePush(s.sim.buildPush(waybillNo));
    expect(parsed.updates[0]!.events.length).toBeGreaterThan(0);
    expect((await subscribe(http, s.config, { waybillNo, carrierId: 'zto' })).alreadySubscribed).toBe(true);
    const bad = setup({ wrongCredentials: true });
    const error = await failure(subscribe(bad.ctx.http, bad.config, { waybillNo, carrierId: 'zto' }));
    expect(error).toBeInstanceOf(AuthError);
    expect(error.carrierCode).toBe('600');
    expect(KUAIDI100_PATHS.subscribe).toBe('poll');
  });
});

describe('kuaidi100 autonumber', () => {
  it('detectViaHub returns Kuaidi100 candidates with our ids', async () => {
    const s = setup();
    const { http } = s.ctx;
    const zto = await detectViaHub(http, s.config, '73100196611386');
    expect(zto.candidates).toEqual([{ com: 'zhongtong', name: '中通快递', carrierId: 'zto' }]);
    const post = await detectViaHub(http, s.config, '9876543210123');
    expect(post.candidates.map((c) => c.carrierId)).toEqual(['ems', 'chinapost-domestic']);
    expect((await detectViaHub(http, s.config, 'XX')).candidates).toEqual([]);
    const bad = setup({ wrongCredentials: true });
    expect(await failure(detectViaHub(http, bad.config, '73100196611386'))).toBeInstanceOf(AuthError);
  });
});

describe('kuaidi100 work orders', () => {
  it('files a complaint, then reads its status and Kuaidi100 replies', async () => {
    const s = setup({ overrides: { workOrderSecondType: 7 } });
    const waybillNo = s.seed(60, 'deliver');
    const filed = await s.client.fileComplaint({
      waybillNo,
      carrierId: 'zto',
      kind: 'NOT_RETURNED',
      description: '拦截已受理 7 天，快件仍未退回',
      contactName: '售后',
      contactPhone: '13800000000',
      claimFen: 12_345,
      idempotencyKey: 'kd100-complaint-1',
    });
    expect(filed.state).toBe('OPEN');
    const order = s.sim.workOrders.get(filed.ref)!;
    expect(order.kuaidinum).toBe(waybillNo);
    expect(order.secondType).toBe(7);
    expect(order.content).toContain('拦截后快件未退回');
    expect(order.content).toContain('123.45元');
    expect((await s.client.complaintStatus(filed.ref)).state).toBe('OPEN');
    s.clock.set('2026-06-03T04:00:00.000Z');
    s.sim.answerWorkOrder(filed.ref, '已联系网点，同意赔付', 'resolved');
    const status = await s.client.complaintStatus(filed.ref);
    expect(status.state).toBe('RESOLVED');
    expect(status.messages).toEqual([{ at: '2026-06-03T04:00:00.000Z', from: 'kuaidi100', text: '已联系网点，同意赔付' }]);
    expect(status.raw).toBeDefined();
    const unknown = await failure(s.client.complaintStatus('123'));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect(unknown.carrierCode).toBe('30009');
  });

  it('a bad sign on the work-order API is an AuthError', async () => {
    const s = setup({ overrides: { secret: 'not-the-secret' } });
    const error = await failure(
      s.client.fileComplaint({ waybillNo: kit.waybill(61), kind: 'OTHER', description: 'x', idempotencyKey: 'kd100-complaint-2' }),
    );
    expect(error).toBeInstanceOf(AuthError);
  });
});

describe('kuaidi100 kit', () => {
  it('gives distinct valid ZTO numbers and the hub carrier id', () => {
    const numbers = [0, 1, 2, 99, 123456].map((n) => kit.waybill(n));
    for (const n of numbers) expect(n).toMatch(/^7[3-68]\d{12}$/);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(kit.hubCarrierId).toBe('zto');
    expect(kit.carrierId).toBe(plugin.id);
  });
});

// The shared contract, run here too until the plugin is registered in carriers/index.ts and mocks/index.ts.
