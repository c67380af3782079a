// Three gateways on one PostgreSQL and one Redis, under continuous load, one SIGKILLed at a random moment and restarted at least 20 times: counted at the simulators and in the store, nothing is lost, paid twice, sent twice or over quota.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresSchema, PG_URL, postgresReachable } from '../store/targets.ts';
import { REDIS_SKIP_REASON, REDIS_URL, redisAvailable } from '../support/redis.ts';
import { Cluster, callJson } from './harness.ts';

/** Kills to reach (the issue asks for at least 20). */
const KILLS = Number(process.env.LANJIE_CLUSTER_KILLS ?? 20);
/** Seeded random numbers (mulberry32), so that a failing run can be repeated with LANJIE_CLUSTER_SEED. */
const SEED = Number(process.env.LANJIE_CLUSTER_SEED ?? Date.now() % 100_000);
function random(): () => number {
  let a = SEED;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TERMINAL_OK = new Set(['REFUNDED', 'CLOSED', 'DELIVERED_FIRST']);

describe(`3 gateways, one SIGKILLed and restarted ${KILLS} times under load (seed ${SEED})`, () => {
  let cluster: Cluster | undefined;
  let schema: { url: string; drop(): Promise<void> } | undefined;
  let skip = '';

  beforeAll(async () => {
    if (!(await postgresReachable())) skip = `PostgreSQL is not reachable at ${PG_URL}: set LANJIE_TEST_PG_URL or start it (.ci/run does)`;
    else if (!(await redisAvailable())) skip = REDIS_SKIP_REASON;
    if (skip) return;
    schema = await freshPostgresSchema();
    cluster = await Cluster.start({
      hourMs: 3000,
      storeUrl: schema.url,
      redisUrl: process.env.LANJIE_CLUSTER_NO_REDIS ? '' : REDIS_URL,
      env: { LANJIE_LOG_LEVEL: process.env.LANJIE_CLUSTER_LOG ?? 'warn' },
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    await schema?.drop();
  }, 60_000);

  it('loses no case, pays no refund twice, sends no agree twice, draws no quota error, leaves no lease behind', async (ctx) => {
    if (skip) ctx.skip(skip);
    const c = cluster!;
    const rand = random();
    const opened = new Map<string, { afterSaleId: string; waybill: string }>();
    let stopLoad = false;
    let serial = 0;

    // The after-sales system: opens refund-only after-sales on in-transit ZTO parcels, failing over between gateways.
    const openOne = async () => {
      const n = serial++;
      const added = await callJson(`${c.sims.url}/parcels`, {
        method: 'POST',
        body: { carrier: 'zto', fate: 'deliver', collectedHoursAgo: 2 },
      });
      if (added.status !== 201) throw new Error(`adding a parcel answered ${added.status}: ${JSON.stringify(added.body)}`);
      const waybill = added.body.parcels[0].waybillNo as string;
      const afterSaleId = `as-kill-${SEED}-${n}`;
      const answer = await c.call('/v1/cases', {
        method: 'POST',
        body: {
          platform: 'shop',
          afterSaleId,
          orderId: `o-kill-${n}`,
          refundAmountFen: 5_000 + n,
          reason: 'NOT_RECEIVED',
          skuOrders: [{ skuOrderId: `s-${n}`, amountFen: 5_000 + n, refunded: true }],
          shipments: [{ waybill, phoneLast4: '1234', skuOrderIds: [`s-${n}`] }],
        },
      });
      if (answer.status !== 201 && answer.status !== 200)
        throw new Error(`opening ${afterSaleId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      opened.set(answer.body.case.id as string, { afterSaleId, waybill });
    };
    const load = (async () => {
      // About one after-sale a second: what ZTO's quota (300/min for the account, shared by the three
      // gateways) can follow when every open parcel is polled every 2 s.
      while (!stopLoad) {
        await openOne();
        await new Promise((r) => setTimeout(r, 800 + rand() * 400));
      }
    })();

    // The killer: a random gateway at a random moment, restarted after a short while; never all three down.
    let kills = 0;
    while (kills < KILLS) {
      await new Promise((r) => setTimeout(r, 500 + rand() * 1500));
      const live = c.live();
      const victim = live[Math.floor(rand() * live.length)]!;
      await c.kill(victim);
      kills++;
      await new Promise((r) => setTimeout(r, 200 + rand() * 800));
      await c.restart(victim);
    }
    stopLoad = true;
    await load;
    expect(opened.size).toBeGreaterThan(20);

    // Every acknowledged case reaches its refund (the parcels are in transit: intercepted, returned, refunded).
    const deadline = Date.now() + Number(process.env.LANJIE_CLUSTER_SETTLE_MS ?? 180_000);
    const status = new Map<string, string>();
    for (;;) {
      for (const id of opened.keys()) {
        if (TERMINAL_OK.has(status.get(id) ?? '')) continue;
        const answer = await c.call(`/v1/cases/${id}`);
        expect(answer.status, `case ${id}`).toBe(200);
        status.set(id, answer.body.status as string);
        // Delivered before any interception could stop it (its first poll came after the delivery, e.g. while
        // its gateway was down): the delivered path, no refund by lanjie. Settled too.
        if (answer.body.status === 'OPEN' && JSON.stringify(answer.body.eligibility ?? {}).includes('LOGISTICS_DELIVERED'))
          status.set(id, 'DELIVERED_FIRST');
      }
      if ([...status.values()].every((s) => TERMINAL_OK.has(s))) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const notDone = [...status].filter(([, s]) => !TERMINAL_OK.has(s));
    if (notDone.length > 0) {
      const counts: Record<string, number> = {};
      for (const s of status.values()) counts[s] = (counts[s] ?? 0) + 1;
      console.error('statuses', counts, 'simulators', JSON.stringify(await c.simStats()).slice(0, 2000));
      const sample = await c.call(`/v1/cases/${notDone[0]![0]}`);
      console.error('a case not refunded', JSON.stringify(sample.body).slice(0, 3000));
      for (const slot of c.slots)
        console.error(
          `gateway ${slot.index} (${slot.kills} kills)`,
          slot.process?.output().slice(-Number(process.env.LANJIE_CLUSTER_TAIL ?? 3000)),
        );
    }
    expect(notDone, 'cases not refunded after the kills').toEqual([]);

    // Counted at the simulators: each refund and each agree performed once, no call sent twice, no quota error.
    const refundedIds = [...status].filter(([, s]) => s === 'REFUNDED').map(([id]) => id);
    const deliveredFirst = [...status].filter(([, s]) => s === 'DELIVERED_FIRST').length;
    console.info(`${opened.size} cases: ${refundedIds.length} refunded, ${deliveredFirst} delivered before interception; ${KILLS} kills`);
    // Most parcels are stopped in time; a few may be delivered while their poll waits for a dead gateway's claim.
    expect(refundedIds.length).toBeGreaterThan(opened.size * 0.8);
    const stats = await c.simStats();
    expect(stats.merchant.performed.refund).toBe(refundedIds.length);
    expect(stats.merchant.duplicates, 'money calls performed more than once').toEqual({});
    expect(stats.merchant.duplicateCalls, 'money calls sent more than once').toBe(0);
    expect(stats.totals.quotaErrors, 'quota errors at the carriers').toBe(0);
    const refunds = (await callJson(`${c.sims.url}/ledger?source=merchant&from=0`)).body.entries.filter(
      (e: { action: string }) => e.action === 'refund',
    );
    expect(new Set(refunds.map((e: { afterSaleId: string }) => e.afterSaleId)).size).toBe(refundedIds.length);
    for (const id of refundedIds)
      expect(refunds.some((e: { afterSaleId: string }) => e.afterSaleId === opened.get(id)!.afterSaleId)).toBe(true);

    // In the store: no effect dead or still leased, so no lease outlived the processes that held it.
    const db = new pg.Client({ connectionString: schema!.url });
    await db.connect();
    try {
      const effects = await db.query<{ status: string; n: string }>('select status, count(*) as n from effects group by status');
      const byStatus = Object.fromEntries(effects.rows.map((r) => [r.status, Number(r.n)]));
      expect(byStatus, 'effects by status').not.toHaveProperty('DEAD');
      const leased = await db.query<{ n: string }>("select count(*) as n from effects where status = 'RUNNING' and lease_until < $1", [
        new Date().toISOString(),
      ]);
      expect(Number(leased.rows[0]!.n), 'effects whose lease lapsed without an owner finishing them').toBe(0);
      const cases = await db.query<{ n: string }>('select count(*) as n from cases');
      expect(Number(cases.rows[0]!.n)).toBe(opened.size);
    } finally {
      await db.end();
    }
    expect(c.slots.reduce((n, s) => n + s.kills, 0)).toBe(KILLS);
  }, 600_000);
});
