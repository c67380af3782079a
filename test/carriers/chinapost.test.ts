// China Post platform plugins (ems, chinapost-express, chinapost-domestic): SM4 known answers, code tables, Beijing times, track and push end to end over nock.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import emsPlugin from '../../carriers/ems/index.ts';
import expressPlugin from '../../carriers/chinapost-express/index.ts';
import domesticPlugin from '../../carriers/chinapost-domestic/index.ts';
import { emsEventKind, type EmsClient } from '../../carriers/ems/client.ts';
import {
  EMS_API_CODES,
  EMS_ERRORS,
  EMS_UNCONFIRMED_AUTH_CODE,
  EVENT_KIND_BY_OP_CODE,
  EVENT_KIND_BY_OP_NAME,
  PUSH_ACCEPTS_EMPTY_SENDER_NO,
} from '../../carriers/ems/mapping.ts';
import { EMS_PRODUCTION_URL, EmsConfigSchema, type EmsConfig } from '../../carriers/ems/schemas.ts';
import { decryptLogitcsInterface, emsDecrypt, emsEncrypt, emsSm4Key, encryptLogitcsInterface } from '../../carriers/ems/sign.ts';
import * as expressSign from '../../carriers/chinapost-express/sign.ts';
import * as domesticMapping from '../../carriers/chinapost-domestic/mapping.ts';
import type { CarrierPlugin } from '../../src/carrier/define.ts';
import { detectCarriers } from '../../src/carrier/detect.ts';
import {
  AuthError,
  BadResponseError,
  CarrierTimeoutError,
  CarrierUnavailableError,
  errorFromTable,
  InvalidRequestError,
  PushRejectedError,
  RateLimitedError,
} from '../../src/carrier/errors.ts';
import { type EventKind, type PushRequest, TrackResultSchema } from '../../src/carrier/model.ts';
import { TestClock } from '../../src/clock/clock.ts';
import { fixture } from '../../mocks/kit/fixtures.ts';
import type { QuotaSettings } from '../../mocks/kit/quota.ts';
import type { SimulatorKit } from '../../mocks/kit/types.ts';
import { EMS_SIM_CREDENTIALS, type EmsPlatformSimulator, emsSimEncrypt, kit as emsKit, type EmsKitConfig } from '../../mocks/ems/index.ts';
import { kit as expressKit } from '../../mocks/chinapost-express/index.ts';
import { kit as domesticKit } from '../../mocks/chinapost-domestic/index.ts';
import { buildPluginClient, offlineNock, simHarness, type SimHarness, START } from './harness.ts';

// Known answers computed outside our code with OpenSSL 3.0 (SM4 built in), key = Base64("lanjie-sm4-key16"):
// K=bGFuamllLXNtNC1rZXkxNg==; HEX=$(printf '%s' "$K" | base64 -d | xxd -p)   # 6c616e6a69652d736d342d6b65793136
const TEST_KEY = 'bGFuamllLXNtNC1rZXkxNg==';
// printf '%s' "{\"waybillNo\":\"1100012345678\"}$K" | openssl enc -sm4-ecb -K $HEX -nosalt | base64 -w0
const TRACK_JSON = '{"waybillNo":"1100012345678"}';
const TRACK_CIPHER = '|$4|+49jCMiYAnyylJUfGpHu9RgfdmJYcmQ/kdR9odDG9fg6HCqwAU5oo2miUCkvWOQxhbMykvtBQqmK0dMb4jTSCg==';
// printf '%s' '{"waybillNo":"9800012345678","opCode":"305","opTime":"2024-06-01 10:00:05","opName":"离开处理中心","opDesc":"离开【北京处理中心】"}' | openssl enc -sm4-ecb -K $HEX -nosalt | base64 -w0
// (that JSON is mocks/ems/fixtures/push-route-item-departed.json, compact)
const PUSH_JSON = JSON.stringify(fixture('ems', 'push-route-item-departed'));
const PUSH_CIPHER =
  '|$4|gdywIbOgCNve3fI8KlMtIu3xvSitwQqDbbw728eUWS2VGHUE3/hCBX/Yq6GtWYvlnTN4Di3a7OQNchB7K2oocoEZFhjIZH8Sj1K+1kDFN3h+d9NqzYQEkJMGBF7/Du27N1xIcrg35jkN6JPJ7ZsIUSI9D4UDU2C9at/Lvwjz4reJuBhbJEYZgt1qLqgwjE/l99cqRG4p0GUxI/fMH9yzwg==';

const TEST_ACCOUNT = { senderNo: '1100000000099', authorization: 'test-authorization', signKey: TEST_KEY };

interface Variant {
  id: 'ems' | 'chinapost-express' | 'chinapost-domestic';
  plugin: CarrierPlugin<EmsConfig>;
  kit: SimulatorKit<EmsKitConfig>;
}

const VARIANTS: Variant[] = [
  { id: 'ems', plugin: emsPlugin, kit: emsKit },
  { id: 'chinapost-express', plugin: expressPlugin, kit: expressKit },
  { id: 'chinapost-domestic', plugin: domesticPlugin, kit: domesticKit },
];

type Setup = SimHarness<EmsPlatformSimulator, EmsClient, EmsConfig>;

let hostCounter = 0;

function setup(
  v: Variant,
  options: { wrongCredentials?: boolean; quota?: QuotaSettings; timeoutMs?: number; override?: Partial<EmsKitConfig> } = {},
): Setup {
  const { override, ...rest } = options;
  const baseUrl = `https://${v.id}-${++hostCounter}.sim.test/amp-prod-api/f/amp/api/open`;
  return simHarness<EmsConfig, EmsPlatformSimulator, EmsClient>(v.plugin, v.kit, { baseUrl, ...rest, config: override });
}

/** A plugin built on a hand-made nock answer (for envelopes the simulator does not produce). */
function withAnswer(v: Variant, answer: object | string, account: Partial<EmsKitConfig> = {}): { client: EmsClient; bodies: string[] } {
  const baseUrl = `https://${v.id}-${++hostCounter}.answer.test/amp-prod-api/f/amp/api/open`;
  const bodies: string[] = [];
  nock(new URL(baseUrl).origin)
    .post('/amp-prod-api/f/amp/api/open')
    .reply(200, (_uri, body) => {
      bodies.push(typeof body === 'string' ? body : JSON.stringify(body));
      return typeof answer === 'string' ? answer : JSON.stringify(answer);
    });
  const { client } = buildPluginClient<EmsConfig, EmsClient>(
    v.plugin,
    { ...v.kit.pluginConfig(baseUrl), ...account },
    new TestClock(START),
    () => 'fixed-id',
  );
  return { client, bodies };
}

function jsonPush(fields: Record<string, unknown>): PushRequest {
  return { headers: { 'content-type': 'application/json' }, query: {}, body: JSON.stringify(fields) };
}

offlineNock();

describe('SM4 envelope (sign.ts) against OpenSSL known answers', () => {
  it('encrypts the business JSON + signKey to the OpenSSL ciphertext, prefixed |$4|', () => {
    expect(encryptLogitcsInterface(TRACK_JSON, TEST_KEY)).toBe(TRACK_CIPHER);
    expect(emsEncrypt(TRACK_JSON + TEST_KEY, TEST_KEY)).toBe(TRACK_CIPHER);
  });

  it('decrypts an OpenSSL ciphertext, and strips the signKey suffix when present', () => {
    expect(emsDecrypt(PUSH_CIPHER, TEST_KEY)).toBe(PUSH_JSON);
    expect(decryptLogitcsInterface(PUSH_CIPHER, TEST_KEY)).toBe(PUSH_JSON);
    expect(emsDecrypt(TRACK_CIPHER, TEST_KEY)).toBe(TRACK_JSON + TEST_KEY);
    expect(decryptLogitcsInterface(TRACK_CIPHER, TEST_KEY)).toBe(TRACK_JSON);
  });

  it('puts back "+" turned into spaces by a form decoder', () => {
    expect(emsDecrypt(PUSH_CIPHER.replace(/\+/g, ' '), TEST_KEY)).toBe(PUSH_JSON);
  });

  it('returns null for a wrong key, a missing prefix, bad Base64 or a broken block length', () => {
    expect(emsDecrypt(PUSH_CIPHER, EMS_SIM_CREDENTIALS.signKey)).toBeNull();
    expect(emsDecrypt(PUSH_CIPHER.slice(4), TEST_KEY)).toBeNull();
    expect(emsDecrypt('|$4|***', TEST_KEY)).toBeNull();
    expect(emsDecrypt('|$4|AAAA', TEST_KEY)).toBeNull();
    expect(emsDecrypt('|$4|', TEST_KEY)).toBeNull();
  });

  it('needs a 16-byte key: the config schema refuses any other signKey', () => {
    expect(() => emsSm4Key(Buffer.alloc(15).toString('base64'))).toThrow(RangeError);
    const base = { baseUrl: 'https://x.test/', senderNo: 's', authorization: 'a' };
    expect(EmsConfigSchema.safeParse({ ...base, signKey: TEST_KEY }).success).toBe(true);
    expect(EmsConfigSchema.safeParse({ ...base, signKey: Buffer.alloc(24).toString('base64') }).success).toBe(false);
    expect(EmsConfigSchema.safeParse({ ...base, signKey: 'not base64 at all' }).success).toBe(false);
    expect(EmsConfigSchema.parse({ senderNo: 's', authorization: 'a', signKey: TEST_KEY }).baseUrl).toBe(EMS_PRODUCTION_URL);
  });

  it('the China Post products re-export the same platform code', () => {
    expect(expressSign.encryptLogitcsInterface).toBe(encryptLogitcsInterface);
    expect(domesticMapping.EVENT_KIND_BY_OP_CODE).toBe(EVENT_KIND_BY_OP_CODE);
  });
});

describe('code tables (mapping.ts)', () => {
  const classes: [string, EventKind][] = [
    ['305', 'IN_TRANSIT'],
    ['405', 'IN_TRANSIT'],
    ['457', 'IN_TRANSIT'],
    ['516', 'OUT_FOR_DELIVERY'],
    ['702', 'OUT_FOR_DELIVERY'],
    ['704', 'OUT_FOR_DELIVERY'],
    ['711', 'DELIVERED'],
    ['747', 'DELIVERED'],
    ['748', 'DELIVERED'],
  ];

  it.each(classes)('opCode %s is %s (inferred)', (code, kind) => {
    expect(EVENT_KIND_BY_OP_CODE[code]).toBe(kind);
    expect(emsEventKind(code, undefined)).toBe(kind);
  });

  it("the opCode table is exactly the reference's nine codes", () => {
    expect(Object.keys(EVENT_KIND_BY_OP_CODE).sort()).toEqual(classes.map(([c]) => c).sort());
  });

  it('收寄 by name is COLLECTED; the opCode wins over the name; anything else is UNKNOWN', () => {
    expect(EVENT_KIND_BY_OP_NAME).toEqual({ 收寄: 'COLLECTED' });
    expect(emsEventKind('SOMETHING', ' 收寄 ')).toBe('COLLECTED');
    expect(emsEventKind('711', '收寄')).toBe('DELIVERED');
    expect(emsEventKind('O_011', '特殊')).toBe('UNKNOWN');
    expect(emsEventKind('999', null)).toBe('UNKNOWN');
  });

  it('the (unconfirmed) auth code is an AuthError; any other retCode is an InvalidRequestError', () => {
    expect(errorFromTable('ems', EMS_ERRORS, EMS_UNCONFIRMED_AUTH_CODE, undefined, null)).toBeInstanceOf(AuthError);
    const other = errorFromTable('ems', EMS_ERRORS, 'B00001', '未知', null);
    expect(other).toBeInstanceOf(InvalidRequestError);
    expect(other.retryable).toBe(false);
  });

  it('push senderNo policy is a constant (empty accepted, as in the public sample)', () => {
    expect(PUSH_ACCEPTS_EMPTY_SENDER_NO).toBe(true);
  });
});

describe('the request on the wire', () => {
  it('is a form with the public fields, a Beijing timeStamp from the clock and the encrypted body (OpenSSL known answer)', async () => {
    const { client, bodies } = withAnswer(VARIANTS[0]!, fixture('ems', 'track-empty-response-items'), TEST_ACCOUNT);
    const [result] = await client.track([{ waybillNo: '1100012345678' }]);
    expect(result!.found).toBe(false);
    const form = Object.fromEntries(new URLSearchParams(bodies[0]!));
    expect(form).toEqual({
      apiCode: '040001',
      senderNo: TEST_ACCOUNT.senderNo,
      authorization: TEST_ACCOUNT.authorization,
      msgType: '0',
      // 2026-06-01T02:00:00Z is 10:00 in Beijing, whatever the host's TZ.
      timeStamp: '2026-06-01 10:00:00',
      version: 'V1.0.0',
      logitcsInterface: TRACK_CIPHER,
    });
    expect(EMS_API_CODES.track).toBe('040001');
  });
});

describe.each(VARIANTS)('$id over the platform simulator', (v) => {
  it('declares the shared platform: track batch 1, push, no interception (hubs), one client with its own id', () => {
    expect(v.plugin.id).toBe(v.id);
    expect(v.kit.carrierId).toBe(v.id);
    expect(v.plugin.capabilities.track).toMatchObject({ batchSize: 1, needsPhoneLast4: 'never' });
    expect(v.plugin.capabilities.intercept).toBe(false);
    expect(v.plugin.capabilities.cancelIntercept).toBe(false);
    expect(v.plugin.capabilities.push).toMatchObject({ auth: 'signature' });
    expect(v.plugin.limits.source).toBe('assumed');
    expect(v.plugin.notes).toMatch(/Kuaidi100/);
    expect(v.plugin.notes).toMatch(/Douyin/);
    const s = setup(v);
    expect(Object.keys(s.client).sort()).toEqual(['parsePush', 'track']);
    expect(s.sim.carrierId).toBe(v.id);
    expect(v.plugin.waybillPatterns.some((p) => p.pattern.test(v.kit.waybill(1)))).toBe(true);
  });

  it('track: a moving parcel gives sorted events in Beijing-parsed UTC, status and raw payload', async () => {
    const s = setup(v);
    const waybillNo = s.seed(1, 'deliver');
    const [result] = await s.client.track([{ waybillNo }]);
    expect(TrackResultSchema.parse(result)).toBeTruthy();
    expect(result!).toMatchObject({ waybillNo, carrierId: v.id, found: true, status: 'IN_TRANSIT' });
    expect(result!.events.map((e) => [e.kind, e.rawCode])).toEqual([
      ['COLLECTED', 'SIM-COLLECTED'],
      ['IN_TRANSIT', '305'],
    ]);
    // collected 10 h before START: 2026-05-31T16:00:00Z, rendered by the simulator as "2026-06-01 00:00:00" Beijing.
    expect(result!.events[0]!.at).toBe('2026-05-31T16:00:00.000Z');
    expect(result!.events[0]!.description).toContain('收寄');
    expect(result!.events[1]!.place).toBe('深圳转运中心');
    const raw = result!.raw as { envelope: { retCode: string; retBody: string }; retBody: { responseItems: { opTime: string }[] } };
    expect(raw.envelope.retCode).toBe('00000');
    expect(typeof raw.envelope.retBody).toBe('string');
    expect(raw.retBody.responseItems[0]!.opTime).toBe('2026-06-01 00:00:00');
  });

  it('track: out for delivery (702) and delivered (711) parcels', async () => {
    const s = setup(v);
    const moving = s.seed(2, 'deliver', 29);
    const delivered = s.seed(3, 'delivered');
    const [a] = await s.client.track([{ waybillNo: moving }]);
    const [b] = await s.client.track([{ waybillNo: delivered }]);
    expect(a!.status).toBe('OUT_FOR_DELIVERY');
    expect(b!.status).toBe('DELIVERED');
    expect(b!.events.at(-1)!.rawCode).toBe('711');
  });

  it('track: codes with no known meaning stay UNKNOWN with opName kept, and do not move the status', async () => {
    const s = setup(v);
    const waybillNo = s.seed(4, 'buyer-refuses', 40);
    const [result] = await s.client.track([{ waybillNo }]);
    const unknown = result!.events.filter((e) => e.kind === 'UNKNOWN');
    expect(unknown.map((e) => e.rawCode)).toEqual(['SIM-REFUSED', 'SIM-RETURNING']);
    expect(unknown[0]!.description).toContain('拒收');
    // The latest event with a known meaning is 702 (delivery stage).
    expect(result!.status).toBe('OUT_FOR_DELIVERY');
  });

  it('track: several inputs are queried one per call; an unknown number is NOT_FOUND', async () => {
    const s = setup(v);
    const known = s.seed(5, 'deliver');
    const results = await s.client.track([{ waybillNo: known }, { waybillNo: v.kit.waybill(99) }]);
    expect(results.map((r) => [r.waybillNo, r.found, r.status])).toEqual([
      [known, true, 'IN_TRANSIT'],
      [v.kit.waybill(99), false, 'NOT_FOUND'],
    ]);
    expect(s.sim.stats.requests).toBe(2);
  });

  it("auth: a wrong signKey is refused by decryption with the simulator's (unconfirmed) auth code → AuthError", async () => {
    const s = setup(v, { wrongCredentials: true });
    const waybillNo = s.seed(6, 'deliver');
    const error = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).carrierCode).toBe(EMS_UNCONFIRMED_AUTH_CODE);
    expect((error as AuthError).carrierId).toBe(v.id);
    expect(s.sim.stats.authErrors).toBe(1);
  });

  it('auth: a wrong authorization or senderNo is refused too', async () => {
    for (const override of [{ authorization: 'wrong' }, { senderNo: '999' }]) {
      const s = setup(v, { override });
      await expect(s.client.track([{ waybillNo: s.seed(7, 'deliver') }])).rejects.toBeInstanceOf(AuthError);
      nock.cleanAll();
    }
  });

  it('quota: the simulator answers HTTP 429 (no published code) → RateLimitedError', async () => {
    const s = setup(v);
    const waybillNo = s.seed(8, 'deliver');
    s.sim.faults.inject({ type: 'quota' });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(RateLimitedError);
    const windowed = setup(v, { quota: { perSecond: 1 } });
    const other = windowed.seed(9, 'deliver');
    await windowed.client.track([{ waybillNo: other }]);
    const error = await windowed.client.track([{ waybillNo: other }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).carrierCode).toBe('HTTP 429');
  });

  it('transport and shape errors: 503, malformed body, timeout', async () => {
    const s = setup(v, { timeoutMs: 100 });
    const waybillNo = s.seed(10, 'deliver');
    s.sim.faults.inject({ type: 'http-error', status: 503 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierUnavailableError);
    s.sim.faults.inject({ type: 'malformed' });
    const bad = await s.client.track([{ waybillNo }]).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadResponseError);
    expect((bad as BadResponseError).issues.map((i) => i.path)).toContain('retCode');
    s.sim.faults.inject({ type: 'delay', ms: 400 });
    await expect(s.client.track([{ waybillNo }])).rejects.toBeInstanceOf(CarrierTimeoutError);
  });

  it('envelopes: an unknown retCode is an InvalidRequestError with retMsg; retBody decoded or null is read; bad retBody JSON is a BadResponseError', async () => {
    const refused = await withAnswer(v, fixture('ems', 'error-unknown-ret-code'))
      .client.track([{ waybillNo: v.kit.waybill(1) }])
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect((refused as InvalidRequestError).message).toContain('参数错误');
    const items = [{ ...fixture('ems', 'route-item-delivered'), waybillNo: v.kit.waybill(1) }];
    const [decoded] = await withAnswer(v, { retCode: '00000', retBody: { responseItems: items } }).client.track([
      { waybillNo: v.kit.waybill(1) },
    ]);
    expect(decoded!).toMatchObject({ found: true, status: 'DELIVERED' });
    expect(decoded!.events[0]).toMatchObject({ at: '2024-06-01T02:00:05.000Z', rawCode: '711', description: '妥投：本人签收' });
    const [empty] = await withAnswer(v, fixture('ems', 'track-empty-null-body')).client.track([{ waybillNo: v.kit.waybill(1) }]);
    expect(empty!.found).toBe(false);
    await expect(
      withAnswer(v, { retCode: '00000', retBody: '{not json' }).client.track([{ waybillNo: v.kit.waybill(1) }]),
    ).rejects.toBeInstanceOf(BadResponseError);
    const badTime = [{ ...items[0], opTime: '01/06/2024' }];
    await expect(
      withAnswer(v, { retCode: '00000', retBody: JSON.stringify({ responseItems: badTime }) }).client.track([
        { waybillNo: v.kit.waybill(1) },
      ]),
    ).rejects.toBeInstanceOf(BadResponseError);
  });

  it('push: a genuine push decrypts into updates, with the exact reply (serialNo echoed, our senderNo)', () => {
    const s = setup(v);
    const a = s.seed(11, 'deliver');
    const b = s.seed(12, 'delivered');
    const parsed = s.client.parsePush(v.kit.push!(s.sim, [a, b], { config: s.config }));
    expect(parsed.updates.map((u) => [u.waybillNo, u.carrierId, u.events.length])).toEqual([
      [a, v.id, 2],
      [b, v.id, 5],
    ]);
    expect(parsed.updates[0]!.events[0]!.kind).toBe('COLLECTED');
    expect(parsed.updates[1]!.events.at(-1)!.kind).toBe('DELIVERED');
    expect(parsed.reply.status).toBe(200);
    expect(parsed.reply.contentType).toMatch(/^application\/json/);
    const push = v.kit.push!(s.sim, [a], { config: s.config });
    const sent = JSON.parse(push.body) as { serialNo: string };
    expect(s.client.parsePush(push).reply.body).toBe(
      JSON.stringify({ serialNo: sent.serialNo, code: '00000', codeMessage: '成功', senderNo: EMS_SIM_CREDENTIALS.senderNo }),
    );
  });

  it('push: one push per event (the single-object form) is read too', () => {
    const s = setup(v);
    const waybillNo = s.seed(13, 'deliver');
    const pushes = s.sim.pushes([waybillNo]);
    expect(pushes).toHaveLength(2);
    const kinds = pushes.map((p) => s.client.parsePush(p).updates[0]!.events[0]!.kind);
    expect(kinds).toEqual(['COLLECTED', 'IN_TRANSIT']);
  });

  it('push: encrypted with another key (forged) is refused with PushRejectedError', () => {
    const s = setup(v);
    const waybillNo = s.seed(14, 'deliver');
    expect(() => s.client.parsePush(v.kit.push!(s.sim, [waybillNo], { config: s.config, forged: true }))).toThrow(PushRejectedError);
  });

  it('push: another senderNo is refused; an empty senderNo (as in the public sample) is accepted', () => {
    const s = setup(v);
    const waybillNo = s.seed(15, 'deliver');
    const items = s.sim.routeItems(waybillNo);
    expect(() => s.client.parsePush(s.sim.buildPush(items, { senderNo: '1100000000777' }))).toThrow(PushRejectedError);
    expect(s.client.parsePush(s.sim.buildPush(items, { senderNo: '' })).updates[0]!.events).toHaveLength(2);
  });

  it('push: bodies that are not a readable push are refused', () => {
    const s = setup(v);
    const good = emsSimEncrypt(JSON.stringify(s.sim.routeItems(s.seed(16, 'deliver'))), EMS_SIM_CREDENTIALS.signKey);
    const reject = (request: PushRequest) => expect(() => s.client.parsePush(request)).toThrow(PushRejectedError);
    reject(jsonPush({ method: '040002', senderNo: EMS_SIM_CREDENTIALS.senderNo }));
    reject(jsonPush({ logitcsInterface: good, method: '040001' }));
    reject(jsonPush({ logitcsInterface: emsSimEncrypt('not json', EMS_SIM_CREDENTIALS.signKey), method: '040002' }));
    reject(jsonPush({ logitcsInterface: good.slice(4), method: '040002' }));
    reject({ headers: {}, query: {}, body: '{"logitcsInterface":' });
  });

  it('push: a form-encoded push, and a payload with the signKey appended, are read', () => {
    const s = setup(v);
    const items = s.sim.routeItems(s.seed(17, 'deliver'));
    const withSuffix = emsSimEncrypt(JSON.stringify(items) + EMS_SIM_CREDENTIALS.signKey, EMS_SIM_CREDENTIALS.signKey);
    const form = new URLSearchParams({
      logitcsInterface: withSuffix,
      method: '040002',
      msgType: '0',
      senderNo: EMS_SIM_CREDENTIALS.senderNo,
      serialNo: 'S1',
    }).toString();
    const parsed = s.client.parsePush({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body: form });
    expect(parsed.updates[0]!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT']);
    expect(JSON.parse(parsed.reply.body)).toMatchObject({ serialNo: 'S1' });
  });

  it('push: an OpenSSL-encrypted payload (known answer) gives a Beijing-parsed event; a bad opTime is a BadResponseError', () => {
    const { client } = withAnswer(v, {}, TEST_ACCOUNT);
    const parsed = client.parsePush(jsonPush({ logitcsInterface: PUSH_CIPHER, method: '040002', senderNo: TEST_ACCOUNT.senderNo }));
    expect(parsed.updates).toHaveLength(1);
    expect(parsed.updates[0]!.events).toEqual([
      { kind: 'IN_TRANSIT', at: '2024-06-01T02:00:05.000Z', description: '离开处理中心：离开【北京处理中心】', rawCode: '305' },
    ]);
    expect(JSON.parse(parsed.reply.body)).toMatchObject({ serialNo: 'fixed-id', senderNo: TEST_ACCOUNT.senderNo });
    const bad = emsSimEncrypt(JSON.stringify({ waybillNo: '9800012345678', opCode: '305', opTime: 'yesterday' }), TEST_KEY);
    expect(() => client.parsePush(jsonPush({ logitcsInterface: bad }))).toThrow(BadResponseError);
  });
});

describe('waybill detection across the three products', () => {
  const plugins = VARIANTS.map((v) => v.plugin);
  const ids = (no: string) => detectCarriers(no, plugins).map((c) => c.carrierId);

  it("splits the platform's 13-digit numbers by first digit and keeps the overlap as ranked candidates", () => {
    expect(ids('1100012345678')).toEqual(['ems']);
    expect(ids('9800012345678')).toEqual(['chinapost-domestic', 'chinapost-express']);
    expect(ids('8800012345678')).toEqual(['chinapost-domestic', 'chinapost-express', 'ems']);
    expect(ids('7800012345678')).toEqual([]);
  });

  it('letter-prefixed forms: S10 international for EMS, P… for China Post parcels', () => {
    expect(detectCarriers('EA123456789CN', plugins)).toEqual([
      { carrierId: 'ems', prefixed: true, confidence: 'C-src', pattern: '^[A-Z]{2}\\d{9}[A-Z]{2}$' },
    ]);
    expect(ids('PA12345678901')).toEqual(['chinapost-domestic', 'chinapost-express']);
  });
});
