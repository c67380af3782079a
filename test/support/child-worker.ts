// Runs a TypeScript worker script as a child process (through tsx) that a crash test can SIGKILL.
import { spawn } from 'node:child_process';

/** A running worker: its exit code once it ends, and a way to kill it at once. */
export interface ChildWorker {
  done: Promise<number | null>;
  kill: () => void;
}

/** Starts `node --import tsx <script> ...args`; prints the worker's stderr when it fails. */
export function runWorker(script: string, args: readonly string[]): ChildWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(stderr);
    resolve(code);
  }));
  return { done, kill: () => child.kill('SIGKILL') };
}
