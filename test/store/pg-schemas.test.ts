// Two lanjie stores in one PostgreSQL database, each in its own schema: the second migrates its own schema although the first's bookkeeping tables exist.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { PG_URL, freshPostgresSchema, postgresReachable } from './targets.ts';

describe('PostgreSQL stores side by side in one database', () => {
  it('each schema gets its own migrations and tables', async (ctx) => {
    if (!(await postgresReachable()))
      ctx.skip(`PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`);
    const a = await freshPostgresSchema();
    const b = await freshPostgresSchema();
    try {
      const first = await openStore({ url: a.url, poolSize: 2 });
      await first.db.insertInto('settings').values({ key: 'who', value: 'a' }).execute();
      // The first store's kysely_migration tables exist (in its schema) while the second starts.
      const second = await openStore({ url: b.url, poolSize: 2 });
      await second.db.insertInto('settings').values({ key: 'who', value: 'b' }).execute();
      expect(await first.db.selectFrom('settings').select('value').where('key', '=', 'who').executeTakeFirst()).toEqual({ value: 'a' });
      expect(await second.db.selectFrom('settings').select('value').where('key', '=', 'who').executeTakeFirst()).toEqual({ value: 'b' });
      // Opening again finds its own migrations applied.
      await second.close();
      const again = await openStore({ url: b.url, poolSize: 2 });
      expect(await again.db.selectFrom('settings').select('value').where('key', '=', 'who').executeTakeFirst()).toEqual({ value: 'b' });
      await again.close();
      await first.close();
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});
