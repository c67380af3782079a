// Renders the sandbox catalogue (magic numbers per carrier, fates with their set-up and expected outcome per mode) as Markdown or JSON, for docs/sandbox.md and `lanjie sandbox fates`.
import { simulatorKits } from '../../mocks/index.ts';
import { CATALOGUE_HORIZON_HOURS, FATE_CATALOGUE, type CatalogueEntry, type ExpectedOutcome, type FateSetup } from './catalogue.ts';
import { SANDBOX_FATES } from './fates.ts';

/** Carriers with a simulator, in a stable order (the Douyin platform simulator holds after-sales, not a carrier's parcels). */
function carrierKits() {
  return Object.values(simulatorKits)
    .filter((k) => k.carrierId !== 'douyin')
    .sort((a, b) => a.carrierId.localeCompare(b.carrierId));
}

/** The magic numbers: one row per parcel fate, one column per carrier simulator. */
export function magicNumbers(): { fate: string; n: number; description: string; numbers: Record<string, string> }[] {
  return SANDBOX_FATES.map((f) => ({
    fate: f.fate,
    n: f.n,
    description: f.description,
    numbers: Object.fromEntries(carrierKits().map((k) => [k.carrierId, k.waybill(f.n)])),
  }));
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const list = (items: readonly string[]) => (items.length ? items.map((x) => `\`${x}\``).join(', ') : '—');

function setupText(setup: FateSetup): string {
  const parcels = setup.parcels
    .map((p) => `${p.carrier} \`${p.fate}\`${p.collectedHoursAgo !== undefined ? ` (collected ${p.collectedHoursAgo} h before)` : ''}`)
    .join(' + ');
  const faults = (setup.faults ?? []).map((f) => `${f.carrier} answers HTTP ${f.status} to its next ${f.times} requests`);
  const steps = (setup.steps ?? []).map((s) => `at t0+${s.atHours} h: ${s.do}`);
  return [parcels, ...faults, ...steps].join('; ');
}

function money(o: ExpectedOutcome): string {
  const calls = Object.entries(o.money)
    .filter(([, n]) => n > 0)
    .map(([a]) => a);
  return calls.length ? calls.join(', ') : 'none';
}

function outcomeText(o: ExpectedOutcome, generic: boolean): string {
  const ix = o.interceptions.length ? o.interceptions.map((i) => `${i.channel} ${i.state}`).join(', ') : 'none';
  return [
    `**${o.status}**`,
    `interceptions: ${ix}`,
    `money: ${money(o)}`,
    ...(generic ? [`notices: ${list(o.notices ?? [])}`] : []),
    `complaints: ${list(o.complaints)}`,
    `tasks: ${list(o.tasks)}`,
    `deadline: ${list(o.deadline)}`,
  ].join('<br>');
}

/** The catalogue as Markdown: the magic numbers table, then the fates table. */
export function catalogueMarkdown(entries: readonly CatalogueEntry[] = FATE_CATALOGUE): string {
  const kits = carrierKits();
  const out: string[] = [];
  out.push(`| fate | n | ${kits.map((k) => k.carrierId).join(' | ')} |`);
  out.push(`|---|---|${kits.map(() => '---').join('|')}|`);
  for (const row of magicNumbers())
    out.push(`| \`${row.fate}\` | ${row.n} | ${kits.map((k) => `\`${row.numbers[k.carrierId]}\``).join(' | ')} |`);
  out.push('');
  out.push(
    `Outcomes are read ${CATALOGUE_HORIZON_HOURS} h after the case opened (t0). Money calls: generic mode from the merchant simulator's ledger, douyin mode from the platform simulator's operate ledger (201 refund, 202 reject, 203 agree-refuse-sign), each at most once.`,
  );
  out.push('');
  out.push('| fate | DESIGN §3 | set-up | generic mode | douyin mode |');
  out.push('|---|---|---|---|---|');
  for (const e of entries) {
    out.push(
      `| \`${e.id}\` | ${cell(e.design)} | ${cell(e.description)}. ${cell(setupText(e.setup))} | ${cell(outcomeText(e.expected.generic, true))} | ${cell(outcomeText(e.expected.douyin, false))} |`,
    );
  }
  return out.join('\n');
}

/** The catalogue as JSON (the data the end-to-end test reads). */
export function catalogueJson(): unknown {
  return { horizonHours: CATALOGUE_HORIZON_HOURS, magicNumbers: magicNumbers(), fates: FATE_CATALOGUE };
}

// `npx tsx src/sandbox/print-catalogue.ts [--json]`
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(process.argv.includes('--json') ? JSON.stringify(catalogueJson(), null, 2) : catalogueMarkdown());
}
