// Runs the compiled `bin/lanjie.js` as a child process, as a user, a supervisor or a container does: waits until it is ready, and stops it with a signal.
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

/** The compiled command (built by test/global-build.ts). */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lanjie.js');

/** A started gateway process. */
export interface LanjieProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output(): string;
  /** Resolves with the exit code (null when ended by a signal) and the time it took after `signal`, ms. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts `node <args>` and waits (up to `readyMs`) for the "lanjie ready on URL" line (or `ready`, whose group 1 is the URL). */
export async function startLanjie(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  readyMs = 20_000,
  ready = /lanjie ready on (http:\/\/[^\s]+)/,
): Promise<LanjieProcess> {
  const child = spawn(process.execPath, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in ${readyMs} ms:\n${out}`)), readyMs);
    exited.then(({ code }) => reject(new Error(`exited with ${code} before it was ready:\n${out}`)));
    const check = () => {
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      } else setTimeout(check, 50);
    };
    check();
  });
  return {
    child,
    url,
    port: Number(new URL(url).port),
    output: () => out,
    async stop(signal = 'SIGTERM') {
      const at = Date.now();
      child.kill(signal);
      const end = await exited;
      return { ...end, ms: Date.now() - at };
    },
  };
}

/** Whether a new server can listen on `port` at 127.0.0.1 (the old one let it go). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1 (released before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
