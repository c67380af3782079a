// How the CLI prints instants: in the merchant's zone with its offset (`2026-12-06 20:00:00 +08:00`, default Asia/Shanghai), or ISO UTC with --utc.
import { InvalidArgumentError } from 'commander';

/** The zone the CLI prints instants in when no --tz is given. */
export const DEFAULT_CLI_TIME_ZONE = 'Asia/Shanghai';

/** How instants are printed: `utc` (ISO, `Z`) or local time in `timeZone` (an IANA zone) with the offset. */
export interface InstantStyle {
  /** Print ISO UTC (`2026-12-06T12:00:00.000Z`). Default false. */
  utc?: boolean;
  /** IANA zone for local time. Default {@link DEFAULT_CLI_TIME_ZONE}. */
  timeZone?: string;
}

/** Whether Intl knows `zone` as a time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    // handled: Intl refuses unknown zones; the caller reports the option
    return false;
  }
}

/** Commander parser of `--tz`: an IANA zone Intl knows, or an error naming the option. */
export function parseTimeZone(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError(`--tz: "${value}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`);
  return value;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/**
 * One instant as the CLI prints it: `2026-12-06 20:00:00 +08:00` in the style's zone, or ISO UTC with `utc`.
 * Null or undefined print as `never`; text that is not an instant is printed as it is.
 */
export function formatInstant(value: string | number | null | undefined, style: InstantStyle = {}): string {
  if (value === null || value === undefined) return 'never';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  if (style.utc) return date.toISOString();
  const parts = Object.fromEntries(
    formatIn(style.timeZone ?? DEFAULT_CLI_TIME_ZONE)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  // longOffset is `GMT+08:00`, or `GMT` alone at offset zero.
  const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT/, '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${offset}`;
}
