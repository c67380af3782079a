// Opens a buyer's refund-only after-sale on the Douyin platform simulator (the sandbox's route and the simulators host share it): company codes, a fresh id, the amount split over one SKU order per parcel.
import { companyCodeOf } from '../../carriers/douyin/mapping.ts';
import type { DouyinSimulator, SimAfterSale } from '../../mocks/douyin/simulator.ts';
import type { Clock } from '../clock/clock.ts';
import { ApiError } from '../runtime/api-error.ts';
import type { DouyinAfterSaleInput } from './control.ts';

/** The after-sale opened and the parcels with their Douyin company codes. */
export interface OpenedDouyinAfterSale {
  afterSaleId: string;
  sale: SimAfterSale;
  parcels: { carrier: string; waybill: string; companyCode: string }[];
}

/**
 * Adds the after-sale to the platform (its tag-200 push is queued). 400 (ApiError) for a carrier without a Douyin
 * company code, 409 for an id the platform already holds. `nextSerial` numbers the generated ids (one counter per caller).
 */
export function openDouyinAfterSale(
  douyin: DouyinSimulator,
  clock: Clock,
  input: DouyinAfterSaleInput,
  nextSerial: () => number,
): OpenedDouyinAfterSale {
  const parcels = input.parcels.map((p, i) => {
    const companyCode = companyCodeOf(p.carrier);
    if (!companyCode) {
      throw new ApiError(400, 'INVALID_INPUT', `body.parcels.${i}.carrier: ${p.carrier} has no Douyin company code`, [
        { path: `body.parcels.${i}.carrier`, message: 'no Douyin company code for this carrier' },
      ]);
    }
    return { carrier: p.carrier, waybill: p.waybill, companyCode };
  });
  let afterSaleId = input.afterSaleId;
  if (afterSaleId === undefined) {
    do afterSaleId = `71${String(clock.nowMs() % 1e9).padStart(9, '0')}${String(nextSerial()).padStart(8, '0')}`;
    while (douyin.afterSales.has(afterSaleId));
  } else if (douyin.afterSales.has(afterSaleId)) {
    throw new ApiError(409, 'CONFLICT', `body.afterSaleId: after-sale ${afterSaleId} already exists on the simulated platform`, [
      { path: 'body.afterSaleId', message: 'already exists' },
    ]);
  }
  const id = afterSaleId;
  const amount = input.refundAmountFen ?? 12_900;
  const share = Math.floor(amount / parcels.length);
  const skuOrders = parcels.map((_, i) => ({
    skuOrderId: `5${id.slice(-8)}${i + 1}`,
    payAmount: i === parcels.length - 1 ? amount - share * (parcels.length - 1) : share,
    productName: `测试商品${i + 1}`,
  }));
  const sale = douyin.addAfterSale({
    id,
    parcels: parcels.map((p) => ({ trackingNo: p.waybill, companyCode: p.companyCode })),
    skuOrders,
    refundAmount: amount,
    reason: input.reason ?? '未收到货',
  });
  return { afterSaleId: id, sale, parcels };
}
