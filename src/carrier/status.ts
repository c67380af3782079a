// Derives a parcel's unified status from its events: one rule for every plugin.
import type { EventKind, ParcelStatus, TrackingEvent } from './model.ts';

const STATUS_BY_KIND: Record<EventKind, ParcelStatus | null> = {
  INFO_RECEIVED: 'INFO_RECEIVED',
  COLLECTED: 'COLLECTED',
  IN_TRANSIT: 'IN_TRANSIT',
  ARRIVED_DEST_CITY: 'IN_TRANSIT',
  OUT_FOR_DELIVERY: 'OUT_FOR_DELIVERY',
  AT_PICKUP_POINT: 'AT_PICKUP_POINT',
  DELIVERED: 'DELIVERED',
  DELIVERY_FAILED: 'DELIVERY_FAILED',
  REJECTED: 'REJECTED',
  RETURNING: 'RETURNING',
  RETURNED: 'RETURNED',
  REDIRECTED: 'REDIRECTED',
  INTERCEPTED: 'RETURNING',
  EXCEPTION: 'EXCEPTION',
  CUSTOMS: 'IN_TRANSIT',
  CANCELLED: 'CANCELLED',
  UNKNOWN: null,
};

/** Sorts events ascending by time, keeping the carrier's order for equal times. */
export function sortEvents(events: readonly TrackingEvent[]): TrackingEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.at < b.event.at ? -1 : a.event.at > b.event.at ? 1 : a.index - b.index))
    .map(({ event }) => event);
}

/** The status shown by the latest event that says something (UNKNOWN events are skipped). */
export function statusFromEvents(events: readonly TrackingEvent[]): ParcelStatus {
  const sorted = sortEvents(events);
  for (let i = sorted.length - 1; i >= 0; i--) {
    const status = STATUS_BY_KIND[sorted[i]!.kind];
    if (status) return status;
  }
  return sorted.length === 0 ? 'NOT_FOUND' : 'UNKNOWN';
}
