// The Douyin hub plugin: signing known answers, canonical param_json, code tables, intercept and track against the simulator.
import { describe, expect, it } from 'vitest';
import { createCarrierHttp } from '../../src/carrier/http.ts';
import { InvalidRequestError, NotSupportedError, CarrierUnavailableError } from '../../src/carrier/errors.ts';
import { TestClock } from '../../src/clock/index.ts';
import plugin from '../../carriers/douyin/index.ts';
import { createDouyinApi, envelopeError } from '../../carriers/douyin/client.ts';
import {
  DOUYIN_COMPANY_CODES,
  carrierIdOfCompany,
  companyCodeOf,
  errorCodeOf,
  refusalOf,
  routeKind,
} from '../../carriers/douyin/mapping.ts';
import { canonicalParamJson, douyinEventSign, douyinSign, methodOfPath, verifyDouyinEventSign } from '../../carriers/douyin/sign.ts';
import { SEED_CARRIER_IDS } from '../../src/cases/index.ts';
import { DouyinSimulator, douyinSandboxConfig } from '../../mocks/douyin/index.ts';
import { mountOnNock } from '../../mocks/kit/nock.ts';

const START = '2026-06-01T02:00:00.000Z';
const HOUR = 3_600_000;

function setup(baseUrl: string, options: { wrongCredentials?: boolean } = {}) {
  const clock = new TestClock(START);
  const sim = new DouyinSimulator({ clock });
  mountOnNock(sim, baseUrl);
  const config = plugin.configSchema!.parse(douyinSandboxConfig(baseUrl, options));
  const http = createCarrierHttp('douyin', { baseUrl, timeoutMs: 2_000 });
  const client = plugin.create!(config, { http, clock, newId: () => crypto.randomUUID() });
  return { clock, sim, client, api: createDouyinApi(config, { http, clock }) };
}

describe('douyin signing', () => {
  it('request sign matches an outside HMAC-SHA256', () => {
    // printf '%s' 'secret-0123app_keyapp-123methodafterSale.operateparam_json{"items":[{"aftersale_id":"7001","update_time":1717207205}],"type":201}timestamp1717207205v2secret-0123' | openssl dgst -sha256 -hmac 'secret-0123'
    const paramJson = canonicalParamJson({ type: 201, items: [{ update_time: 1717207205, aftersale_id: '7001' }] });
    expect(paramJson).toBe('{"items":[{"aftersale_id":"7001","update_time":1717207205}],"type":201}');
    expect(
      douyinSign({ appKey: 'app-123', appSecret: 'secret-0123', method: 'afterSale.operate', paramJson, timestamp: '1717207205' }),
    ).toBe('7074365fef27a5ccd85d22f034be1bc5e3c534a6e24b9ab23da8bbd0f05907ac');
  });

  it('param_json: keys sorted at every depth, HTML characters not escaped, undefined dropped', () => {
    expect(canonicalParamJson({ b: 1, a: { d: '<&>', c: [{ z: 1, y: 2 }] }, u: undefined })).toBe(
      '{"a":{"c":[{"y":2,"z":1}],"d":"<&>"},"b":1}',
    );
    expect(canonicalParamJson(undefined)).toBe('{}');
    expect(methodOfPath('/afterSale/applyLogisticsIntercept')).toBe('afterSale.applyLogisticsIntercept');
  });

  it('push event-sign matches an outside MD5', () => {
    // printf '%s' 'app-123[{"tag":"206","msg_id":"m1","data":"{\"aftersale_id\":7001}"}]secret-0123' | openssl dgst -md5
    const body = '[{"tag":"206","msg_id":"m1","data":"{\\"aftersale_id\\":7001}"}]';
    expect(douyinEventSign('app-123', body, 'secret-0123')).toBe('e0abb1738268dd35c105172367135215');
    expect(verifyDouyinEventSign('app-123', body, 'secret-0123', 'E0ABB1738268DD35C105172367135215')).toBe(true);
    expect(verifyDouyinEventSign('app-123', body, 'other', 'e0abb1738268dd35c105172367135215')).toBe(false);
    expect(verifyDouyinEventSign('app-123', body, 'secret-0123', undefined)).toBe(false);
  });
});

describe('douyin tables', () => {
  it('envelope and business codes: one table, the sub-code wins', () => {
    expect(errorCodeOf(50002, 'isv.business-failed:11001')).toBe('11001');
    expect(errorCodeOf(50002, 'isv.business-failed:20309541')).toBe('20309541');
    expect(errorCodeOf(40004, 'isv.parameter-invalid:11000')).toBe('40004');
    expect(envelopeError({ code: 50002, sub_code: 'isv.business-failed:11001', sub_msg: '暂不支持' })).toBeInstanceOf(NotSupportedError);
    expect(envelopeError({ code: 20000, sub_code: 'isp.service-error:10002' })).toBeInstanceOf(CarrierUnavailableError);
    expect(envelopeError({ code: 40004 })).toBeInstanceOf(InvalidRequestError);
    const status = envelopeError({ code: 50002, sub_code: 'isv.business-failed:20309541' });
    expect([status.carrierCode, status.retryable]).toEqual(['20309541', false]);
  });

  it('company codes: every seed carrier has a row with its confidence, not assumed equal to our id; overrides win', () => {
    expect(Object.keys(DOUYIN_COMPANY_CODES).sort()).toEqual([...SEED_CARRIER_IDS].sort());
    expect(plugin.servesCarriers).toEqual(Object.keys(DOUYIN_COMPANY_CODES));
    for (const row of Object.values(DOUYIN_COMPANY_CODES)) expect(['C-doc', 'C-src', 'S', 'I']).toContain(row.confidence);
    expect(companyCodeOf('zto')).toBe('zhongtong');
    expect(carrierIdOfCompany('zhongtong')).toBe('zto');
    expect(companyCodeOf('zto', { zto: 'ZTO' })).toBe('ZTO');
    expect(carrierIdOfCompany('ZTO', { zto: 'ZTO' })).toBe('zto');
    expect(carrierIdOfCompany('nobody')).toBeUndefined();
  });

  it('route words and refusal words map to unified kinds, first match wins', () => {
    expect(routeKind('退回签收 退回件已签收')).toBe('RETURNED');
    expect(routeKind('已签收 快件已签收')).toBe('DELIVERED');
    expect(routeKind('已揽收')).toBe('COLLECTED');
    expect(routeKind('拒收')).toBe('REJECTED');
    expect(routeKind('???')).toBe('UNKNOWN');
    expect(refusalOf('快递已签收，无法拦截')).toBe('ALREADY_DELIVERED');
    expect(refusalOf('快递未揽收，暂不支持拦截')).toBe('NOT_COLLECTED');
    expect(refusalOf('别的原因')).toBe('OTHER');
  });
});

describe('douyin hub against the simulator', () => {
  it('intercept with the after-sale in context: accepted, cost in fen, raw kept', async () => {
    const { sim, client, clock } = setup('https://dy-plugin-1.test');
    sim.world.add({ waybillNo: '75300000000001', fate: 'deliver', collectedAt: clock.nowMs() - 10 * HOUR });
    sim.addAfterSale({ id: '7100', parcels: [{ trackingNo: '75300000000001', companyCode: 'zhongtong' }], push: false });
    const result = await client.intercept!({
      waybillNo: '75300000000001',
      carrierId: 'zto',
      kind: 'RETURN_TO_SENDER',
      reason: '仅退款',
      idempotencyKey: 'key-0000001',
      context: { platform: 'douyin', afterSaleId: '7100', skuOrderIds: [] },
    });
    expect(result).toMatchObject({ state: 'ACCEPTED', carrierRef: '7100:75300000000001', cost: { fen: 300, payer: 'MERCHANT' } });
    expect(result.raw).toMatchObject({ can_intercept: true, is_success: true, settlement_mode: 0, after_sale_id: '7100' });
    expect(sim.afterSales.get('7100')!.intercepted).toEqual(['75300000000001']);
  });

  it('intercept refused: the reason and its code are kept; no open after-sale → a clear InvalidRequestError', async () => {
    const { sim, client, clock } = setup('https://dy-plugin-2.test');
    sim.world.add({ waybillNo: '75300000000002', fate: 'delivered', collectedAt: clock.nowMs() });
    sim.addAfterSale({ id: '7200', parcels: [{ trackingNo: '75300000000002', companyCode: 'zhongtong' }], push: false });
    const refused = await client.intercept!({
      waybillNo: '75300000000002',
      carrierId: 'zto',
      kind: 'RETURN_TO_SENDER',
      reason: 'x',
      idempotencyKey: 'key-0000002',
    });
    expect(refused).toMatchObject({ state: 'REJECTED', refusal: 'ALREADY_DELIVERED', carrierCode: '1002' });
    sim.world.add({ waybillNo: '75300000000003', fate: 'deliver', collectedAt: clock.nowMs() });
    await expect(
      client.intercept!({
        waybillNo: '75300000000003',
        carrierId: 'zto',
        kind: 'RETURN_TO_SENDER',
        reason: 'x',
        idempotencyKey: 'key-0000003',
      }),
    ).rejects.toThrow(/no open after-sale/);
    await expect(
      client.intercept!({ waybillNo: '75300000000003', kind: 'RETURN_TO_SENDER', reason: 'x', idempotencyKey: 'key-0000003' }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('track: route nodes become sorted events with the raw state; Beijing-independent seconds', async () => {
    const { sim, client, clock } = setup('https://dy-plugin-3.test');
    sim.world.add({ waybillNo: '75300000000004', fate: 'deliver', collectedAt: clock.nowMs() - 31 * HOUR });
    const [r] = await client.track!([{ waybillNo: '75300000000004', carrierId: 'zto' }]);
    expect(r!.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(r!.events[0]!.at).toBe(new Date(clock.nowMs() - 31 * HOUR).toISOString());
    expect(r!.status).toBe('DELIVERED');
    expect(r!.events[0]!.rawCode).toBe('1');
  });

  it('the simulator refuses a bad signature with 40004, which the plugin raises as InvalidRequestError', async () => {
    const { sim, api } = setup('https://dy-plugin-4.test', { wrongCredentials: true });
    const envelope = await api.envelope('/afterSale/Detail', { after_sale_id: '1' }, 'detail');
    expect(envelope).toMatchObject({ code: 40004, sub_code: 'isv.parameter-invalid:sign' });
    expect(sim.stats.authErrors).toBe(1);
    await expect(api.call('/afterSale/Detail', { after_sale_id: '1' }, plugin.configSchema!, 'detail')).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
  });
});

describe('douyin JSON', () => {
  it('64-bit ids stay exact; strings, escapes and small numbers are untouched', async () => {
    const { parseJsonKeepingIds } = await import('../../carriers/douyin/schemas.ts');
    const text = '{"after_sale_id":7012345678901234567,"n":12,"f":-1.5e3,"s":"x\\"7012345678901234567\\"","a":[6912345678901234567]}';
    expect(parseJsonKeepingIds(text)).toEqual({
      after_sale_id: '7012345678901234567',
      n: 12,
      f: -1500,
      s: 'x"7012345678901234567"',
      a: ['6912345678901234567'],
    });
    expect(JSON.parse(text).after_sale_id).not.toBe(7012345678901234567n.toString());
  });
});
