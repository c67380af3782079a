// Draws the folder-level import graph (from dependency-cruiser) as a Mermaid diagram in docs/architecture.md; `--check` fails when the page is out of date.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
const layers = createRequire(import.meta.url)('./layers.cjs');
const page = new URL('docs/architecture.md', root);
const BEGIN = '<!-- diagram:begin (scripts/architecture-diagram.js --write) -->';
const END = '<!-- diagram:end -->';

const cruise = JSON.parse(
  execFileSync(
    new URL('node_modules/.bin/depcruise', root).pathname,
    ['src', 'carriers', 'mocks', '--config', '.dependency-cruiser.cjs', '-T', 'json'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  ),
);
const folders = layers.flat();
const folderOf = (path) => folders.find((f) => path.startsWith(`${f}/`));
const edges = new Set();
for (const mod of cruise.modules) {
  const from = folderOf(mod.source);
  if (!from) continue;
  for (const dep of mod.dependencies) {
    const to = folderOf(dep.resolved);
    if (to && to !== from) edges.add(`${from}|${to}`);
  }
}

const id = (folder) => folder.replace(/[^a-z]/g, '_');
const lines = ['```mermaid', 'flowchart BT'];
layers.forEach((layer, i) => {
  lines.push(`  subgraph L${i}["layer ${i}"]`);
  for (const f of layer) lines.push(`    ${id(f)}["${f}"]`);
  lines.push('  end');
});
for (const edge of [...edges].sort()) {
  const [from, to] = edge.split('|');
  lines.push(`  ${id(from)} --> ${id(to)}`);
}
lines.push('```');
const diagram = `${BEGIN}\n${lines.join('\n')}\n${END}`;

const text = readFileSync(page, 'utf8');
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (start < 0 || end < 0) {
  process.stderr.write(`docs/architecture.md: the markers ${BEGIN} … ${END} are missing\n`);
  process.exit(1);
}
const updated = text.slice(0, start) + diagram + text.slice(end + END.length);
if (process.argv.includes('--write')) {
  writeFileSync(page, updated);
} else if (updated !== text) {
  process.stderr.write('docs/architecture.md: the diagram is out of date; run `node scripts/architecture-diagram.js --write`\n');
  process.exit(1);
}
