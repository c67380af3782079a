// Three gateways under load ride out their shared services going away: Redis restarted empty (a Redis of the test's own) and every PostgreSQL connection of theirs dropped mid-run; they recover by themselves, and the final count is as strict as the kill test's.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresSchema, PG_URL, postgresReachable } from '../store/targets.ts';
import { Cluster, OwnRedis } from './harness.ts';
import { seededRandom, settleAndCheck, startLoad } from './scenario.ts';

const SEED = Number(process.env.LANJIE_CLUSTER_SEED ?? Date.now() % 100_000);

describe(`3 gateways under load through a Redis restart and a PostgreSQL connection drop (seed ${SEED})`, () => {
  let cluster: Cluster | undefined;
  let redis: OwnRedis | undefined;
  let schema: { url: string; drop(): Promise<void> } | undefined;
  let storeUrl = '';
  const app = `lanjie-outage-${SEED}`;
  let skip = '';

  beforeAll(async () => {
    if (!(await postgresReachable())) skip = `PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`;
    else {
      redis = await OwnRedis.start();
      if (!redis)
        skip = 'redis-server is not installed: this test restarts a Redis of its own (apt-get install redis-server; .ci/run has it)';
    }
    if (skip) return;
    schema = await freshPostgresSchema();
    // Named, so that the test drops exactly the gateways' connections and nobody else's.
    storeUrl = `${schema.url}&application_name=${app}`;
    cluster = await Cluster.start({ hourMs: 3000, storeUrl, redisUrl: redis!.url });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
    await schema?.drop();
  }, 60_000);

  it('recovers from both by itself: nothing lost, paid twice, sent twice or over quota', async (ctx) => {
    if (skip) ctx.skip(skip);
    const c = cluster!;
    const rand = seededRandom(SEED);
    const load = startLoad(c, rand, `outage-${SEED}`);
    await new Promise((r) => setTimeout(r, 8_000));
    // Redis gone for 2 s and back empty: the shared timeline and the merchant-change channel start again.
    await redis!.restart(2_000);
    await new Promise((r) => setTimeout(r, 8_000));
    // Every PostgreSQL connection of the gateways dropped at once (a failover, a restarted proxy).
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const dropped = await admin.query<{ ok: boolean }>(
      'select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1',
      [app],
    );
    await admin.end();
    expect(dropped.rows.length, 'gateway connections dropped').toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 8_000));
    await load.stop();
    expect(load.opened.size).toBeGreaterThan(15);
    // Every gateway still runs (none crashed on a dropped connection) and answers.
    for (const slot of c.slots) {
      expect(slot.process?.child.exitCode ?? null, `gateway ${slot.index} exited:\n${slot.process?.output().slice(-2000)}`).toBeNull();
      expect((await fetch(`${slot.url}/readyz`)).status, `gateway ${slot.index} ready`).toBe(200);
    }
    await settleAndCheck(c, schema!.url, load.opened);
  }, 600_000);
});
