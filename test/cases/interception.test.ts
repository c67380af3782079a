// Interception rules (DESIGN §2.5): channel by route, return kinds only, SUCCEEDED evidence, late events, legs, in-flight, parcels.
import { describe, expect, it } from 'vitest';
import { channelOfRoute } from '../../src/cases/index.ts';
import { WAYBILL, bjIso, codes, continueRun, ev, input, inTransitAndAccepted, ixId, ofType, rules, run, track } from './helpers.ts';

const moving = track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('IN_TRANSIT', '2024-06-01 09:00:00')]);
const request = (route: Parameters<typeof channelOfRoute>[0], extra: Record<string, unknown> = {}) => ({
  type: 'REQUEST_INTERCEPTION' as const,
  shipmentId: WAYBILL,
  route,
  kind: 'RETURN_TO_SENDER' as const,
  ...extra,
});

describe('interception', () => {
  it('the channel is fixed by the route: carrier API, Douyin intercept service, Kuaidi100, offline', () => {
    expect(channelOfRoute({ kind: 'CARRIER_API', carrierId: 'zto' })).toBe('CARRIER_API');
    expect(channelOfRoute({ kind: 'DOUYIN_INTERCEPT_SERVICE' })).toBe('PLATFORM_SERVICE');
    expect(channelOfRoute({ kind: 'KUAIDI100' })).toBe('HUB');
    expect(channelOfRoute({ kind: 'OFFLINE' })).toBe('OFFLINE');
    const r = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
    ]);
    expect(r.case.interceptions[0]?.channel).toBe('HUB');
  });

  it('INTERCEPT_REQUESTED: an INTERCEPT effect with a deterministic idempotency key and the refunded SKUs as context', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'CARRIER_API', carrierId: 'zto' }), '2024-06-01 10:01:00'],
    ]);
    expect(ofType(r.last.effects, 'INTERCEPT')).toEqual([
      {
        type: 'INTERCEPT',
        interceptionId: ixId(),
        idempotencyKey: `case-1:intercept:${WAYBILL}:1`,
        shipmentId: WAYBILL,
        waybillNo: WAYBILL,
        carrierId: 'zto',
        route: { kind: 'CARRIER_API', carrierId: 'zto' },
        channel: 'CARRIER_API',
        kind: 'RETURN_TO_SENDER',
        context: { platform: 'douyin', afterSaleId: 'as-1', skuOrderIds: ['sku-1'] },
      },
    ]);
    expect(codes(r.last.reasons)).toContain('INTERCEPT_REQUESTED');
  });

  it('INTERCEPT_KIND_NOT_ALLOWED: REDIRECT on a refund case creates no interception', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [{ ...request({ kind: 'KUAIDI100' }), kind: 'REDIRECT' }, '2024-06-01 10:01:00'],
    ]);
    expect(codes(r.last.reasons)).toEqual(['INTERCEPT_KIND_NOT_ALLOWED']);
    expect(r.case.interceptions).toEqual([]);
    expect(ofType(r.effects, 'INTERCEPT')).toEqual([]);
  });

  it('INTERCEPT_NOT_WORTH: value − estimated cost − return freight below the threshold; a quoted cost replaces the estimate', () => {
    // zto default estimate: cost 300 + freight 800 = 1100 fen.
    const cheap = input({ refundAmountFen: 1099, skuOrders: [{ skuOrderId: 'sku-1', amountFen: 1099, refunded: true }] });
    const r = run(cheap, '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
    ]);
    expect(r.last.reasons).toEqual([
      { code: 'INTERCEPT_NOT_WORTH', target: WAYBILL, detail: 'value 1099 − cost 300 − freight 800 = -1 fen, threshold 0' },
    ]);
    expect(r.case.interceptions).toEqual([]);
    const quoted = run(cheap, '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'DOUYIN_INTERCEPT_SERVICE' }, { quotedCostFen: 299 }), '2024-06-01 10:01:00'],
    ]);
    expect(quoted.case.interceptions[0]?.costEstimateFen).toBe(299);
    const threshold = run(
      input(),
      '2024-06-01 10:00:00',
      [
        [moving, '2024-06-01 10:00:01'],
        [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
      ],
      rules({ interceptWorthThresholdFen: 4000 }),
    );
    expect(codes(threshold.last.reasons)).toEqual(['INTERCEPT_NOT_WORTH']);
    const override = run(cheap, '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }, { overrideNotWorth: true }), '2024-06-01 10:01:00'],
    ]);
    expect(override.case.interceptions).toHaveLength(1);
  });

  it('INTERCEPT_ACCEPTED is not success: no refund and no deadline change on ACCEPTED alone', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [{ type: 'REFUSE_SIGN_AGREED', at: bjIso('2024-06-01 10:00:05') }, '2024-06-01 10:00:06'],
      ...inTransitAndAccepted(),
      [track([ev('OUT_FOR_DELIVERY', '2024-06-02 08:00:00')]), '2024-06-02 08:01:00'],
    ]);
    expect(r.case.interceptions[0]?.state).toBe('ACCEPTED');
    expect(codes(r.reasons)).toContain('INTERCEPT_ACCEPTED');
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(r.case.deadline.dueComputed).toBe(bjIso('2024-06-08 10:00:05'));
  });

  it('INTERCEPT_SUCCEEDED on the first return-direction event after ACCEPTED, not on one before it', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00'), ev('INTERCEPTED', '2024-06-01 09:00:00')]), '2024-06-01 10:00:01'],
    ]);
    expect(r.case.shipments[0]?.view.logistics).toBe('RETURNING');
    const s = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-01 10:00:00')]), '2024-06-01 12:00:00'],
    ]);
    // The return scan at 10:00 is before the acceptance at 10:01:01: not success.
    expect(s.case.interceptions[0]?.state).toBe('ACCEPTED');
    const t = continueRun(s, [
      [track([ev('IN_TRANSIT', '2024-06-01 13:00:00'), ev('RETURNING', '2024-06-01 14:00:00')]), '2024-06-01 14:01:00'],
    ]);
    expect(t.case.interceptions[0]).toMatchObject({
      state: 'SUCCEEDED',
      succeededAt: bjIso('2024-06-01 14:00:00'),
      succeededBy: 'RETURN_SCAN',
    });
  });

  it('a hub or platform success callback is success; a carrier-API "SUCCEEDED" reply alone is treated as accepted', () => {
    const hub = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted({ kind: 'KUAIDI100' }),
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(), at: bjIso('2024-06-01 16:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-01 16:00:01',
      ],
    ]);
    expect(hub.case.interceptions[0]).toMatchObject({
      state: 'SUCCEEDED',
      succeededBy: 'CALLBACK',
      succeededAt: bjIso('2024-06-01 16:00:00'),
    });
    const api = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'CARRIER_API', carrierId: 'zto' }), '2024-06-01 10:01:00'],
      [{ type: 'INTERCEPT_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 10:01:01'), state: 'SUCCEEDED' }, '2024-06-01 10:01:01'],
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(), at: bjIso('2024-06-01 11:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-01 11:00:01',
      ],
    ]);
    expect(api.case.interceptions[0]?.state).toBe('ACCEPTED');
  });

  it('INTERCEPT_REFUSED, INTERCEPT_FAILED and INTERCEPT_CANCELLED are projected from replies and callbacks', () => {
    const refused = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
      [
        {
          type: 'INTERCEPT_REPLY',
          interceptionId: ixId(),
          at: bjIso('2024-06-01 10:01:01'),
          state: 'REJECTED',
          refusal: 'OUT_FOR_DELIVERY',
        },
        '2024-06-01 10:01:02',
      ],
    ]);
    expect(refused.case.interceptions[0]?.state).toBe('REJECTED');
    expect(refused.last.reasons).toContainEqual({ code: 'INTERCEPT_REFUSED', target: ixId(), detail: 'OUT_FOR_DELIVERY' });
    const failed = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted({ kind: 'KUAIDI100' }),
      [{ type: 'INTERCEPT_CALLBACK', interceptionId: ixId(), at: bjIso('2024-06-01 12:00:00'), outcome: 'FAILED' }, '2024-06-01 12:00:01'],
    ]);
    expect(failed.case.interceptions[0]?.state).toBe('FAILED');
    expect(codes(failed.last.reasons)).toContain('INTERCEPT_FAILED');
    const tooLate = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [track([ev('DELIVERED', '2024-06-01 12:00:00')]), '2024-06-01 12:00:01'],
    ]);
    expect(tooLate.case.interceptions[0]?.state).toBe('FAILED');
  });

  it('tracking events are deduplicated by fingerprint and a late (older) event is kept and ordered by event time', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [track([ev('IN_TRANSIT', '2024-06-01 09:00:00')]), '2024-06-01 10:00:01'],
      [track([ev('IN_TRANSIT', '2024-06-01 09:00:00'), ev('OUT_FOR_DELIVERY', '2024-06-01 12:00:00')]), '2024-06-01 12:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 12:30:00'],
    ]);
    expect(r.case.shipments[0]?.events.map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY']);
  });

  it('a late delivered-to-buyer event after success turns into INTERCEPT_BREACHED → a complaint claiming compensation', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [track([ev('RETURNING', '2024-06-01 14:00:00')]), '2024-06-01 14:00:01'],
      [track([ev('DELIVERED', '2024-06-02 09:00:00')]), '2024-06-02 09:00:01'],
    ]);
    expect(r.case.interceptions[0]?.breachedAt).toBe(bjIso('2024-06-02 09:00:00'));
    expect(ofType(r.last.effects, 'OPEN_COMPLAINT')).toEqual([
      {
        type: 'OPEN_COMPLAINT',
        complaintId: `case-1:complaint:${WAYBILL}:INTERCEPT_BREACHED`,
        shipmentId: WAYBILL,
        waybillNo: WAYBILL,
        via: 'SUPPORT_TASK',
        claimCompensation: true,
        reason: 'INTERCEPT_BREACHED',
      },
    ]);
    expect(codes(r.last.reasons)).toContain('INTERCEPT_BREACHED');
  });

  it('RETURN_NEW_LEG: a return under a new waybill number starts a leg; the return-overdue timer follows the latest leg', () => {
    const r = run(input({ shipments: [{ waybillNo: 'SF1000000001', carrierId: 'sf', skuOrderIds: ['sku-1'] }] }), '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00')], 'SF1000000001', 'sf'), '2024-06-01 10:00:01'],
      [request({ kind: 'CARRIER_API', carrierId: 'sf' }, { shipmentId: 'SF1000000001' }), '2024-06-01 10:01:00'],
      [
        { type: 'INTERCEPT_REPLY', interceptionId: ixId(1, 'SF1000000001'), at: bjIso('2024-06-01 10:01:01'), state: 'ACCEPTED' },
        '2024-06-01 10:01:02',
      ],
      [track([ev('RETURNING', '2024-06-01 14:00:00')], 'SF1000000001', 'sf'), '2024-06-01 14:00:01'],
    ]);
    // sf overdue limit: 120 h from the return start.
    expect(r.case.timers.find((t) => t.kind === 'RETURN_OVERDUE')?.at).toBe(bjIso('2024-06-06 14:00:00'));
    const leg = continueRun(r, [
      [
        track([ev('RETURNING', '2024-06-02 10:00:00', { rawCode: '648', newWaybillNo: 'SF2000000002' })], 'SF1000000001', 'sf'),
        '2024-06-02 10:00:01',
      ],
    ]);
    expect(leg.case.shipments[0]?.legs.map((l) => l.waybillNo)).toEqual(['SF1000000001', 'SF2000000002']);
    expect(codes(leg.last.reasons)).toContain('RETURN_NEW_LEG');
    expect(leg.case.timers.find((t) => t.kind === 'RETURN_OVERDUE')?.at).toBe(bjIso('2024-06-07 10:00:00'));
    expect(ofType(leg.last.effects, 'TRACK_SHIPMENT')).toContainEqual({
      type: 'TRACK_SHIPMENT',
      shipmentId: 'SF1000000001',
      waybillNo: 'SF2000000002',
      carrierId: 'sf',
      purpose: 'FOLLOW',
    });
    // Events of the new leg are matched to the shipment; a delivery on the return leg is the return arriving.
    const back = continueRun(leg, [[track([ev('DELIVERED', '2024-06-03 10:00:00')], 'SF2000000002', 'sf'), '2024-06-03 10:00:01']]);
    expect(back.case.shipments[0]?.view.returnedAt).toBe(bjIso('2024-06-03 10:00:00'));
    expect(back.case.interceptions[0]?.state).toBe('RETURNED');
    expect(back.case.timers.find((t) => t.kind === 'RETURN_OVERDUE')).toBeUndefined();
  });

  it('NOT_COLLECTED_CANCEL_HANDOVER: no interception; douyin opens a support task, generic sends a webhook; the refund is agreed', () => {
    const notCollected = track([ev('INFO_RECEIVED', '2024-06-01 07:00:00')]);
    const d = run(input(), '2024-06-01 10:00:00', [
      [notCollected, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
    ]);
    expect(ofType(d.effects, 'OPEN_SUPPORT_TASK').map((t) => t.kind)).toEqual(['NOT_COLLECTED_CANCEL_HANDOVER']);
    expect(ofType(d.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_NOT_COLLECTED', via: 'PLATFORM_API' }]);
    expect(d.case.interceptions).toEqual([]);
    expect(d.last.reasons).toEqual([
      { code: 'INTERCEPT_NOT_POSSIBLE', target: WAYBILL, detail: 'not collected: the handover is cancelled instead' },
    ]);
    const g = run(input({ mode: 'generic' }), '2024-06-01 10:00:00', [[notCollected, '2024-06-01 10:00:01']]);
    expect(ofType(g.effects, 'NOTIFY_WEBHOOK')).toEqual([
      {
        type: 'NOTIFY_WEBHOOK',
        idempotencyKey: `case-1:cancel-handover:${WAYBILL}`,
        topic: 'CANCEL_HANDOVER',
        reason: 'NOT_COLLECTED_CANCEL_HANDOVER',
        target: WAYBILL,
      },
    ]);
    expect(ofType(g.effects, 'AGREE_REFUND')).toMatchObject([{ reason: 'REFUND_NOT_COLLECTED', via: 'WEBHOOK' }]);
  });

  it('a route refusing with NOT_COLLECTED also leads to the not-collected path', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
      [
        { type: 'INTERCEPT_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 10:01:01'), state: 'REJECTED', refusal: 'NOT_COLLECTED' },
        '2024-06-01 10:01:02',
      ],
    ]);
    expect(r.case.shipments[0]?.view.logistics).toBe('NOT_COLLECTED');
    expect(codes(r.last.reasons)).toContain('NOT_COLLECTED_CANCEL_HANDOVER');
  });

  it('INTERCEPT_IN_FLIGHT: one interception in flight per waybill across all routes; a new attempt after a refusal gets a new key', () => {
    const r = run(input(), '2024-06-01 10:00:00', [...inTransitAndAccepted(), [request({ kind: 'KUAIDI100' }), '2024-06-01 10:02:00']]);
    expect(codes(r.last.reasons)).toEqual(['INTERCEPT_IN_FLIGHT']);
    expect(r.case.interceptions).toHaveLength(1);
    const again = run(input(), '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'CARRIER_API', carrierId: 'zto' }), '2024-06-01 10:01:00'],
      [
        { type: 'INTERCEPT_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 10:01:01'), state: 'REJECTED', refusal: 'OTHER' },
        '2024-06-01 10:01:02',
      ],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:02:00'],
    ]);
    expect(ofType(again.effects, 'INTERCEPT').map((e) => e.idempotencyKey)).toEqual([
      `case-1:intercept:${WAYBILL}:1`,
      `case-1:intercept:${WAYBILL}:2`,
    ]);
    const done = continueRun(again, [
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(2), at: bjIso('2024-06-01 12:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-01 12:00:01',
      ],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 12:10:00'],
    ]);
    expect(codes(done.last.reasons)).toEqual(['INTERCEPT_ALREADY_SUCCEEDED']);
  });

  it('INTERCEPT_NEEDS_CONFIRMATION: a parcel that also carries goods not refunded is intercepted only after support confirms', () => {
    const mixed = input({
      skuOrders: [
        { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
        { skuOrderId: 'sku-2', amountFen: 3000, refunded: false },
      ],
      shipments: [{ waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1', 'sku-2'] }],
    });
    const held = run(mixed, '2024-06-01 10:00:00', [
      [moving, '2024-06-01 10:00:01'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
    ]);
    expect(ofType(held.effects, 'INTERCEPT')).toEqual([]);
    expect(ofType(held.last.effects, 'OPEN_SUPPORT_TASK')).toMatchObject([{ kind: 'INTERCEPT_NEEDS_CONFIRMATION', target: WAYBILL }]);
    expect(held.case.heldInterceptions).toHaveLength(1);
    const confirmed = continueRun(held, [[{ type: 'CONFIRM_MIXED_PARCEL', shipmentId: WAYBILL, by: 'support-7' }, '2024-06-01 11:00:00']]);
    expect(ofType(confirmed.last.effects, 'INTERCEPT')).toMatchObject([
      { waybillNo: WAYBILL, channel: 'HUB', context: { skuOrderIds: ['sku-1'] } },
    ]);
    expect(confirmed.case.heldInterceptions).toEqual([]);
    expect(confirmed.case.supportTasks[0]?.status).toBe('DONE');
  });

  it('INTERCEPT_CANCEL_ON_BUYER_CANCEL: a buyer who cancels mid-interception → cancel-interception effect', () => {
    const r = run(input(), '2024-06-01 10:00:00', [
      ...inTransitAndAccepted(),
      [{ type: 'CLOSED', at: bjIso('2024-06-01 11:00:00'), cause: 'BUYER_CANCELLED' }, '2024-06-01 11:00:01'],
    ]);
    expect(ofType(r.last.effects, 'CANCEL_INTERCEPTION')).toEqual([
      {
        type: 'CANCEL_INTERCEPTION',
        interceptionId: ixId(),
        interceptIdempotencyKey: `case-1:intercept:${WAYBILL}:1`,
        waybillNo: WAYBILL,
        carrierId: 'zto',
        route: { kind: 'CARRIER_API', carrierId: 'zto' },
        channel: 'CARRIER_API',
        reason: 'INTERCEPT_CANCEL_ON_BUYER_CANCEL',
      },
    ]);
    expect(r.case.status).toBe('CLOSED');
    const cancelled = continueRun(r, [
      [
        { type: 'INTERCEPT_CANCEL_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 11:00:05'), state: 'CANCELLED' },
        '2024-06-01 11:00:06',
      ],
    ]);
    expect(cancelled.case.interceptions[0]?.state).toBe('CANCELLED');
    expect(ofType(cancelled.last.effects, 'CANCEL_INTERCEPTION')).toEqual([]);
  });

  it('several parcels: one interception per parcel; the refund waits until every parcel carrying refunded SKUs is stopped', () => {
    const two = input({
      refundAmountFen: 8000,
      skuOrders: [
        { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
        { skuOrderId: 'sku-2', amountFen: 3000, refunded: true },
      ],
      shipments: [
        { waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1'] },
        { waybillNo: 'YT9000000002', carrierId: 'yto', skuOrderIds: ['sku-2'] },
      ],
    });
    const first = run(two, '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00')], 'YT9000000002', 'yto'), '2024-06-01 10:00:02'],
      [request({ kind: 'KUAIDI100' }), '2024-06-01 10:01:00'],
      [request({ kind: 'KUAIDI100' }, { shipmentId: 'YT9000000002' }), '2024-06-01 10:01:00'],
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(), at: bjIso('2024-06-01 12:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-01 12:00:01',
      ],
    ]);
    expect(ofType(first.effects, 'INTERCEPT')).toHaveLength(2);
    expect(ofType(first.effects, 'AGREE_REFUND')).toEqual([]);
    expect(codes(first.last.reasons)).toContain('REFUND_WAITING_OTHER_PARCELS');
    const both = continueRun(first, [
      [
        { type: 'INTERCEPT_CALLBACK', interceptionId: ixId(1, 'YT9000000002'), at: bjIso('2024-06-01 13:00:00'), outcome: 'SUCCEEDED' },
        '2024-06-01 13:00:01',
      ],
      [track([ev('RETURNING', '2024-06-01 12:30:00')]), '2024-06-01 13:10:00'],
      [track([ev('RETURNING', '2024-06-01 13:05:00')], 'YT9000000002', 'yto'), '2024-06-01 13:10:01'],
    ]);
    expect(ofType(both.effects, 'AGREE_REFUND')).toMatchObject([{ amountFen: 8000, reason: 'REFUND_ON_INTERCEPT_SUCCESS' }]);
  });

  it('several parcels stopped on return scans: the refund goes when the last one stops, with no re-check of the first', () => {
    const two = input({
      refundAmountFen: 8000,
      skuOrders: [
        { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
        { skuOrderId: 'sku-2', amountFen: 3000, refunded: true },
      ],
      shipments: [
        { waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1'] },
        { waybillNo: 'YT9000000002', carrierId: 'yto', skuOrderIds: ['sku-2'] },
      ],
    });
    const r = run(two, '2024-06-01 10:00:00', [
      [track([ev('COLLECTED', '2024-06-01 08:00:00')]), '2024-06-01 10:00:01'],
      [track([ev('COLLECTED', '2024-06-01 08:00:00')], 'YT9000000002', 'yto'), '2024-06-01 10:00:02'],
      [request({ kind: 'CARRIER_API', carrierId: 'zto' }), '2024-06-01 10:01:00'],
      [request({ kind: 'CARRIER_API', carrierId: 'yto' }, { shipmentId: 'YT9000000002' }), '2024-06-01 10:01:00'],
      [{ type: 'INTERCEPT_REPLY', interceptionId: ixId(), at: bjIso('2024-06-01 10:01:05'), state: 'ACCEPTED' }, '2024-06-01 10:01:05'],
      [
        { type: 'INTERCEPT_REPLY', interceptionId: ixId(1, 'YT9000000002'), at: bjIso('2024-06-01 10:01:06'), state: 'ACCEPTED' },
        '2024-06-01 10:01:06',
      ],
      [track([ev('RETURNING', '2024-06-01 12:30:00')]), '2024-06-01 12:31:00'],
    ]);
    expect(ofType(r.effects, 'AGREE_REFUND')).toEqual([]);
    expect(codes(r.last.reasons)).toContain('REFUND_WAITING_OTHER_PARCELS');
    const last = continueRun(r, [[track([ev('RETURNING', '2024-06-01 18:05:00')], 'YT9000000002', 'yto'), '2024-06-01 18:06:00']]);
    expect(ofType(last.last.effects, 'TRACK_SHIPMENT').filter((e) => e.purpose === 'RECHECK_BEFORE_REFUND')).toEqual([]);
    expect(ofType(last.last.effects, 'AGREE_REFUND')).toMatchObject([{ amountFen: 8000, reason: 'REFUND_ON_INTERCEPT_SUCCESS' }]);
    expect(last.case.refund?.issuedAt).toBe(bjIso('2024-06-01 18:06:00'));
  });
});
