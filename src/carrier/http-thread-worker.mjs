// The HTTP thread: sends the requests other threads post to it with axios (Node http adapter) and posts back status, headers and body. Plain JavaScript so it runs without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import axios from 'axios';
import { answerOf, textClientConfig } from './axios-text.mjs';

/** One axios instance per base URL and timeout, configured as the in-thread clients are. */
const instances = new Map();

/** @param {string | undefined} baseUrl @param {number} timeoutMs */
function instanceFor(baseUrl, timeoutMs) {
  const key = `${baseUrl ?? ''}\u0000${timeoutMs}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = axios.create(textClientConfig({ baseUrl, timeoutMs }));
    instances.set(key, instance);
  }
  return instance;
}

/** @param {{ id: number; baseUrl?: string; timeoutMs: number; request: { method: string; url: string; headers?: Record<string, string>; body?: string; params?: Record<string, string> } }} message */
async function send(message) {
  const { id, baseUrl, timeoutMs, request } = message;
  try {
    const response = await instanceFor(baseUrl, timeoutMs).request({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      params: request.params,
    });
    parentPort.postMessage({ id, ok: true, ...answerOf(response) });
  } catch (error) {
    const e = /** @type {{ code?: string; message?: string }} */ (error);
    parentPort.postMessage({ id, ok: false, code: e?.code, message: e?.message ?? String(error) });
  }
}

parentPort.on('message', (message) => {
  void send(message);
});
