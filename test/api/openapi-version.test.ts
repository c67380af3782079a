// The OpenAPI document's info.version is package.json's version, found by walking up from the module (as from src/ or a compiled dist/).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackageJsonNotFoundError, findPackageVersion, packageVersion } from '../../src/runtime/package-version.ts';
import { testGateway, type TestGateway } from './harness.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('OpenAPI info.version', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('is the version in package.json', async () => {
    expect(packageVersion()).toBe(pkg.version);
    const doc = (await t.call({ method: 'GET', url: '/docs/openapi.json', key: null })).json();
    expect(doc.info.version).toBe(pkg.version);
  });

  it('is found from a nested dist/ folder, skipping package.json files of other names', () => {
    const root = mkdtempSync(join(tmpdir(), 'lanjie-version-'));
    try {
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'lanjie', version: '9.8.7' }));
      mkdirSync(join(root, 'dist', 'app'), { recursive: true });
      writeFileSync(join(root, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
      const moduleUrl = pathToFileURL(join(root, 'dist', 'app', 'package-version.js')).href;
      expect(findPackageVersion(moduleUrl)).toBe('9.8.7');
      expect(() => findPackageVersion(moduleUrl, 'not-lanjie')).toThrow(PackageJsonNotFoundError);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
