// The SQLite writer thread: owns the store's write connection, so each commit's fsync (synchronous=FULL) waits here instead of blocking the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEngine, openSqlite } from './sqlite-engine.mjs';

const engine = new SqliteEngine(openSqlite(workerData.path, 'writer', workerData.pageCacheKib));

/** @param {unknown} error */
function describe(error) {
  const e = /** @type {{ name?: string; message?: string; code?: string }} */ (error);
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error), code: e?.code };
}

parentPort.on('message', (message) => {
  const { id, op } = message;
  try {
    if (op === 'exec') parentPort.postMessage({ id, ok: true, value: engine.exec(message.sql, message.params) });
    else if (op === 'plan') parentPort.postMessage({ id, ok: true, value: engine.plan(message.steps) });
    else if (op === 'close') {
      engine.close();
      parentPort.postMessage({ id, ok: true, value: null });
      parentPort.close();
    } else parentPort.postMessage({ id, ok: false, error: { name: 'Error', message: `unknown writer operation ${op}` } });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: describe(error) });
  }
});
