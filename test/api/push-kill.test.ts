// Nothing is acknowledged before it is on disk: a gateway SIGKILLed in the middle of a burst of signed pushes keeps every push it answered 2xx.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorKits } from '../../mocks/index.ts';
import type { ZtoSimulator } from '../../mocks/zto/index.ts';
import type { PushRequest } from '../../src/carrier/model.ts';
import { systemClock } from '../../src/clock/index.ts';
import { openStore } from '../../src/store/index.ts';

const worker = join(import.meta.dirname, 'push-kill-worker.ts');
const PUSHES = 600;
const SENDERS = 16;

/** Starts the gateway process and resolves with its URL once it serves. */
function startGatewayProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`gateway exited (${code}) before serving: ${stderr}`)));
  });
}

/** One signed ZTO push per waybill, as the carrier would send them to the sandbox merchant. */
function signedPushes(): { waybillNo: string; push: PushRequest }[] {
  const kit = simulatorKits.zto!;
  const simulator = kit.create({ clock: systemClock }) as ZtoSimulator;
  const config = kit.pluginConfig('http://127.0.0.1:9');
  return Array.from({ length: PUSHES }, (_, i) => {
    const waybillNo = kit.waybill(900_000 + i);
    simulator.world.add({ waybillNo, fate: 'deliver', collectedAt: systemClock.nowMs() - 10 * 3_600_000 });
    return { waybillNo, push: kit.push!(simulator, [waybillNo], { config }) };
  });
}

describe('push intake under SIGKILL', () => {
  let dataDir: string | undefined;
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('every push answered 2xx before the kill is in the inbox after it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lanjie-push-kill-'));
    const started = await startGatewayProcess(dataDir);
    child = started.child;
    const pushes = signedPushes();
    const acknowledged: string[] = [];
    let refused = 0;
    let cut = 0;
    let next = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < pushes.length) {
          const { waybillNo, push } = pushes[next++]!;
          // Kill in the middle of the burst, with requests in flight.
          if (next === Math.floor(PUSHES / 2) && !killed) {
            killed = true;
            child?.kill('SIGKILL');
          }
          try {
            const res = await fetch(`${started.url}/v1/push/zto/sandbox`, {
              method: 'POST',
              headers: push.headers as Record<string, string>,
              body: push.body,
            });
            await res.arrayBuffer();
            if (res.status >= 200 && res.status < 300) acknowledged.push(waybillNo);
            else refused++;
          } catch {
            // The connection died with the process: not acknowledged, so the carrier would send it again.
            cut++;
          }
        }
      }),
    );
    expect(killed).toBe(true);
    expect(refused).toBe(0);
    expect(acknowledged.length + cut).toBe(PUSHES);
    // Some were answered before the kill, and the kill cut the burst short.
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeLessThan(PUSHES);

    const store = await openStore({ url: `sqlite:${join(dataDir, 'sandbox.db')}` });
    try {
      const rows = await store.db.selectFrom('inbox').select('body').where('source', 'like', '%zto%').execute();
      const stored = new Set(acknowledged.filter((no) => rows.some((r) => r.body.includes(no))));
      const missing = acknowledged.filter((no) => !stored.has(no));
      expect(missing).toEqual([]);
      expect(rows.length).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
