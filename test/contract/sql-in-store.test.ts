// SQL lives in src/store only: no other source file builds a query, runs raw SQL or reaches a table through the store's handle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });

/** A Kysely query builder call, a raw `sql` template, a raw read, or a query method on the store's db handle. */
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\.read(<[^>]*>)?\(|\.db\.|from 'kysely'/;

describe('SQL only in src/store', () => {
  it('no file outside src/store queries the database', () => {
    const offenders = ['src', 'carriers']
      .flatMap((dir) => files(join(root, dir)))
      .map((f) => relative(root, f))
      .filter((f) => !f.startsWith('src/store/'))
      .flatMap((f) =>
        readFileSync(join(root, f), 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            QUERY.test(line) && !line.trim().startsWith('//') && !line.trim().startsWith('*') ? [`${f}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offenders).toEqual([]);
  });

  it('the pattern finds a query where there is one', () => {
    for (const line of [
      "await store.db.selectFrom('cases')",
      'sql`select 1`',
      "store.read<{ a: string }>('select 1', [])",
      "tx.insertInto('x')",
    ])
      expect(QUERY.test(line), line).toBe(true);
    expect(QUERY.test("const path = 'lanjie.db';")).toBe(false);
  });
});
