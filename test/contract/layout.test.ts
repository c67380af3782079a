// Layout rules: carriers/, the registry and mocks/ agree; plugins stay behind the contract; time comes from the clock.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCarriers } from '../../carriers/index.ts';
import { simulatorKits } from '../../mocks/index.ts';

const root = join(import.meta.dirname, '..', '..');
const dirs = (path: string) => readdirSync(join(root, path)).filter((name) => statSync(join(root, path, name)).isDirectory());
const files = (path: string): string[] =>
  readdirSync(join(root, path)).flatMap((name) => {
    const full = join(path, name);
    return statSync(join(root, full)).isDirectory() ? files(full) : [full];
  });
const MOCK_SUPPORT = new Set(['kit', 'sandbox', 'merchant']);

describe('layout', () => {
  const carrierDirs = dirs('carriers').sort();
  const registryIds = Object.keys(builtinCarriers).sort();

  it('every carriers/ folder is registered under its own id, and nothing else is', () => {
    expect(carrierDirs).toEqual(registryIds);
    for (const [key, plugin] of Object.entries(builtinCarriers)) expect(plugin.id).toBe(key);
  });

  it('each plugin folder has the standard files; declaration-only entries have index.ts and README.md alone', () => {
    for (const id of carrierDirs) {
      const present = readdirSync(join(root, 'carriers', id)).sort();
      const plugin = builtinCarriers[id as keyof typeof builtinCarriers]!;
      if (plugin.create) {
        for (const file of ['index.ts', 'client.ts', 'sign.ts', 'schemas.ts', 'mapping.ts', 'README.md'])
          expect(present, `carriers/${id}`).toContain(file);
      } else {
        expect(present, `carriers/${id} is declaration-only`).toEqual(['README.md', 'index.ts']);
      }
    }
  });

  it('mocks/ has a simulator for every plugin with a client, and none for declaration-only entries', () => {
    const mockDirs = dirs('mocks')
      .filter((d) => !MOCK_SUPPORT.has(d))
      .sort();
    const withClient = registryIds.filter((id) => builtinCarriers[id as keyof typeof builtinCarriers]!.create);
    expect(mockDirs).toEqual(withClient);
    expect(Object.keys(simulatorKits).sort()).toEqual(withClient);
    for (const id of withClient) {
      expect(simulatorKits[id]!.carrierId).toBe(id);
      for (const file of ['index.ts', 'simulator.ts', 'README.md'])
        expect(existsSync(join(root, 'mocks', id, file)), `mocks/${id}/${file}`).toBe(true);
    }
  });

  it('no carrier reaches past the contract (limiter, retries, storage, coordinator belong to src/)', () => {
    const forbidden =
      /from ['"](bottleneck|p-retry|ioredis|pg|better-sqlite3)['"]|from ['"][./]*src\/(cases|store|api|platform|console|cli)\//;
    const offenders = files('carriers').filter((f) => f.endsWith('.ts') && forbidden.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no simulator imports a plugin: signatures are checked by independent code', () => {
    const offenders = files('mocks').filter(
      (f) => f.endsWith('.ts') && /from ['"][./]*carriers\//.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('time comes only from src/clock: no Date.now() or argument-less new Date() elsewhere', () => {
    const pattern = /Date\.now\(\)|new Date\(\s*\)/;
    const offenders = ['src', 'carriers', 'mocks']
      .flatMap((dir) => files(dir))
      .filter((f) => f.endsWith('.ts') && !relative('src/clock', f).match(/^[^.]/))
      .filter((f) => pattern.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
