// Building one unified TrackingEvent from a carrier scan: the Beijing time read (or refused as a bad response), an empty place left out.
import { parseBeijingTime } from '../clock/beijing-time.ts';
import { BadResponseError } from './errors.ts';
import type { EventKind, TrackingEvent } from './model.ts';

/** Where a carrier time was read, for the error when it cannot be: the operation, the field's name and its payload path. */
export interface TimeFieldRef {
  /** The operation, first word of the error message (`track`, `push`). */
  what: string;
  /** The field as the message names it (`scanTime`, `trace time`). */
  field: string;
  /** The payload path reported as the path (`data.details.scanTime`). */
  path: string;
}

/**
 * Reads a carrier's Beijing local time string ("2024-06-01 10:00:05") as a UTC ISO instant. A
 * string that is not one throws BadResponseError `<what>: unreadable <field> "<value>"` with one
 * issue `{ path, message: 'not a Beijing time' }` and `raw` attached.
 */
export function beijingInstant(carrierId: string, value: string, ref: TimeFieldRef, raw: unknown): string {
  const at = parseBeijingTime(value);
  if (!at) {
    throw new BadResponseError(
      carrierId,
      `${ref.what}: unreadable ${ref.field} ${JSON.stringify(value)}`,
      [{ path: ref.path, message: 'not a Beijing time' }],
      { raw },
    );
  }
  return at.toISOString();
}

/** The parts of a TrackingEvent a plugin reads from one carrier scan. */
export interface TrackingEventParts {
  kind: EventKind;
  /** UTC ISO instant. */
  at: string;
  /** Where, as the carrier names it; empty, null or undefined leaves `place` out. */
  place?: string | null | undefined;
  description: string;
  /** The carrier's own event code. */
  rawCode: string;
}

/** A TrackingEvent with `place` only when the carrier gave a non-empty one. */
export function trackingEvent(parts: TrackingEventParts): TrackingEvent {
  const { kind, at, place, description, rawCode } = parts;
  return { kind, at, ...(place ? { place } : {}), description, rawCode };
}
