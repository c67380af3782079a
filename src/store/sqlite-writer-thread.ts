// The SQLite writer thread: owns the store's write connection, so each commit's fsync (synchronous=FULL) waits here instead of blocking the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, describeError, openSqlite } from './sqlite-engine.ts';
import type { WriteStep } from './plan.ts';

/** A request from the store's main thread (write plans always come as a group, of one or more). */
type WriterMessage =
  | { id: number; op: 'exec'; sql: string; params: readonly unknown[] }
  | { id: number; op: 'plans'; plans: readonly (readonly WriteStep[])[] }
  | { id: number; op: 'close' };

const data = workerData as { path: string; pageCacheKib?: number };
const engine = new SqliteEngine(openSqlite(data.path, 'writer', data.pageCacheKib));
const port = parentPort;
if (port === null) throw new TypeError('sqlite-writer-thread runs only as a worker thread');

port.on('message', (message: WriterMessage) => {
  const { id } = message;
  try {
    if (message.op === 'exec') port.postMessage({ id, ok: true, value: engine.exec(message.sql, message.params) });
    else if (message.op === 'plans') port.postMessage({ id, ok: true, value: engine.planGroup(message.plans) });
    else if (message.op === 'close') {
      engine.close();
      port.postMessage({ id, ok: true, value: null });
      port.close();
    } else
      port.postMessage({
        id,
        ok: false,
        error: { name: 'TypeError', message: `unknown writer operation ${(message as { op: string }).op}` },
      });
  } catch (error) {
    // handled: every failure goes back to the caller, who rethrows it as the store's typed error.
    port.postMessage({ id, ok: false, error: describeError(error) });
  }
});
