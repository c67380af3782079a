// The capability matrix: one row per plugin, derived from declarations only, as text or Markdown.
import type { Confidence, AnyCarrierPlugin } from './define.ts';

/** One row of the capability matrix. */
export interface CapabilityRow {
  id: string;
  name: string;
  kind: 'carrier' | 'hub';
  track: string;
  batch: string;
  push: string;
  intercept: string;
  cancel: string;
  status: string;
  complaint: string;
  formats: string;
}

const mark = (c: Confidence) => `(${c})`;

/** The hubs (with their own confidence) that can act for `carrierId`. */
function hubsFor(carrierId: string, plugins: readonly AnyCarrierPlugin[], capability: 'track' | 'intercept' | 'complaint'): string[] {
  return plugins
    .filter((h) => h.kind === 'hub' && h.id !== carrierId && h.servesCarriers?.includes(carrierId) && h.capabilities[capability])
    .map((h) => {
      const cap = h.capabilities[capability];
      return `${h.id} ${cap ? mark(cap.confidence) : ''}`.trim();
    });
}

/** Builds the matrix rows from the plugins' declarations (hubs are found among `plugins`). */
export function capabilityRows(plugins: readonly AnyCarrierPlugin[]): CapabilityRow[] {
  return plugins.map((p) => {
    const c = p.capabilities;
    const viaTrack = hubsFor(p.id, plugins, 'track');
    const viaIntercept = hubsFor(p.id, plugins, 'intercept');
    const viaComplaint = hubsFor(p.id, plugins, 'complaint');
    const hubCallback = plugins.some((h) => h.kind === 'hub' && h.servesCarriers?.includes(p.id) && h.capabilities.push);
    const via = (list: string[]) => (list.length ? `via ${list.join(', ')}` : 'no');
    return {
      id: p.id,
      name: `${p.names.zh} ${p.names.en}`,
      kind: p.kind,
      track: c.track ? `native ${mark(c.track.confidence)}` : via(viaTrack),
      batch: c.track ? String(c.track.batchSize) : '-',
      push: c.push ? `${c.push.auth} ${mark(c.push.confidence)}` : 'no',
      intercept: c.intercept
        ? `native: ${c.intercept.kinds.join(', ')} ${mark(c.intercept.confidence)}${viaIntercept.length ? `; ${via(viaIntercept)}` : ''}`
        : via(viaIntercept),
      cancel: c.cancelIntercept ? `native ${mark(c.cancelIntercept.confidence)}` : 'no',
      status:
        p.kind === 'hub'
          ? c.push
            ? 'callback'
            : 'tracking'
          : `tracking projection${hubCallback && viaIntercept.length ? ' + hub callback' : ''}`,
      complaint: c.complaint
        ? `native ${mark(c.complaint.confidence)}`
        : viaComplaint.length
          ? `${via(viaComplaint)}; else support task`
          : 'support task',
      formats: p.waybillPatterns.length
        ? p.waybillPatterns.map((w) => `\`${w.pattern.source}\` ${mark(w.confidence)}`).join(' ')
        : 'unknown',
    };
  });
}

const COLUMNS: [keyof CapabilityRow, string][] = [
  ['id', 'id'],
  ['name', 'name'],
  ['kind', 'kind'],
  ['track', 'track'],
  ['batch', 'batch'],
  ['push', 'push'],
  ['intercept', 'intercept'],
  ['cancel', 'cancel'],
  ['status', 'intercept status'],
  ['complaint', 'complaint'],
  ['formats', 'waybill formats'],
];

/** The matrix as a Markdown table. */
export function capabilityMarkdown(rows: readonly CapabilityRow[]): string {
  const head = `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  const body = rows.map((r) => `| ${COLUMNS.map(([key]) => String(r[key]).replace(/\|/g, '\\|')).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** The matrix as aligned plain text. */
export function capabilityText(rows: readonly CapabilityRow[]): string {
  const keys = COLUMNS.filter(([key]) => key !== 'name' && key !== 'formats');
  const widths = keys.map(([key, title]) => Math.max(title.length, ...rows.map((r) => String(r[key]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(keys.map(([, t]) => t)), ...rows.map((r) => line(keys.map(([k]) => String(r[k]))))].join('\n');
}
