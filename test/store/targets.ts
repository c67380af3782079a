// The databases the store suite runs on: SQLite in a temp folder, and PostgreSQL in a fresh schema (LANJIE_TEST_PG_URL).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

/** The PostgreSQL URL the tests use. */
export const PG_URL = process.env.LANJIE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers at PG_URL (checked once). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A store plus how to throw it away. */
export interface TestStore {
  store: Store;
  url: string;
  dispose(): Promise<void>;
}

/** A fresh SQLite store in a temp folder (writes on the writer thread, reads on the reader connection). */
export async function sqliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-store-'));
  const url = `sqlite:${join(dir, 'lanjie.db')}`;
  const store = await openStore({ url });
  return { store, url, dispose: () => store.close() };
}

/** A fresh SQLite store with its one connection on the calling thread (as `:memory:` stores run). */
export async function sqliteInlineStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-store-inline-'));
  const url = `sqlite:${join(dir, 'lanjie.db')}`;
  const store = await openStore({ url, writerThread: false });
  return { store, url, dispose: () => store.close() };
}

/** A fresh, empty PostgreSQL schema: its URL (search_path set) and how to drop it. */
export async function freshPostgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `lanjie_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    url: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

/** A fresh PostgreSQL store in its own schema, dropped afterwards. */
export async function postgresStore(): Promise<TestStore> {
  const { url, drop } = await freshPostgresSchema();
  const store = await openStore({ url, poolSize: 4 });
  return {
    store,
    url,
    async dispose() {
      await store.close();
      await drop();
    },
  };
}

/** Every target, named by dialect, with a label for the test names. */
export const TARGETS: { name: 'sqlite' | 'postgres'; label: string; make: () => Promise<TestStore> }[] = [
  { name: 'sqlite', label: 'sqlite (writer thread)', make: sqliteStore },
  { name: 'sqlite', label: 'sqlite (inline)', make: sqliteInlineStore },
  { name: 'postgres', label: 'postgres', make: postgresStore },
];

let reachable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers at PG_URL (asked once per test file). */
export function postgresReachable(): Promise<boolean> {
  reachable ??= postgresAvailable();
  return reachable;
}

/**
 * A fresh store on `target` for each test of the surrounding describe block, disposed after each. On
 * PostgreSQL the test is skipped, saying why, when the server does not answer at PG_URL: it never passes
 * without having run.
 */
export function storePerTest(target: (typeof TARGETS)[number]): (ctx: { skip: (note?: string) => void }) => Promise<TestStore> {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });
  return async (ctx) => {
    if (target.name === 'postgres' && !(await postgresReachable())) {
      ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
    }
    t = await target.make();
    return t;
  };
}
