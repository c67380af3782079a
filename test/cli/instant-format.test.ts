// The CLI's one instant format: the zone's local time with its offset (default Asia/Shanghai), ISO UTC with utc, bad zones refused.
import { describe, expect, it } from 'vitest';
import { formatInstant, isTimeZone, parseTimeZone } from '../../src/cli/instant-format.ts';

describe('formatInstant', () => {
  it('prints Asia/Shanghai by default, with the offset, across midnight', () => {
    expect(formatInstant('2026-12-06T12:00:00Z')).toBe('2026-12-06 20:00:00 +08:00');
    expect(formatInstant('2026-12-06T16:30:05.123Z')).toBe('2026-12-07 00:30:05 +08:00');
  });

  it('prints another zone with its own offset (daylight saving included), UTC as +00:00', () => {
    expect(formatInstant('2026-07-01T12:00:00Z', { timeZone: 'America/New_York' })).toBe('2026-07-01 08:00:00 -04:00');
    expect(formatInstant('2026-12-01T12:00:00Z', { timeZone: 'America/New_York' })).toBe('2026-12-01 07:00:00 -05:00');
    expect(formatInstant('2026-12-06T12:00:00Z', { timeZone: 'Asia/Kolkata' })).toBe('2026-12-06 17:30:00 +05:30');
    expect(formatInstant('2026-12-06T12:00:00Z', { timeZone: 'UTC' })).toBe('2026-12-06 12:00:00 +00:00');
  });

  it('utc prints ISO UTC; missing instants print never; other text as it is', () => {
    expect(formatInstant('2026-12-06T20:00:00+08:00', { utc: true, timeZone: 'Asia/Tokyo' })).toBe('2026-12-06T12:00:00.000Z');
    expect(formatInstant(null)).toBe('never');
    expect(formatInstant(undefined)).toBe('never');
    expect(formatInstant('soon')).toBe('soon');
  });

  it('zones are checked with Intl', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(parseTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(() => parseTimeZone('Mars/Olympus')).toThrow(/--tz: "Mars\/Olympus" is not an IANA time zone/);
  });
});
