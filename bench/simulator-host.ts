// Runs the benchmark's carrier and merchant simulators on their own thread (as remote systems would be), driven by messages: parcels, business time, ledger.
import type { EventLoopUtilization } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { simulatorKits } from '../mocks/index.ts';
import { serveSimulator } from '../mocks/kit/transport.ts';
import type { ParcelFate } from '../mocks/kit/world.ts';
import { MerchantSimulator, type PerformedCall } from '../mocks/merchant/simulator.ts';
import { TestClock } from '../src/clock/index.ts';

/** A parcel the host adds to the ZTO simulator's world. */
export interface HostParcel {
  waybillNo: string;
  fate: ParcelFate;
  phoneLast4: string;
  collectedAt: number;
}

/** What the host answers to `stats`. */
export interface HostStats {
  zto: { requests: number; served: number; quotaErrors: number };
  performed: number;
  duplicates: number;
}

type Request =
  | { op: 'start'; clockIso: string; secret: string }
  | { op: 'add'; parcels: HostParcel[] }
  | { op: 'advance'; ms: number }
  | { op: 'performed'; from: number }
  | { op: 'stats' }
  | { op: 'stop' };

/** The main thread's handle on the simulator thread. */
export class SimulatorHost {
  private readonly worker: Worker;
  private next = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor() {
    // Worker threads do not inherit the TypeScript loader: register it, then load this module there.
    const boot = `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(import.meta.url)});`;
    this.worker = new Worker(boot, { eval: true });
    this.worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new Error(m.error));
    });
    this.worker.on('error', (e) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    });
  }

  private call<T>(request: Request): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, request });
    });
  }

  /** Starts the simulators at business time `clockIso`; returns their URLs. */
  static async start(clockIso: string, secret: string): Promise<{ host: SimulatorHost; ztoUrl: string; webhookUrl: string }> {
    const host = new SimulatorHost();
    const urls = await host.call<{ ztoUrl: string; webhookUrl: string }>({ op: 'start', clockIso, secret });
    return { host, ...urls };
  }

  /** How busy the simulator thread has been (event loop utilisation). */
  utilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }
  add(parcels: HostParcel[]): Promise<void> {
    return this.call({ op: 'add', parcels });
  }
  /** Moves the simulators' business time on (call between ticks, when no request is in flight). */
  advance(ms: number): Promise<void> {
    return this.call({ op: 'advance', ms });
  }
  /** Calls the merchant performed from index `from` on. */
  performed(from: number): Promise<PerformedCall[]> {
    return this.call({ op: 'performed', from });
  }
  stats(): Promise<HostStats> {
    return this.call({ op: 'stats' });
  }
  async stop(): Promise<void> {
    await this.call({ op: 'stop' });
    await this.worker.terminate();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  let clock: TestClock | undefined;
  let sim: ReturnType<NonNullable<typeof simulatorKits.zto>['create']> | undefined;
  let server: Awaited<ReturnType<typeof serveSimulator>> | undefined;
  let merchant: MerchantSimulator | undefined;
  const handle = async (request: Request): Promise<unknown> => {
    switch (request.op) {
      case 'start': {
        clock = new TestClock(request.clockIso);
        sim = simulatorKits.zto!.create({ clock });
        server = await serveSimulator(sim);
        merchant = new MerchantSimulator({ secret: request.secret });
        return { ztoUrl: server.url, webhookUrl: await merchant.start() };
      }
      case 'add':
        for (const p of request.parcels) sim!.world.add(p);
        return null;
      case 'advance':
        clock!.advance(request.ms);
        return null;
      case 'performed':
        return merchant!.performed.slice(request.from);
      case 'stats':
        return {
          zto: { requests: sim!.stats.requests, served: sim!.stats.served, quotaErrors: sim!.stats.quotaErrors },
          performed: merchant!.performed.length,
          duplicates: [...merchant!.countsByKey().values()].filter((n) => n > 1).length,
        };
      case 'stop':
        await merchant?.stop();
        await server?.close();
        return null;
    }
  };
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    handle(request).then(
      (value) => port.postMessage({ id, ok: true, value }),
      (error: unknown) => port.postMessage({ id, ok: false, error: String(error) }),
    );
  });
}
