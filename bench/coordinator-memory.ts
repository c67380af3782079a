// Coordinator memory: fills a SQLite store with N realistic cases in bulk, then measures a fresh coordinator process's rss after GC across ticks.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_RULES, decide, openCase, type Case } from '../src/cases/index.ts';
import { caseColumns } from '../src/coordinator/index.ts';
import { openStore } from '../src/store/index.ts';

const HOUR = 3_600_000;
/** The business instant at which the measured coordinator runs. */
export const MEMORY_NOW = '2026-06-10T02:00:00.000Z';
const CASE_TOKEN = 'CASEIDXXXXXXXX';
const WAYBILL_TOKEN = '7310XXXXXXXXXX';

/** One size's measurement. */
export interface MemoryRow {
  size: number;
  /** Median over the processes of each process's median rss after GC, bytes. */
  rssMedian: number;
  /** Each process's rss after GC per tick, bytes. */
  rssSamples: number[][];
  heapMedian: number;
  dbBytes: number;
  fillSeconds: number;
  /** Timers fired per tick, in the first process. */
  firedSamples: number[];
}

/**
 * A realistic generic-mode case, as the rules leave it after the parcel was seen moving: agreed, tracked,
 * with its deadline timers. `appliedHoursAgo` places it in time; ids are tokens replaced per row.
 */
function template(appliedHoursAgo: number): { columns: ReturnType<typeof caseColumns>; timers: Case['timers']; createdAt: string } {
  const nowMs = new Date(MEMORY_NOW).getTime();
  const applied = new Date(nowMs - appliedHoursAgo * HOUR);
  const opened = openCase(
    {
      caseId: CASE_TOKEN,
      mode: 'generic',
      merchantId: 'm-1',
      merchantType: 'DOMESTIC',
      afterSaleId: `as-${CASE_TOKEN}`,
      orderId: `o-${CASE_TOKEN}`,
      appliedAt: applied.toISOString(),
      refundAmountFen: 12_900,
      reason: 'NOT_RECEIVED',
      categoryId: 'cat',
      skuOrders: [{ skuOrderId: `s-${CASE_TOKEN}`, amountFen: 12_900, refunded: true }],
      shipments: [{ waybillNo: WAYBILL_TOKEN, carrierId: 'zto', skuOrderIds: [`s-${CASE_TOKEN}`] }],
    },
    applied,
    DEFAULT_RULES,
  );
  const at = new Date(applied.getTime() + 60_000);
  const tracked = decide(
    opened.case,
    {
      type: 'TRACKING_UPDATE',
      waybillNo: WAYBILL_TOKEN,
      carrierId: 'zto',
      found: true,
      events: [
        {
          kind: 'COLLECTED',
          at: new Date(applied.getTime() - 6 * HOUR).toISOString(),
          place: '深圳宝安营业点',
          description: '快件已揽收',
          rawCode: 'GOT',
        },
        {
          kind: 'IN_TRANSIT',
          at: new Date(applied.getTime() - 2 * HOUR).toISOString(),
          place: '深圳转运中心',
          description: '快件已发往杭州转运中心',
          rawCode: 'DEPARTURE',
        },
      ],
    },
    at,
    DEFAULT_RULES,
  );
  return { columns: caseColumns(tracked.case, 'shop'), timers: tracked.case.timers, createdAt: applied.toISOString() };
}

const sub = (s: string, id: string, waybill: string) => s.split(CASE_TOKEN).join(id).split(WAYBILL_TOKEN).join(waybill);

/**
 * Fills `path` with `size` cases: 1% agreed about 6 days and 20 hours ago, so their DEADLINE_AT_RISK
 * timer is due (firing it opens a support task), the rest agreed a day ago with timers days ahead.
 * Each case has its shipment row (next poll an hour ahead) and its timer rows. Multi-row inserts,
 * 500 rows a statement, one transaction per 50 000 cases.
 */
async function fill(path: string, size: number): Promise<number> {
  const store = await openStore({ url: `sqlite:${path}` });
  await store.close();
  const started = performance.now();
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const young = template(24);
  const atRisk = template(7 * 24 - 5);
  const nextPoll = new Date(new Date(MEMORY_NOW).getTime() + HOUR).toISOString();
  const ROWS = 500;
  const caseSql = (n: number) =>
    `insert into cases (id, merchant_id, platform, after_sale_id, mode, status, refuse_sign_agreed, state_json, version, due_at, at_risk, open, created_at, updated_at) values ${Array(n).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`;
  const shipSql = (n: number) =>
    `insert into shipments (case_id, waybill_no, shipment_id, carrier_id, phone_last4, terminal, next_poll_at, last_polled_at) values ${Array(n).fill('(?,?,?,?,?,?,?,?)').join(',')}`;
  const timerSql = (n: number) =>
    `insert into timers (id, case_id, timer_id, kind, due_at, status, payload_json) values ${Array(n).fill('(?,?,?,?,?,?,?)').join(',')}`;
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const stmt = (sql: string) => {
    let s = prepared.get(sql);
    if (!s) {
      s = db.prepare(sql);
      prepared.set(sql, s);
    }
    return s;
  };
  const insertChunk = db.transaction((from: number, to: number) => {
    for (let start = from; start < to; start += ROWS) {
      const end = Math.min(to, start + ROWS);
      const cases: unknown[] = [];
      const ships: unknown[] = [];
      const timers: unknown[] = [];
      let timerRows = 0;
      for (let i = start; i < end; i++) {
        const t = i % 100 === 0 ? atRisk : young;
        const id = `c${String(i).padStart(CASE_TOKEN.length - 1, '0')}`;
        const waybill = `7310${String(i).padStart(10, '0')}`;
        const c = t.columns;
        cases.push(
          id,
          'm-1',
          'shop',
          `as-${id}`,
          c.mode,
          c.status,
          c.refuse_sign_agreed,
          sub(c.state_json, id, waybill),
          3,
          c.due_at,
          c.at_risk,
          c.open,
          t.createdAt,
          t.createdAt,
        );
        ships.push(id, waybill, waybill, 'zto', '1234', 0, nextPoll, t.createdAt);
        for (const timer of t.timers) {
          const timerId = sub(timer.id, id, waybill);
          timers.push(`${id}:${timerId}`, id, timerId, timer.kind, timer.at, 'PENDING', sub(JSON.stringify(timer), id, waybill));
          timerRows++;
        }
      }
      stmt(caseSql(end - start)).run(...cases);
      stmt(shipSql(end - start)).run(...ships);
      stmt(timerSql(timerRows)).run(...timers);
    }
  });
  for (let from = 0; from < size; from += 50_000) insertChunk(from, Math.min(size, from + 50_000));
  db.pragma('journal_mode = WAL');
  db.close();
  return (performance.now() - started) / 1000;
}

/** Runs the measuring child (bench/coordinator-memory-child.ts) on a filled store; it prints one JSON line. */
function measure(path: string, repeat: number): Promise<{ rss: number[]; heap: number[]; fired: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', new URL('./coordinator-memory-child.ts', import.meta.url).pathname, path, String(repeat)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/**
 * Fills and measures each size in turn (each in its own temp folder, removed afterwards). Each size is
 * measured by `processes` fresh processes one after the other, each on its own copy of the filled file
 * (rss moves by a few MiB from one process to the next; the median of their medians is reported).
 */
export async function runMemory(sizes: readonly number[], repeat: number, processes = 3): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-mem-'));
    const path = join(dir, 'lanjie.db');
    try {
      const fillSeconds = await fill(path, size);
      const dbBytes = statSync(path).size;
      const runs = [];
      // Each process gets its own copy of the filled file, so that each finds the same due timers.
      const runPath = join(dir, 'run.db');
      for (let p = 0; p < processes; p++) {
        copyFileSync(path, runPath);
        runs.push(await measure(runPath, repeat));
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${runPath}${suffix}`, { force: true });
      }
      rows.push({
        size,
        rssMedian: median(runs.map((m) => median(m.rss))),
        rssSamples: runs.map((m) => m.rss),
        heapMedian: median(runs.map((m) => median(m.heap))),
        dbBytes,
        fillSeconds,
        firedSamples: runs[0]!.fired,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}
