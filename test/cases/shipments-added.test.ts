// SHIPMENT_ADDED: parcels learnt after the case opened join it (a Douyin-opened case completed by the after-sales system).
import { describe, expect, it } from 'vitest';
import { WAYBILL, codes, input, run } from './helpers.ts';

describe('SHIPMENT_ADDED', () => {
  it('adds a parcel with what it carries; a known one or one with an unknown SKU order is not added', () => {
    const r = run(
      input({
        skuOrders: [
          { skuOrderId: 'sku-1', amountFen: 5000, refunded: true },
          { skuOrderId: 'sku-2', amountFen: 800, refunded: false },
        ],
      }),
      '2024-06-01 10:00:00',
      [
        [
          {
            type: 'SHIPMENTS_ADDED',
            shipments: [
              { waybillNo: 'SF1000000000101', carrierId: 'sf', skuOrderIds: ['sku-1', 'sku-2'] },
              { waybillNo: WAYBILL, carrierId: 'zto', skuOrderIds: ['sku-1'] },
              { waybillNo: 'YT2600000000101', carrierId: 'yto', skuOrderIds: ['sku-9'] },
            ],
          },
          '2024-06-01 11:00:00',
        ],
      ],
    );
    expect(r.case.shipments.map((s) => s.id)).toEqual([WAYBILL, 'SF1000000000101']);
    expect(r.case.shipments[1]).toMatchObject({
      carrierId: 'sf',
      carriesRefunded: true,
      carriesOther: true,
      refundedValueFen: 5000,
      legs: [{ index: 0, waybillNo: 'SF1000000000101', carrierId: 'sf' }],
    });
    expect(codes(r.last.reasons)).toEqual(expect.arrayContaining(['SHIPMENT_ADDED', 'EVENT_IGNORED']));
  });
});
