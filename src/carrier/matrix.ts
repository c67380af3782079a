// The capability matrix: one row per plugin, derived from declarations only, as text or Markdown.
import type { CarrierPlugin, Confidence } from './define.ts';

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
  complaint: string;
  formats: string;
}

const mark = (c: Confidence) => `(${c})`;

/** Builds the matrix rows from the plugins' declarations. `hubRoutes` names hubs that can act for carriers without a native route. */
export function capabilityRows(plugins: readonly CarrierPlugin<any>[], hubRoutes: readonly string[] = []): CapabilityRow[] {
  return plugins.map((p) => {
    const c = p.capabilities;
    const declarationOnly = !p.create;
    const viaHubs = hubRoutes.filter((h) => h !== p.id);
    return {
      id: p.id,
      name: `${p.names.zh} ${p.names.en}`,
      kind: p.kind,
      track: c.track ? `yes ${mark(c.track.confidence)}` : declarationOnly && viaHubs.length ? `via ${viaHubs.join('/')}` : 'no',
      batch: c.track ? String(c.track.batchSize) : '-',
      push: c.push ? `${c.push.auth} ${mark(c.push.confidence)}` : 'no',
      intercept: c.intercept ? `native: ${c.intercept.kinds.join(', ')} ${mark(c.intercept.confidence)}` : viaHubs.length ? `via ${viaHubs.join('/')}` : 'no',
      cancel: c.cancelIntercept ? `yes ${mark(c.cancelIntercept.confidence)}` : 'no',
      complaint: c.complaint ? `yes ${mark(c.complaint.confidence)}` : 'no',
      formats: p.waybillPatterns.length ? p.waybillPatterns.map((w) => `\`${w.pattern.source}\``).join(' ') : 'unknown',
    };
  });
}

const COLUMNS: [keyof CapabilityRow, string][] = [
  ['id', 'id'], ['name', 'name'], ['kind', 'kind'], ['track', 'track'], ['batch', 'batch'], ['push', 'push'],
  ['intercept', 'intercept'], ['cancel', 'cancel'], ['complaint', 'complaint'], ['formats', 'waybill formats'],
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
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(keys.map(([, t]) => t)), ...rows.map((r) => line(keys.map(([k]) => String(r[k]))))].join('\n');
}
