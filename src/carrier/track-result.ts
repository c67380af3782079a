// Building TrackResults the same way in every plugin: found / not-found from events and raw, and the per-call track loops.
import type { TrackInput, TrackResult, TrackingEvent } from './model.ts';
import { sortEvents, statusFromEvents } from './status.ts';

/**
 * The TrackResult of one waybill from its events: found when there is at least one event, events
 * sorted ascending (stable, see `sortEvents`), status from `statusFromEvents` (`NOT_FOUND` when
 * there are none). `raw` is the carrier's payload for this waybill, kept as given.
 */
export function trackResultOf(carrierId: string, waybillNo: string, events: readonly TrackingEvent[], raw: unknown): TrackResult {
  const sorted = sortEvents(events);
  return { waybillNo, carrierId, found: sorted.length > 0, status: statusFromEvents(sorted), events: sorted, raw };
}

/** The TrackResult of a waybill the carrier knows no route for: `found: false`, status `NOT_FOUND`, no events. */
export function notFoundTrackResult(carrierId: string, waybillNo: string, raw: unknown): TrackResult {
  return { waybillNo, carrierId, found: false, status: 'NOT_FOUND', events: [], raw };
}

/**
 * Tracks inputs one number per call (carriers whose track batch size is 1): `trackOne` is called
 * for each input in order, one after the other, and the results keep the inputs' order. The first
 * error stops the loop and is thrown.
 */
export async function trackOneByOne(
  inputs: readonly TrackInput[],
  trackOne: (input: TrackInput) => Promise<TrackResult>,
): Promise<TrackResult[]> {
  const results: TrackResult[] = [];
  for (const input of inputs) results.push(await trackOne(input));
  return results;
}

/**
 * Tracks inputs in consecutive batches of at most `batchSize` (the carrier's limit per call),
 * one batch after the other; `trackBatch` returns one result per input of its batch, in order.
 */
export async function trackInBatches(
  inputs: readonly TrackInput[],
  batchSize: number,
  trackBatch: (batch: readonly TrackInput[]) => Promise<TrackResult[]>,
): Promise<TrackResult[]> {
  const results: TrackResult[] = [];
  for (let i = 0; i < inputs.length; i += batchSize) results.push(...(await trackBatch(inputs.slice(i, i + batchSize))));
  return results;
}
