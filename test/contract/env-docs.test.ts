// Keeps docs/configuration.md complete: every LANJIE_* variable named in src/ must have a row in its table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/configuration.md', () => {
  const table = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  const documented = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]));

  it('has a row for every LANJIE_* variable src/ reads', () => {
    const read = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/LANJIE_[A-Z0-9_]+/g)) read.add(m[0]);
    }
    expect(read.size).toBeGreaterThan(10);
    const missing = [...read].filter((name) => !documented.has(name)).sort();
    expect(missing, `add these to docs/configuration.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('documents PORT and the variables being added in this release', () => {
    for (const name of ['PORT', 'LANJIE_SECRET_KEY', 'LANJIE_SECRET_KEY_PREVIOUS', 'LANJIE_SHUTDOWN_TIMEOUT_MS']) {
      expect(documented.has(name), name).toBe(true);
    }
  });
});
