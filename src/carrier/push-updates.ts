// Grouping the items of one carrier push into PushUpdates, one per waybill, in the order the waybills first appear.
import type { PushUpdate, TrackingEvent } from './model.ts';
import { sortEvents } from './status.ts';

/**
 * One PushUpdate per waybill named in `items` (first-appearance order): its events mapped with
 * `eventOf` and sorted ascending, and `raw` = that waybill's items as the carrier sent them.
 */
export function pushUpdatesByWaybill<T>(
  carrierId: string,
  items: readonly T[],
  waybillOf: (item: T) => string,
  eventOf: (item: T, waybillNo: string) => TrackingEvent,
): PushUpdate[] {
  const byWaybill = new Map<string, T[]>();
  for (const item of items) {
    const waybillNo = waybillOf(item);
    byWaybill.set(waybillNo, [...(byWaybill.get(waybillNo) ?? []), item]);
  }
  return [...byWaybill].map(([waybillNo, list]) => ({
    waybillNo,
    carrierId,
    events: sortEvents(list.map((item) => eventOf(item, waybillNo))),
    raw: list,
  }));
}
