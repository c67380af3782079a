// Runs the README's "Five minutes with the sandbox" commands, as written, against a sandbox gateway started as a child process.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../process/lanjie-process.ts';

const root = join(import.meta.dirname, '..', '..');
const KEY = 'lj_sandbox_demo_key_0123456789';

/** The ```sh blocks of the walkthrough section after the first (the first starts the gateway, which the test does itself). */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Five minutes with the sandbox');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').slice(1);
}

describe('README walkthrough', () => {
  let child: ChildProcess;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'lanjie-readme-'));
    child = spawn(process.execPath, [join(root, 'node_modules', '.bin', 'tsx'), 'src/cli/main.ts', 'start'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), LANJIE_DATA_DIR: dataDir, LANJIE_SANDBOX_API_KEY: KEY },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the sandbox gateway did not start within 20 s');
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 15_000);

  it('runs every command as written and ends with the case REFUNDED', () => {
    const blocks = walkthroughBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    const script = ['set -euo pipefail', ...blocks, 'echo', 'curl -sf -H "$H" $U/v1/cases/$C']
      .join('\n')
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`);
    const out = execFileSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', timeout: 25_000 });
    const last = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { status?: string; case?: { status?: string } };
    expect(last.status ?? last.case?.status).toBe('REFUNDED');
  }, 30_000);
});
