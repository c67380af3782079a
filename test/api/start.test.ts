// `npm start` as a user runs it: the sandbox gateway starts within a few seconds, prints its URLs and key, answers /healthz, and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

describe('lanjie start (npm start)', () => {
  it('prints URLs and the key, serves, and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanjie-start-'));
    const key = 'lj_start_test_key_0123456789abcdef';
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
      env: { ...process.env, PORT: '0', LANJIE_DATA_DIR: dataDir, LANJIE_SANDBOX_API_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = Date.now();
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready in 15 s\n${out}\n${err}`)), 15_000);
      const check = () => {
        const m = /lanjie ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        } else setTimeout(check, 50);
      };
      check();
    });
    const readyMs = Date.now() - started;
    expect(readyMs).toBeLessThan(15_000);
    expect(out).toContain(`${url}/v1`);
    expect(out).toContain(`${url}/docs`);
    expect(out).toContain(`merchant key  ${key}`);
    expect(out).toMatch(/support key {3}lj_/);
    expect(out).toContain('73100000000101 deliver');
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'sandbox' });
    const cases = await fetch(`${url}/v1/cases`, { headers: { authorization: `Bearer ${key}` } });
    expect(cases.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('lanjie stopped');
  }, 40_000);
});
