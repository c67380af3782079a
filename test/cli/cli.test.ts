// The lanjie command: capability matrix, detection, and clear errors for bad arguments (run as a child process, as a user would).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
function lanjie(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lanjie CLI', () => {
  it('carriers --markdown prints one row per registered plugin', () => {
    const r = lanjie('carriers', '--markdown');
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toMatch(/^\| id \| name \| kind \| track/);
    for (const id of ['sf', 'zto', 'yto', 'kuaidi100', 'fengwang', 'yto-freight']) expect(r.out).toContain(`| ${id} |`);
    expect(rows.length).toBe(2 + 15);
  });

  it('detect ranks candidates and prints JSON on request', () => {
    const r = lanjie('detect', 'SF1234567890123', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ waybillNo: 'SF1234567890123', candidates: [{ carrierId: 'sf', prefixed: true }] });
  });

  it('detect says plainly when no format fits, with exit code 2', () => {
    const r = lanjie('detect', 'ABCDEF123');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/no carrier format fits/);
  });

  it('refuses a malformed waybill and a missing argument with a clear message', () => {
    const bad = lanjie('detect', 'SF 123');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/is not a waybill number/);
    const missing = lanjie('detect');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/missing required argument 'waybill'/);
  });
});
