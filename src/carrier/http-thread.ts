// An HTTP thread shared by carrier accounts and webhook ports: requests are built, signed and limited on the event loop, then sent from this thread with axios, so sockets and HTTP parsing do not take the event loop's time.
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../runtime/worker-entry.ts';
import type { CarrierHttpRequest, CarrierHttpResponse } from './http-message.ts';

/** No HTTP answer at all (connection refused, reset, timed out): `code` is axios' (`ECONNABORTED`/`ETIMEDOUT` for a timeout). */
export class HttpTransportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'HttpTransportError';
  }
}

type Reply =
  | { id: number; ok: true; status: number; headers: Record<string, string>; body: string }
  | { id: number; ok: false; code?: string; message: string };

/**
 * The thread. Start one per process (`HttpThread.start()`), hand it to the accounts and webhook ports
 * that should use it, and `close()` it at shutdown. Requests are answered in any order.
 */
export class HttpThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(answer: CarrierHttpResponse): void; reject(error: Error): void }>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor() {
    // No loader flags: the thread runs plain JavaScript whatever started the process.
    this.worker = startWorker(import.meta.url, 'http-thread-worker');
    this.worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve({ status: reply.status, headers: reply.headers, body: reply.body });
      else waiting.reject(new HttpTransportError(reply.message, reply.code));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`HTTP thread exited (code ${code})`)));
  }

  /** Starts the thread. */
  static start(): HttpThread {
    return new HttpThread();
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(new HttpTransportError(error.message, undefined));
    this.pending.clear();
  }

  /**
   * Sends `request` (relative to `baseUrl` when given) with a per-request timeout in ms. Rejects with
   * HttpTransportError when no HTTP answer came; any status is an answer.
   */
  send(baseUrl: string | undefined, timeoutMs: number, request: CarrierHttpRequest): Promise<CarrierHttpResponse> {
    if (this.failure) return Promise.reject(new HttpTransportError(this.failure.message, undefined));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, baseUrl, timeoutMs, request });
    });
  }

  /** How busy the thread has been (event loop utilisation). */
  utilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  /** Stops the thread; requests still in flight fail with HttpTransportError. */
  async close(): Promise<void> {
    if (this.failure) return;
    this.failure = new Error('HTTP thread closed');
    await this.worker.terminate();
    this.failAll(this.failure);
  }
}
