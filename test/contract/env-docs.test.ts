// Every environment variable the code reads is documented: in the configuration table of docs/api.md and in the README's list.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

const used = [
  ...new Set(
    ['src', 'carriers'].flatMap((d) => sources(join(ROOT, d))).flatMap((f) => readFileSync(f, 'utf8').match(/LANJIE_[A-Z0-9_]+/g) ?? []),
  ),
]
  .filter((name) => !name.startsWith('LANJIE_TEST_'))
  .sort();

describe('environment variables are documented', () => {
  it('the code reads some (the scan works)', () => {
    expect(used).toEqual(expect.arrayContaining(['LANJIE_DATA_DIR', 'LANJIE_SECRET_KEY', 'LANJIE_SANDBOX_SUPPORT_KEY']));
  });

  it('each has a row in the configuration table of docs/api.md', () => {
    const rows = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| `LANJIE_'));
    // A row's first cell may name several (`LANJIE_URL`, `LANJIE_API_KEY`).
    const documented = new Set(rows.flatMap((l) => (l.split('|')[1] ?? '').match(/LANJIE_[A-Z0-9_]+/g) ?? []));
    expect(used.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('each is named in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(used.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
