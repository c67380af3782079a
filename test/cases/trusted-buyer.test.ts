// REFUND_TRUSTED_BUYER: in generic mode a buyer the merchant's system trusts is refunded on the refusal or the interception success alone (DESIGN §2.1).
import { describe, expect, it } from 'vitest';
import { codes, ev, input, inTransitAndAccepted, ofType, run, track } from './helpers.ts';

const refused = track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('REJECTED', '2024-06-02 09:00:00')]);
const returnScan = track([ev('RETURNING', '2024-06-02 14:00:00')]);

describe('REFUND_TRUSTED_BUYER', () => {
  it('generic, trusted: refunded on the refusal itself, by webhook, once', () => {
    const r = run(input({ mode: 'generic', trustedBuyer: true }), '2024-06-01 10:00:00', [
      [refused, '2024-06-02 09:00:01'],
      [refused, '2024-06-02 09:30:00'],
    ]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toMatchObject([
      { reason: 'REFUND_TRUSTED_BUYER', via: 'WEBHOOK', idempotencyKey: 'case-1:refund:as-1' },
    ]);
    expect(r.case.trustedBuyer).toBe(true);
  });

  it('generic, not trusted: a refusal alone waits for a return scan', () => {
    const r = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [[refused, '2024-06-02 09:00:01']]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(codes(r.reasons)).not.toContain('REFUND_TRUSTED_BUYER');
  });

  it('generic, trusted: an interception success refunds at once, without the tracking re-check', () => {
    const r = run(input({ mode: 'generic', trustedBuyer: true }), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [returnScan, '2024-06-02 14:00:30'],
    ]);
    expect(ofType(r.last.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_ON_INTERCEPT_SUCCESS', via: 'WEBHOOK' }]);
    expect(ofType(r.last.effects, 'TRACK_SHIPMENT').filter((e) => e.purpose === 'RECHECK_BEFORE_REFUND')).toEqual([]);
  });

  it('douyin: the flag is not ours to apply (the platform has its own policy): no refund on the refusal alone', () => {
    const r = run(input({ mode: 'douyin', trustedBuyer: true }), '2024-06-01 10:00:00', [[refused, '2024-06-02 09:00:01']]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(r.case.trustedBuyer).toBeUndefined();
  });
});
