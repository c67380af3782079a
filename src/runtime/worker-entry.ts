// Where a worker thread's entry file is and how to start it: the compiled `.js` beside a compiled caller, or the `.ts` source through tsx when running from sources (tsx, vitest).
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker whose entry file is `name` (without extension) beside the calling module `callerUrl`
 * (pass `import.meta.url`). From a compiled `dist/` the entry is the `.js` file; from sources it is the `.ts`
 * file, loaded after registering tsx's ESM loader inside the thread (Node 20 ignores `--import` in a worker's
 * execArgv); tsx is a runtime dependency, so this works wherever the sources run.
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(entry, { ...options, execArgv: [] });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true, execArgv: [] });
}
