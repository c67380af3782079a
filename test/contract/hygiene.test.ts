// Code hygiene rules of CONTRIBUTING.md, checked on the sources: no console output outside the CLI, no untyped `throw new Error`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assets' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const FILES = ['src', 'carriers']
  .flatMap((d) => sources(join(ROOT, d)))
  .map((f) => ({ path: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
/** Where printing to the terminal is the job: the CLI and the catalogue printer it runs. */
const CLI_OUTPUT = [/^src\/cli\//, /^src\/sandbox\/print-catalogue\.ts$/];

function hits(pattern: RegExp, skip: RegExp[] = []): string[] {
  return FILES.filter((f) => !skip.some((s) => s.test(f.path))).flatMap((f) =>
    f.text
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => pattern.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*'))
      .map(({ i }) => `${f.path}:${i + 1}`),
  );
}

describe('source hygiene', () => {
  it('scans the sources', () => {
    expect(FILES.length).toBeGreaterThan(100);
  });

  it('no console.* outside the CLI output modules (the injected pino logger instead)', () => {
    expect(hits(/\bconsole\.(log|error|warn|info|debug)\(/, CLI_OUTPUT)).toEqual([]);
  });

  it('no bare `throw new Error(`: every error is typed (src/runtime/errors.ts, src/carrier/errors.ts, src/api/errors.ts)', () => {
    expect(hits(/throw new Error\(/)).toEqual([]);
  });
});
