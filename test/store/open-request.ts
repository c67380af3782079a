// The store suites' case: a refund-only after-sale on one ZTO parcel, numbered so that cases and waybills do not collide.
import type { OpenCaseRequest } from '../../src/coordinator/index.ts';

/** When the suites' cases are applied. */
export const STORE_SUITE_START = '2026-06-01T02:00:00.000Z';

/** Case `case-<n>` of merchant `m-1` (or `over.merchantId`) on waybill `73100000<n, 6 digits>`; `over` replaces any field. */
export function openRequest(n: number, over: Partial<OpenCaseRequest> = {}): OpenCaseRequest {
  const waybillNo = `73100000${String(n).padStart(6, '0')}`;
  return {
    caseId: `case-${n}`,
    platform: 'shop',
    mode: 'generic',
    merchantId: 'm-1',
    merchantType: 'DOMESTIC',
    afterSaleId: `as-${n}`,
    orderId: `o-${n}`,
    appliedAt: STORE_SUITE_START,
    refundAmountFen: 5000,
    reason: 'NOT_RECEIVED',
    categoryId: 'cat-1',
    skuOrders: [{ skuOrderId: `sku-${n}`, amountFen: 5000, refunded: true }],
    shipments: [{ waybillNo, carrierId: 'zto', skuOrderIds: [`sku-${n}`] }],
    phones: { [waybillNo]: '1234' },
    ...over,
  };
}
