// A cluster on one machine as plain processes: the simulators process and N gateways (compiled bin/lanjie.js) on one PostgreSQL schema and one Redis, with kill/restart of a gateway and a client that fails over between them.
import { randomUUID } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, freePort, type LanjieProcess, startLanjie } from '../process/lanjie-process.ts';

/** Options of a cluster. */
export interface ClusterOptions {
  /** Gateways to run. Default 3. */
  gateways?: number;
  /** PostgreSQL URL of the shared store (a fresh schema or database: the cluster writes its tables there). */
  storeUrl: string;
  /** Redis shared by the gateways (limiters, merchant changes). */
  redisUrl: string;
  /** One scripted hour of the parcel fates at the simulators, ms. Default 1000. */
  hourMs?: number;
  /**
   * The simulators' merchant id. Default a fresh one per cluster: the shared limiters live in Redis under the
   * merchant's id, so two runs never share (or inherit) a limiter's state.
   */
  merchantId?: string;
  /** More environment for every gateway (overrides the defaults below). */
  env?: Record<string, string>;
}

/** One gateway's place in the cluster: a fixed port and data folder, and its process while it runs. */
export interface GatewaySlot {
  index: number;
  port: number;
  url: string;
  process: LanjieProcess | undefined;
  /** Times this slot's process was SIGKILLed. */
  kills: number;
}

export const CLUSTER_SUPPORT_KEY = 'lj_cluster_support_key_0123456789abcd';
const SECRET_KEY = 'cd'.repeat(32);

/** Answer of one HTTP call: status and parsed JSON body (undefined when not JSON). */
export interface JsonAnswer {
  status: number;
  body: any;
}

/** One JSON call; throws on a network error (the caller decides whether to fail over). */
export async function callJson(
  url: string,
  init: { method?: string; key?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<JsonAnswer> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's or a dying process's answer): kept as text for the caller's message
    body = text;
  }
  return { status: res.status, body };
}

/** The running cluster. */
export class Cluster {
  readonly slots: GatewaySlot[] = [];
  /** A merchant key of the simulators' merchant, created through the first gateway. */
  merchantKey = '';
  merchantId = '';
  private next = 0;

  private constructor(
    readonly sims: LanjieProcess,
    private readonly configFile: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts the simulators, then the gateways one after the other (the first writes the merchant to the store), then a merchant key. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-cluster-'));
    const configFile = join(dir, 'lanjie.json');
    const merchantId = options.merchantId ?? `sims-${randomUUID().slice(0, 8)}`;
    const sims = await startLanjie(
      [
        BIN,
        'simulators',
        'start',
        '--port',
        '0',
        '--hour-ms',
        String(options.hourMs ?? 1000),
        '--merchant-id',
        merchantId,
        '--config-out',
        configFile,
      ],
      process.env,
      20_000,
      /lanjie simulators ready on (http:\/\/[^\s]+)/,
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LANJIE_STORE_URL: options.storeUrl,
      ...(options.redisUrl ? { LANJIE_REDIS_URL: options.redisUrl } : {}),
      LANJIE_SECRET_KEY: SECRET_KEY,
      LANJIE_SUPPORT_API_KEY: CLUSTER_SUPPORT_KEY,
      LANJIE_POLL_INTERVAL_SECONDS: '2',
      LANJIE_TICK_MS: '200',
      LANJIE_LOG_LEVEL: 'warn',
      ...options.env,
    };
    const cluster = new Cluster(sims, configFile, env);
    cluster.merchantId = merchantId;
    for (let i = 0; i < (options.gateways ?? 3); i++) {
      const port = await freePort();
      const slot: GatewaySlot = { index: i, port, url: `http://127.0.0.1:${port}`, process: undefined, kills: 0 };
      cluster.slots.push(slot);
      await cluster.startSlot(slot, join(dir, `gw-${i}`));
    }
    const key = await callJson(`${cluster.slots[0]!.url}/v1/admin/keys`, {
      method: 'POST',
      key: CLUSTER_SUPPORT_KEY,
      body: { role: 'merchant', merchantId, label: 'cluster' },
    });
    if (key.status !== 201) throw new Error(`creating the merchant key answered ${key.status}: ${JSON.stringify(key.body)}`);
    cluster.merchantKey = key.body.key as string;
    return cluster;
  }

  private dataDirs = new Map<number, string>();

  private async startSlot(slot: GatewaySlot, dataDir?: string): Promise<void> {
    if (dataDir) this.dataDirs.set(slot.index, dataDir);
    slot.process = await startLanjie(
      [BIN, 'serve', '--port', String(slot.port), '--data-dir', this.dataDirs.get(slot.index)!, '--config', this.configFile],
      this.env,
      30_000,
    );
  }

  /** Gateways whose process runs now. */
  live(): GatewaySlot[] {
    return this.slots.filter((s) => s.process !== undefined);
  }

  /** SIGKILLs the gateway in `slot` (no shutdown: whatever it was doing stops mid-way). */
  async kill(slot: GatewaySlot): Promise<void> {
    const proc = slot.process;
    if (!proc) return;
    slot.process = undefined;
    slot.kills++;
    await proc.stop('SIGKILL');
  }

  /** Starts the gateway in `slot` again on its port and data folder. */
  async restart(slot: GatewaySlot): Promise<void> {
    if (slot.process) return;
    await this.startSlot(slot);
  }

  /**
   * Calls a gateway and fails over to the next live one on a network error or a 5xx (the process was
   * killed mid-request), for up to `patienceMs` (default 30 s): what an after-sales system with a retrying
   * client and several gateway addresses does. The request must be idempotent.
   */
  async call(path: string, init: { method?: string; body?: unknown; key?: string; patienceMs?: number } = {}): Promise<JsonAnswer> {
    const deadline = Date.now() + (init.patienceMs ?? 30_000);
    let last = '';
    for (;;) {
      const live = this.live();
      const slot = live.length > 0 ? live[this.next++ % live.length] : undefined;
      if (slot) {
        try {
          const answer = await callJson(`${slot.url}${path}`, { ...init, key: init.key ?? this.merchantKey });
          if (answer.status < 500) return answer;
          last = `gateway ${slot.index} answered ${answer.status}: ${JSON.stringify(answer.body)}`;
        } catch (error) {
          last = `gateway ${slot.index}: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      if (Date.now() > deadline) {
        const tails = this.slots.map(
          (s) => `gateway ${s.index} (exit ${s.process?.child.exitCode ?? 'none'}):\n${s.process?.output().slice(-1500) ?? ''}`,
        );
        throw new Error(`${init.method ?? 'GET'} ${path}: no gateway answered in time; last: ${last}\n${tails.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The simulators' counters (GET /stats). */
  async simStats(): Promise<any> {
    return (await callJson(`${this.sims.url}/stats`)).body;
  }

  /** Stops every gateway (SIGTERM) and the simulators. */
  async stop(): Promise<void> {
    await Promise.all(this.live().map((s) => s.process!.stop('SIGTERM')));
    for (const s of this.slots) s.process = undefined;
    await this.sims.stop('SIGTERM');
  }
}

/** A Redis server of the test's own (a child `redis-server`, nothing kept on disk), which the test may restart. */
export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts one on a free port; undefined when `redis-server` is not installed. */
  static async start(): Promise<OwnRedis | undefined> {
    const redis = new OwnRedis(await freePort());
    return (await redis.up()) ? redis : undefined;
  }

  private async up(): Promise<boolean> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = await new Promise<boolean>((resolve) => {
      let out = '';
      child.once('error', () => resolve(false));
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Ready to accept connections')) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });
    if (started) this.child = child;
    return started;
  }

  /** Stops the server (SIGKILL: every connection drops at once), waits `downMs`, starts it again empty on the same port. */
  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    if (!(await this.up())) throw new Error(`redis-server did not start again on port ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
