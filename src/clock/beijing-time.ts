// Carrier times are Beijing local strings ("yyyy-MM-dd HH:mm:ss"); these helpers convert them to and from UTC explicitly.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const BEIJING_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Parses a Beijing local time string ("2024-06-01 10:00:05") as +08:00, never with the host's time
 * zone. Returns null when the string is not in that form or names an impossible date.
 */
export function parseBeijingTime(text: string): Date | null {
  const m = BEIJING_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((frac ?? '0').padEnd(3, '0')));
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s ?? 0) > 59
  )
    return null;
  return new Date(ms - BEIJING_OFFSET_MS);
}

/** Formats an instant as a Beijing local time string "yyyy-MM-dd HH:mm:ss". */
export function formatBeijingTime(at: Date | number): string {
  const shifted = new Date(new Date(at).getTime() + BEIJING_OFFSET_MS);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}
