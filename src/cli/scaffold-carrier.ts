// `lanjie carriers new <id>`: writes a declaration-only carrier (every capability n/a), its README and test, and registers it in carriers/carriers.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../runtime/errors.ts';

/** What the scaffold needs to know of the new carrier. */
export interface ScaffoldInput {
  /** Registry id = folder name: lower-case letters, digits and dashes, starting with a letter. */
  id: string;
  /** Chinese name, e.g. 极兔速递. */
  zh: string;
  /** English name, e.g. J&T Express. */
  en: string;
  /** Kuaidi100 company code (`com`): the hub tracks and intercepts the carrier through it. */
  kuaidi100: string;
}

const ScaffoldInputSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'lower-case letters, digits and dashes, starting with a letter'),
  zh: z.string().trim().min(1, 'required'),
  en: z.string().trim().min(1, 'required'),
  kuaidi100: z.string().regex(/^[a-z0-9]+$/, 'a Kuaidi100 company code: lower-case letters and digits'),
});

/** The camel-case import name of an id (`yto-freight` → `ytoFreight`). */
function importName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function declaration(input: ScaffoldInput): string {
  return `// ${input.en} (${input.zh}) declaration, made by \`lanjie carriers new\`: names and Kuaidi100 code; every capability n/a until its API is implemented.
import { defineCarrier } from '../../src/carrier/define.ts';

export default defineCarrier({
  id: ${quote(input.id)},
  kind: 'carrier',
  names: { zh: ${quote(input.zh)}, en: ${quote(input.en)} },
  // Confidence I (inferred) until a source confirms the code: see reference/carriers.md for the marks.
  kuaidi100Code: { code: ${quote(input.kuaidi100)}, confidence: 'I' },
  // Add douyinCompanyCode when the Douyin platform's code is known, and waybillPatterns once a source confirms the format.
  waybillPatterns: [],
  capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false },
  limits: { source: 'assumed' },
  errors: {},
});
`;
}

function readme(input: ScaffoldInput): string {
  return `# ${input.id} — ${input.zh} (${input.en}) — declaration only

Made by \`lanjie carriers new ${input.id}\`. The gateway knows the carrier's names and its Kuaidi100 code
(\`${input.kuaidi100}\`, confidence I until confirmed), so cases on it are eligible for refund-after-rejection
and the Kuaidi100 hub can track and intercept its parcels. No native capability is declared.

To turn it into a real carrier, follow CONTRIBUTING.md ("From a scaffold to a carrier"): add \`config.ts\`,
\`client.ts\`, \`sign.ts\`, \`schemas.ts\`, \`mapping.ts\` here, a simulator in \`mocks/${input.id}/\` with
real-shaped payloads under \`mocks/${input.id}/fixtures/\`, and declare each capability with its confidence.
`;
}

function testFile(input: ScaffoldInput): string {
  return `// ${input.id}: the shared carrier contract, and the place for this carrier's own cases.
import { builtinCarriers } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';
import { describeCarrierContract } from '../contract/carrier-contract.ts';

describeCarrierContract(builtinCarriers[${quote(input.id)}]!, simulatorKits[${quote(input.id)}]);
`;
}

/** Adds the import and the entry of `id` to carriers/carriers.ts, keeping both in alphabetical order. */
function register(listText: string, id: string): string {
  const name = importName(id);
  const importLine = `import ${name} from './${id}/index.ts';`;
  const entry = id.includes('-') ? `  ${quote(id)}: ${name},` : `  ${id},`;
  const lines = listText.split('\n');
  const imports = lines.flatMap((l, i) => (/^import \w+ from '\.\/[a-z0-9-]+\/index\.ts';$/.test(l) ? [i] : []));
  const at = imports.find((i) => (lines[i]!.match(/'\.\/([a-z0-9-]+)\//)?.[1] ?? '') > id) ?? (imports.at(-1) ?? 0) + 1;
  lines.splice(at, 0, importLine);
  const open = lines.findIndex((l) => l.startsWith('export const carrierPlugins'));
  const close = lines.findIndex((l, i) => i > open && l === '};');
  if (open < 0 || close < 0)
    throw new UsageError('carriers/carriers.ts: the carrierPlugins map was not found; register the carrier by hand');
  const keyOf = (l: string) => l.trim().replace(/^'/, '').split(/[':,]/)[0] ?? '';
  let pos = close;
  for (let i = open + 1; i < close; i++) {
    if (keyOf(lines[i]!) > id) {
      pos = i;
      break;
    }
  }
  lines.splice(pos, 0, entry);
  return lines.join('\n');
}

/** Writes the new carrier under `root` (a lanjie source checkout); returns the files written or changed. */
export function scaffoldCarrier(root: string, raw: ScaffoldInput): string[] {
  const parsed = ScaffoldInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const input = parsed.data;
  const list = join(root, 'carriers', 'carriers.ts');
  if (!existsSync(list))
    throw new UsageError(`${root} is not a lanjie source checkout (carriers/carriers.ts is missing): run this from the repository root`);
  const folder = join(root, 'carriers', input.id);
  if (existsSync(folder)) throw new UsageError(`carriers/${input.id} exists already`);
  const test = join(root, 'test', 'carriers', `${input.id}.test.ts`);
  if (existsSync(test)) throw new UsageError(`test/carriers/${input.id}.test.ts exists already`);
  const listed = register(readFileSync(list, 'utf8'), input.id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'index.ts'), declaration(input));
  writeFileSync(join(folder, 'README.md'), readme(input));
  writeFileSync(test, testFile(input));
  writeFileSync(list, listed);
  return [`carriers/${input.id}/index.ts`, `carriers/${input.id}/README.md`, `test/carriers/${input.id}.test.ts`, 'carriers/carriers.ts'];
}
