// Eligibility for automatic refund-after-rejection (DESIGN §2.2): every failing reason, ELIGIBLE / INELIGIBLE / UNKNOWN.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, SEED_CARRIER_IDS } from '../../src/cases/index.ts';
import { bjIso, codes, ev, input, ofType, rules, run, track } from './helpers.ts';

const moving = track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('IN_TRANSIT', '2024-06-01 09:00:00')]);
const generic = input({ mode: 'generic' });

describe('eligibility', () => {
  it('ELIGIBLE: a domestic, 50-yuan, not-received case moving normally with ZTO; generic mode agrees by webhook', () => {
    const r = run(generic, '2024-06-01 10:00:00', [[moving, '2024-06-01 10:00:10']]);
    expect(r.case.eligibility.verdict).toBe('ELIGIBLE');
    expect(r.case.eligibility.rulesVersion).toBe(DEFAULT_RULES.version);
    const agree = ofType(r.effects, 'AGREE_REFUSE_SIGN');
    expect(agree).toEqual([
      {
        type: 'AGREE_REFUSE_SIGN',
        action: 'agree-refuse-sign',
        idempotencyKey: 'case-1:agree-refuse-sign:as-1',
        afterSaleId: 'as-1',
        via: 'WEBHOOK',
        reason: 'REFUSE_SIGN_AGREED',
      },
    ]);
    expect(r.case.agreement).toEqual({ agreedAt: bjIso('2024-06-01 10:00:10'), by: 'LANJIE' });
    expect(r.case.status).toBe('REFUSE_SIGN_AGREED');
  });

  it('LOGISTICS_UNKNOWN: verdict UNKNOWN until tracking is known, and nothing is agreed', () => {
    const r = run(generic, '2024-06-01 10:00:00', []);
    expect(r.case.eligibility.verdict).toBe('UNKNOWN');
    expect(codes(r.case.eligibility.reasons)).toEqual(['LOGISTICS_UNKNOWN']);
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('AMOUNT_LIMIT: 99999 fen is eligible, 100000 fen is not (limit exclusive)', () => {
    const below = run(input({ mode: 'generic', refundAmountFen: 99999 }), '2024-06-01 10:00:00', [[moving, '2024-06-01 10:00:10']]);
    expect(below.case.eligibility.verdict).toBe('ELIGIBLE');
    const at = run(input({ mode: 'generic', refundAmountFen: 100000 }), '2024-06-01 10:00:00', [[moving, '2024-06-01 10:00:10']]);
    expect(at.case.eligibility.verdict).toBe('INELIGIBLE');
    expect(codes(at.case.eligibility.reasons)).toEqual(['AMOUNT_LIMIT']);
    expect(ofType(at.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('every failing reason is reported at once: MERCHANT_TYPE_NOT_ELIGIBLE, AMOUNT_LIMIT, REASON_NOT_RECEIVED, CARRIER_NOT_ELIGIBLE, CATEGORY_NOT_ELIGIBLE', () => {
    const r = run(
      input({
        merchantType: 'CROSS_BORDER',
        refundAmountFen: 200000,
        reason: 'QUALITY',
        categoryId: 'fresh',
        shipments: [{ waybillNo: 'XX1234567890', carrierId: 'unknown-express', skuOrderIds: ['sku-1'] }],
      }),
      '2024-06-01 10:00:00',
      [[track([ev('IN_TRANSIT', '2024-06-01 09:00:00')], 'XX1234567890', 'unknown-express'), '2024-06-01 10:00:10']],
      rules({ excludedCategories: ['fresh'] }),
    );
    expect(r.case.eligibility.verdict).toBe('INELIGIBLE');
    expect(codes(r.case.eligibility.reasons).sort()).toEqual([
      'AMOUNT_LIMIT',
      'CARRIER_NOT_ELIGIBLE',
      'CATEGORY_NOT_ELIGIBLE',
      'MERCHANT_TYPE_NOT_ELIGIBLE',
      'REASON_NOT_RECEIVED',
    ]);
    for (const reason of r.case.eligibility.reasons) expect(reason.code).toBeTypeOf('string');
  });

  it('MERCHANT_TYPE_NOT_ELIGIBLE: Hainan duty-free is eligible by default; the other reading is one config change', () => {
    const hainan = input({ mode: 'generic', merchantType: 'HAINAN_DUTY_FREE' });
    expect(run(hainan, '2024-06-01 10:00:00', [[moving, '2024-06-01 10:00:10']]).case.eligibility.verdict).toBe('ELIGIBLE');
    const strict = rules({ eligibleMerchantTypes: ['DOMESTIC'] });
    const r = run(hainan, '2024-06-01 10:00:00', [[moving, '2024-06-01 10:00:10']], strict);
    expect(codes(r.case.eligibility.reasons)).toEqual(['MERCHANT_TYPE_NOT_ELIGIBLE']);
  });

  it.each([
    ['LOGISTICS_NOT_COLLECTED', [ev('INFO_RECEIVED', '2024-06-01 08:00:00')]],
    ['LOGISTICS_DELIVERED', [ev('COLLECTED', '2024-06-01 08:00:00'), ev('DELIVERED', '2024-06-01 09:00:00')]],
    ['LOGISTICS_AT_PICKUP_POINT', [ev('COLLECTED', '2024-06-01 08:00:00'), ev('AT_PICKUP_POINT', '2024-06-01 09:00:00')]],
    ['LOGISTICS_EXCEPTION', [ev('COLLECTED', '2024-06-01 08:00:00'), ev('EXCEPTION', '2024-06-01 09:00:00')]],
    ['LOGISTICS_RETURNING', [ev('COLLECTED', '2024-06-01 08:00:00'), ev('RETURNING', '2024-06-01 09:00:00')]],
  ] as const)('%s: the parcel is not moving normally', (code, events) => {
    const r = run(input(), '2024-06-01 10:00:00', [[track([...events]), '2024-06-01 10:00:10']]);
    expect(r.case.eligibility.verdict).toBe('INELIGIBLE');
    expect(codes(r.case.eligibility.reasons)).toEqual([code]);
  });

  it('CARRIER_NOT_ELIGIBLE: the 13 seed carriers are eligible by default', () => {
    expect(DEFAULT_RULES.eligibleCarrierIds).toEqual([
      'zto',
      'yto',
      'yunda',
      'sto',
      'sf',
      'chinapost-express',
      'best',
      'jt',
      'ems',
      'fengwang',
      'deppon',
      'chinapost-domestic',
      'yto-freight',
    ]);
    expect(SEED_CARRIER_IDS).toHaveLength(13);
    const r = run(
      input({ shipments: [{ waybillNo: 'SF1234567890', carrierId: 'sf', skuOrderIds: ['sku-1'] }] }),
      '2024-06-01 10:00:00',
      [[track([ev('COLLECTED', '2024-06-01 08:00:00')], 'SF1234567890', 'sf'), '2024-06-01 10:00:10']],
      rules({ eligibleCarrierIds: ['zto'] }),
    );
    expect(r.case.eligibility.reasons).toEqual([{ code: 'CARRIER_NOT_ELIGIBLE', target: 'SF1234567890', detail: 'sf' }]);
  });

  it('PLATFORM_DECLINED (douyin): the platform wins over an ELIGIBLE estimate, the raw reason is kept, and lanjie never agrees itself', () => {
    const r = run(
      input(),
      '2024-06-01 10:00:00',
      [
        [moving, '2024-06-01 10:00:01'],
        [{ type: 'REFUSE_SIGN_DECLINED', at: bjIso('2024-06-01 10:00:02'), rawReason: '商品类目不支持' }, '2024-06-01 10:00:02'],
        [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-01 12:00:00'],
      ],
      rules({ douyinAgreeRefuseSignOurselves: true }),
    );
    expect(r.case.eligibility).toMatchObject({
      verdict: 'INELIGIBLE',
      source: 'PLATFORM',
      reasons: [{ code: 'PLATFORM_DECLINED', detail: '商品类目不支持' }],
    });
    expect(r.case.eligibility.estimate.verdict).toBe('ELIGIBLE');
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('douyin: the platform agreement wins over an INELIGIBLE estimate', () => {
    const r = run(input({ refundAmountFen: 150000 }), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [{ type: 'REFUSE_SIGN_AGREED', at: bjIso('2024-06-01 10:00:05') }, '2024-06-01 10:00:06'],
    ]);
    expect(r.case.eligibility).toMatchObject({ verdict: 'ELIGIBLE', source: 'PLATFORM' });
    expect(codes(r.case.eligibility.estimate.reasons)).toEqual(['AMOUNT_LIMIT']);
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('douyin: never agrees itself by default, even when eligible', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-01 18:00:00'],
    ]);
    expect(r.case.eligibility.verdict).toBe('ELIGIBLE');
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
  });

  it('REFUSE_SIGN_SELF_AGREE (douyin, enabled): after the grace period, by operate type 203, once', () => {
    const on = rules({ douyinAgreeRefuseSignOurselves: true, douyinSelfAgreeGraceHours: 1 });
    const r = run(
      input(),
      '2024-06-01 10:00:00',
      [
        [moving, '2024-06-01 10:00:01'],
        [{ type: 'TIMER_FIRED', timerId: 'case-1:timer:SELF_AGREE' }, '2024-06-01 11:00:00'],
        [{ type: 'TIMER_FIRED', timerId: 'x' }, '2024-06-01 12:00:00'],
      ],
      on,
    );
    expect(codes(r.reasons)).toContain('REFUSE_SIGN_SELF_AGREE');
    expect(ofType(r.effects, 'AGREE_REFUSE_SIGN')).toEqual([
      {
        type: 'AGREE_REFUSE_SIGN',
        action: 'agree-refuse-sign',
        idempotencyKey: 'case-1:agree-refuse-sign:as-1',
        afterSaleId: 'as-1',
        via: 'PLATFORM_API',
        reason: 'REFUSE_SIGN_SELF_AGREE',
      },
    ]);
    // Before the grace period nothing is agreed.
    const early = run(input(), '2024-06-01 10:00:00', [[moving, '2024-06-01 10:59:59']], on);
    expect(ofType(early.effects, 'AGREE_REFUSE_SIGN')).toEqual([]);
    expect(early.case.timers.find((t) => t.kind === 'SELF_AGREE')?.at).toBe(bjIso('2024-06-01 11:00:00'));
  });
});
