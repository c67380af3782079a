// PostgreSQL's durable commit rate as the coordinator pays it: single-row insert transactions from concurrent pooled clients, in a fresh database that is dropped afterwards.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresDatabase } from './pg-database.ts';

/**
 * Commits per second of `clients` concurrent connections (default 16) each running one-row insert
 * transactions (about 1 KB) for `seconds` (default 2) against a fresh database on the server at
 * `serverUrl` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
 */
export async function probePostgresCommitsPerSecond(serverUrl: string, clients = 16, seconds = 2): Promise<number> {
  const database = await createPostgresDatabase(serverUrl, { prefix: 'lanjie_commit_probe' });
  const pool = new pg.Pool({ connectionString: database.url, max: clients });
  try {
    await pool.query('create table t (id bigserial primary key, v text)');
    const row = 'x'.repeat(1024);
    let commits = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < deadline) {
            await client.query('begin');
            await client.query('insert into t (v) values ($1)', [row]);
            await client.query('commit');
            commits++;
          }
        } finally {
          client.release();
        }
      }),
    );
    return commits / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
    await database.drop();
  }
}
