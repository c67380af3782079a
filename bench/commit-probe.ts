// The disk's durable commit latency as a decision pays it: one-transaction commits on a SQLite WAL file with synchronous=FULL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';

const ROW = 'x'.repeat(1024);

/**
 * Mean time of one durable commit, ms: `commits` transactions (default 500) of `kilobytes` one-KB rows
 * each (default 2) on a fresh WAL file with synchronous=FULL. On a shared machine it moves with the
 * other load on the disk.
 */
export function probeCommitMs(kilobytes = 2, commits = 500): number {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-commit-'));
  const db = new BetterSqlite3(join(dir, 'probe.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, v text)');
    const insert = db.prepare('insert into t (v) values (?)');
    const started = performance.now();
    for (let i = 0; i < commits; i++) {
      db.exec('begin immediate');
      for (let k = 0; k < kilobytes; k++) insert.run(`${ROW}${i}:${k}`);
      db.exec('commit');
    }
    return (performance.now() - started) / commits;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
