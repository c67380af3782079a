// Pure display helpers of the console (no DOM): fen as yuan with exact integer arithmetic, UTC instants shown in Asia/Shanghai, durations, yuan typed by a user back to fen.

/** The time zone every instant is shown in. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';
/** The label shown beside displayed times. */
export const TIME_ZONE_LABEL = '北京时间 UTC+8';

const shanghai = new Intl.DateTimeFormat('en-CA', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A UTC ISO instant as `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai; '—' when absent; the input unchanged when it is not an instant. */
export function shanghaiTime(iso) {
  if (iso === undefined || iso === null || iso === '') return '—';
  const date = new Date(String(iso));
  if (Number.isNaN(date.getTime())) return String(iso);
  const p = {};
  for (const part of shanghai.formatToParts(date)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

const INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/** Free text (a reason's detail) with every UTC ISO instant in it rewritten as Asia/Shanghai wall time. */
export function localizeInstants(text) {
  return String(text).replace(INSTANT, (iso) => shanghaiTime(iso));
}

/** Integer fen as yuan, exactly (string arithmetic, no floating point): 12900 → '¥129.00', 123456789 → '¥1,234,567.89'. '—' when not a safe integer. */
export function yuan(fen) {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) return '—';
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${whole}.${digits.slice(-2)}`;
}

/** A yuan amount typed by a user ('129', '129.5', '129.05') as integer fen; null when it is not a plain non-negative amount with at most two decimals. */
export function fenFromYuanInput(text) {
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** A duration in ms as `{ zh: '1小时0分5秒', en: '1 h 0 m 5 s' }` (whole seconds, rounded down). */
export function duration(ms) {
  const total = Math.max(0, Math.floor(Number(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return { zh: `${h}小时${m}分${s}秒`, en: `${h} h ${m} m ${s} s` };
}

/** Whether a link from the API may be shown as a link (http or https only). */
export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
