// Group commit on the SQLite writer thread: plans sent together share one durable commit, yet each stays all or nothing on its own and keeps its order with single statements.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEngine, openSqlite } from '../../src/store/sqlite-engine.ts';
import { openStore, withTransaction, type Store } from '../../src/store/index.ts';
import { sql } from 'kysely';

const setting = (key: string, value: string) => ({ sql: 'insert into settings (key, value) values (?, ?)', params: [key, value] });
const dirs: string[] = [];
const stores: Store[] = [];

async function fileStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-group-'));
  dirs.push(dir);
  const store = await openStore({ url: `sqlite:${join(dir, 'lanjie.db')}` });
  stores.push(store);
  return store;
}

async function keys(store: Store): Promise<string[]> {
  const rows = await store.read<{ key: string }>("select key from settings where key like 'g-%' order by key", []);
  return rows.map((r) => r.key);
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('group commit on the SQLite writer thread', () => {
  it('writes plans sent side by side in fewer commits than plans, every one of them committed', async () => {
    const store = await fileStore();
    const commitsBefore = store.writeCommits!();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => store.plan([setting(`g-${String(i).padStart(2, '0')}`, 'v')])));
    expect(answers.every((a) => a.committed)).toBe(true);
    const commits = store.writeCommits!() - commitsBefore;
    expect(commits).toBeLessThan(40);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(await keys(store)).toHaveLength(40);
  });

  it('rolls back only the plan whose guard fails, and names its guard', async () => {
    const store = await fileStore();
    const answers = await Promise.all([
      store.plan([setting('g-a', '1')]),
      store.plan([
        setting('g-b', '1'),
        { sql: "update settings set value = '9' where key = ?", params: ['nope'], expectChanges: 1, guard: 'missing' },
      ]),
      store.plan([setting('g-c', '1')]),
    ]);
    expect(answers.map((a) => a.committed)).toEqual([true, false, true]);
    expect(answers[1]).toMatchObject({ guard: 'missing', failedStep: 1 });
    expect(await keys(store)).toEqual(['g-a', 'g-c']);
  });

  it('fails only the plan that raises an error; the others are written', async () => {
    const store = await fileStore();
    await store.plan([setting('g-dup', 'first')]);
    const answers = await Promise.allSettled([
      store.plan([setting('g-x', '1')]),
      store.plan([setting('g-y', '1'), setting('g-dup', 'again')]),
      store.plan([setting('g-z', '1')]),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((answers[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(await keys(store)).toEqual(['g-dup', 'g-x', 'g-z']);
  });

  it('keeps the order of plans and of an interactive transaction that starts after them', async () => {
    const store = await fileStore();
    const plans = Array.from({ length: 10 }, (_, i) => store.plan([setting(`g-p${i}`, 'v')]));
    // Sent after the plans: it must see all of them, and none may land inside it.
    const seen = withTransaction(store, async (tx) => {
      const rows = await sql<{ n: number }>`select count(*) as n from settings where key like 'g-p%'`.execute(tx);
      await sql`insert into settings (key, value) values ('g-tx', 'v')`.execute(tx);
      throw Object.assign(new Error('roll the transaction back'), { rows: rows.rows });
    }).catch((error: { rows: { n: number }[] }) => error.rows[0]!.n);
    await Promise.all(plans);
    expect(await seen).toBe(10);
    expect(await keys(store)).not.toContain('g-tx');
    expect(await keys(store)).toHaveLength(10);
  });
});

describe('SqliteEngine.planGroup', () => {
  it('answers each plan of a group in order, on one connection, under one transaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-engine-'));
    dirs.push(dir);
    const engine = new SqliteEngine(openSqlite(join(dir, 'e.db'), 'writer'));
    engine.exec('create table t (k text primary key)', []);
    const outcomes = engine.planGroup([
      [{ sql: 'insert into t values (?)', params: ['a'] }],
      [{ sql: 'insert into t values (?)', params: ['a'] }],
      [
        { sql: 'insert into t values (?)', params: ['b'] },
        { sql: 'delete from t where k = ?', params: ['zz'], expectChanges: 1, guard: 'gone' },
      ],
      [{ sql: 'insert into t values (?)', params: ['c'] }],
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.committed : o.error.code))).toEqual([true, 'SQLITE_CONSTRAINT_PRIMARYKEY', false, true]);
    expect(engine.exec('select k from t order by k', []).rows).toEqual([{ k: 'a' }, { k: 'c' }]);
    expect(engine.db.inTransaction).toBe(false);
    engine.close();
  });

  it("runs the other plans again when one plan's error ends the whole transaction", () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanjie-engine-'));
    dirs.push(dir);
    const engine = new SqliteEngine(openSqlite(join(dir, 'e.db'), 'writer'));
    engine.exec('create table t (k text primary key)', []);
    // RAISE(ROLLBACK) ends the transaction itself, as SQLite does on I/O errors: a savepoint cannot save it.
    engine.exec("create trigger boom before insert on t when new.k = 'boom' begin select raise(rollback, 'boom refused'); end", []);
    const outcomes = engine.planGroup([
      [{ sql: 'insert into t values (?)', params: ['a'] }],
      [{ sql: 'insert into t values (?)', params: ['boom'] }],
      [{ sql: 'insert into t values (?)', params: ['c'] }],
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.committed : o.error.message))).toEqual([true, 'boom refused', true]);
    expect(engine.exec('select k from t order by k', []).rows).toEqual([{ k: 'a' }, { k: 'c' }]);
    expect(engine.db.inTransaction).toBe(false);
    engine.close();
  });
});
