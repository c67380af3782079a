// The SQLite write connection, in a worker thread (file databases) or inline (`:memory:`), behind one asynchronous interface.
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../runtime/worker-entry.ts';
import { type GroupedPlanOutcome, SqliteEngine, openSqlite } from './sqlite-engine.ts';
import type { ExecResult, PlanResult, WriteStep } from './plan.ts';

/** The store's write connection: single statements and write plans, answered in order. */
export interface SqliteWriter {
  exec(sql: string, params: readonly unknown[]): Promise<ExecResult>;
  plan(steps: readonly WriteStep[]): Promise<PlanResult>;
  close(): Promise<void>;
}

/** An error raised by SQLite in the writer, with its code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteWriterError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    name: string,
  ) {
    super(message);
    this.name = name === 'SqliteError' ? 'SqliteError' : 'SqliteWriterError';
  }
}

/** Runs the engine on the calling thread (used for `:memory:`, which a second thread cannot share). */
export class InlineSqliteWriter implements SqliteWriter {
  readonly engine: SqliteEngine;
  constructor(path: string, pageCacheKib?: number) {
    this.engine = new SqliteEngine(openSqlite(path, 'writer', pageCacheKib));
  }
  async exec(sql: string, params: readonly unknown[]): Promise<ExecResult> {
    return this.engine.exec(sql, params);
  }
  async plan(steps: readonly WriteStep[]): Promise<PlanResult> {
    return this.engine.plan(steps);
  }
  async close(): Promise<void> {
    this.engine.close();
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A write plan waiting for the next group commit. */
interface QueuedPlan {
  steps: readonly WriteStep[];
  resolve(value: PlanResult): void;
  reject(error: Error): void;
}

/** Plans sent in one group at most: a bound on one transaction's size and on the wait of its first plan. */
const MAX_GROUP = 256;

/**
 * Runs the engine in a worker thread: the main thread posts statements and plans and goes on with
 * other work while SQLite writes and waits for the disk.
 *
 * Group commit: while a group of plans is being written, new plans wait here and go as the next group,
 * one transaction and one fsync for all of them (each plan inside its own savepoint, see
 * `SqliteEngine.planGroup`). A plan sent while nothing is being written goes at once. A single
 * statement first sends the plans waiting before it, so the writer still runs everything in the order
 * it was asked.
 */
export class ThreadSqliteWriter implements SqliteWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  private queued: QueuedPlan[] = [];
  private groupsInFlight = 0;
  private groupCommits = 0;

  private constructor(path: string, pageCacheKib?: number) {
    // No loader flags: the thread runs plain JavaScript (sqlite-engine.mjs) whatever started the process.
    this.worker = startWorker(import.meta.url, 'sqlite-writer-thread', { workerData: { path, pageCacheKib } });
    this.worker.on(
      'message',
      (message: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string; code?: string } }) => {
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if (message.ok) waiting.resolve(message.value);
        else waiting.reject(new SqliteWriterError(message.error!.message, message.error!.code, message.error!.name));
      },
    );
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`SQLite writer thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until the database is open (a bad path fails here, not at the first write). */
  static async open(path: string, pageCacheKib?: number): Promise<ThreadSqliteWriter> {
    const writer = new ThreadSqliteWriter(path, pageCacheKib);
    await writer.exec('select 1', []);
    return writer;
  }

  private failAll(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, ...message });
    });
  }

  /** How busy the writer thread has been (Node's event loop utilisation; SQLite's work and disk waits count as busy). */
  utilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  exec(sql: string, params: readonly unknown[]): Promise<ExecResult> {
    this.sendGroup();
    return this.call({ op: 'exec', sql, params });
  }

  plan(steps: readonly WriteStep[]): Promise<PlanResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<PlanResult>((resolve, reject) => {
      this.queued.push({ steps, resolve, reject });
      if (this.groupsInFlight === 0 || this.queued.length >= MAX_GROUP) this.sendGroup();
    });
  }

  /** Groups of plans sent to the writer, each one transaction and one fsync: fewer than the plans when they were grouped. */
  commits(): number {
    return this.groupCommits;
  }

  /** Sends the waiting plans as one group; when its answer comes, the plans that waited meanwhile go next. */
  private sendGroup(): void {
    if (this.queued.length === 0) return;
    const group = this.queued;
    this.queued = [];
    this.groupsInFlight++;
    this.groupCommits++;
    this.call<GroupedPlanOutcome[]>({ op: 'plans', plans: group.map((p) => p.steps) })
      .then(
        (outcomes) => {
          for (const [i, outcome] of outcomes.entries()) {
            if (outcome.ok) group[i]!.resolve(outcome.value);
            else group[i]!.reject(new SqliteWriterError(outcome.error.message, outcome.error.code, outcome.error.name));
          }
        },
        (error: Error) => {
          for (const p of group) p.reject(error);
        },
      )
      .finally(() => {
        this.groupsInFlight--;
        if (this.groupsInFlight === 0) this.sendGroup();
      });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    this.sendGroup();
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}
