// Runs a TypeScript worker script as a child process (through tsx) that a crash test can SIGKILL.
import { spawn } from 'node:child_process';
import type { EffectRunner } from '../../src/coordinator/runner.ts';
import type { Store } from '../../src/store/connect.ts';

/** A running worker: its exit code once it ends, and a way to kill it at once. */
export interface ChildWorker {
  done: Promise<number | null>;
  kill: () => void;
}

/** Starts `node --import tsx <script> ...args`; prints the worker's stderr when it fails. */
export function runWorker(script: string, args: readonly string[]): ChildWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

/**
 * The body of a crash-test worker: runs the effect runner until nothing is PENDING or RUNNING (the parent
 * may SIGKILL it meanwhile), closes the store and prints `drained`.
 */
export async function drainAndExit(store: Store, runner: EffectRunner): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const round = await runner.runOnce();
    const waiting = await store.db.selectFrom('effects').select('id').where('status', 'in', ['PENDING', 'RUNNING']).execute();
    if (round.claimed === 0 && waiting.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await store.close();
  process.stdout.write('drained\n');
}
