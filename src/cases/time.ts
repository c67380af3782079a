// Small pure helpers for instants: ISO UTC strings in state, epoch milliseconds in arithmetic.

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** Epoch milliseconds of an ISO instant. Throws on an invalid instant. */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`invalid instant: ${iso}`);
  return ms;
}

/** ISO UTC string (ending in Z) of epoch milliseconds. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The instant `hours` after `iso`, as ISO UTC. */
export function addHours(iso: string, hours: number): string {
  return toIso(toMs(iso) + Math.round(hours * HOUR_MS));
}

/** The earlier of two ISO instants; undefined ones are ignored. */
export function minIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return toMs(a) <= toMs(b) ? a : b;
}
