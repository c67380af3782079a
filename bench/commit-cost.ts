// Durable commit cost on this disk by size: SQLite WAL with synchronous=FULL, 500 one-transaction commits of 2 to 64 KB each.
// Usage: npx tsx bench/commit-cost.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

const COMMITS = 500;
const ROW = 'x'.repeat(1024);

for (const kilobytes of [2, 8, 16, 32, 64]) {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-commit-'));
  const db = new BetterSqlite3(join(dir, 'probe.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table t (id integer primary key, v text)');
  const insert = db.prepare('insert into t (v) values (?)');
  const started = performance.now();
  for (let i = 0; i < COMMITS; i++) {
    db.exec('begin immediate');
    for (let k = 0; k < kilobytes; k++) insert.run(`${ROW}${i}:${k}`);
    db.exec('commit');
  }
  console.log(`${String(kilobytes).padStart(2)} KB per commit: ${((performance.now() - started) / COMMITS).toFixed(3)} ms per commit`);
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
