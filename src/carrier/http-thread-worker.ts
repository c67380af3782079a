// The HTTP thread: sends the requests other threads post to it with axios (Node http adapter) and posts back status, headers and body.
import { parentPort } from 'node:worker_threads';
import axios, { type AxiosInstance } from 'axios';
import { answerOf, textClientConfig } from './axios-text.ts';

/** A request posted by another thread. */
interface HttpThreadMessage {
  id: number;
  baseUrl?: string;
  timeoutMs: number;
  request: { method: string; url: string; headers?: Record<string, string>; body?: string; params?: Record<string, string> };
}

const port = parentPort;
if (port === null) throw new TypeError('http-thread-worker runs only as a worker thread');

/** One axios instance per base URL and timeout, configured as the in-thread clients are. */
const instances = new Map<string, AxiosInstance>();

function instanceFor(baseUrl: string | undefined, timeoutMs: number): AxiosInstance {
  const key = `${baseUrl ?? ''}\u0000${timeoutMs}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = axios.create(textClientConfig({ baseUrl, timeoutMs }));
    instances.set(key, instance);
  }
  return instance;
}

async function send(message: HttpThreadMessage): Promise<void> {
  const { id, baseUrl, timeoutMs, request } = message;
  try {
    const response = await instanceFor(baseUrl, timeoutMs).request({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      params: request.params,
    });
    port?.postMessage({ id, ok: true, ...answerOf(response) });
  } catch (error) {
    // handled: the requesting thread turns code and message into the carrier core's typed transport error.
    const e = error as { code?: string; message?: string } | undefined;
    port?.postMessage({ id, ok: false, code: e?.code, message: e?.message ?? String(error) });
  }
}

port.on('message', (message: HttpThreadMessage) => {
  void send(message);
});
