// `lanjie carriers new`: the scaffold in a copy of the tree is registered, eligible, served by Kuaidi100 and passes the contract and layout suites at once.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry, defineCarrier } from '../../src/carrier/index.ts';
import { scaffoldCarrier } from '../../src/cli/scaffold-carrier.ts';
import { UsageError } from '../../src/runtime/errors.ts';
import { declaredEligibleCarrierIds } from '../../src/server/eligible-carriers.ts';

const root = join(import.meta.dirname, '..', '..');

describe('lanjie carriers new', () => {
  const copy = mkdtempSync(join(tmpdir(), 'lanjie-scaffold-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('writes the folder, the test and the registration; the new carrier passes the contract, layout and hub suites', () => {
    for (const dir of ['src', 'carriers', 'mocks', 'test']) cpSync(join(root, dir), join(copy, dir), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(join(root, file), join(copy, file));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    writeFileSync(
      join(copy, 'vitest.scaffold.config.ts'),
      "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { environment: 'node', setupFiles: ['test/setup.ts'] } });\n",
    );

    const written = scaffoldCarrier(copy, { id: 'zjs', zh: '宅急送', en: 'ZJS Express', kuaidi100: 'zhaijisong' });
    expect(written).toEqual(['carriers/zjs/index.ts', 'carriers/zjs/README.md', 'test/carriers/zjs.test.ts', 'carriers/carriers.ts']);
    const list = readFileSync(join(copy, 'carriers', 'carriers.ts'), 'utf8');
    expect(list).toContain("import zjs from './zjs/index.ts';");
    expect(list.indexOf('  zjs,')).toBeGreaterThan(list.indexOf('  yunda,'));
    expect(list.indexOf('  zjs,')).toBeLessThan(list.indexOf('  zto,'));

    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'vitest.scaffold.config.ts',
        '--reporter=verbose',
        'test/carriers/zjs.test.ts',
        'test/contract/layout.test.ts',
        'test/contract/hub-codes.test.ts',
        'test/contract/registry-coverage.test.ts',
      ],
      { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/zjs contract/);
  }, 120_000);

  it('refuses a bad id, an existing carrier and a tree that is not a checkout, by name', () => {
    expect(() => scaffoldCarrier(root, { id: 'Bad_Id', zh: '某', en: 'Some', kuaidi100: 'some' })).toThrow(/id: lower-case letters/);
    expect(() => scaffoldCarrier(root, { id: 'zto', zh: '中通', en: 'ZTO', kuaidi100: 'zhongtong' })).toThrow(
      /carriers\/zto exists already/,
    );
    expect(() => scaffoldCarrier(tmpdir(), { id: 'zjs', zh: '宅急送', en: 'ZJS', kuaidi100: 'zhaijisong' })).toThrow(UsageError);
  });

  it('a registered carrier is eligible by default; one whose declaration opts out is not', () => {
    const base = {
      kind: 'carrier' as const,
      names: { zh: '某', en: 'Some' },
      waybillPatterns: [],
      capabilities: { track: false, intercept: false, cancelIntercept: false, push: false, complaint: false } as const,
      limits: { source: 'assumed' as const },
      errors: {},
    };
    const registry = createRegistry({
      zto: defineCarrier({ ...base, id: 'zto' }),
      aaa: defineCarrier({ ...base, id: 'aaa' }),
      out: defineCarrier({ ...base, id: 'out', eligibleByDefault: false }),
    });
    expect(declaredEligibleCarrierIds(registry)).toEqual(['zto', 'aaa']);
  });
});
