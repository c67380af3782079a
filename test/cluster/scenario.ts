// The cluster tests' load and final count: an after-sales system opening refund-only after-sales on in-transit ZTO parcels through any live gateway, and the checks at the simulators and in the store once every case has settled.
import pg from 'pg';
import { expect } from 'vitest';
import { type Cluster, callJson } from './harness.ts';

/** Seeded random numbers (mulberry32), so that a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A case the load opened (acknowledged by a gateway). */
export interface OpenedCase {
  afterSaleId: string;
  waybill: string;
}

/** The running load: cases acknowledged so far, and how to stop it (resolves once the last request is answered). */
export interface Load {
  opened: Map<string, OpenedCase>;
  stop(): Promise<void>;
}

/**
 * About one after-sale a second: what ZTO's quota (300/min for the account, shared by the gateways) can
 * follow when every open parcel is polled every 2 s. Each is opened through `cluster.call` (fails over).
 */
export function startLoad(c: Cluster, rand: () => number, tag: string): Load {
  const opened = new Map<string, OpenedCase>();
  let stopping = false;
  let serial = 0;
  const openOne = async () => {
    const n = serial++;
    const added = await callJson(`${c.sims.url}/parcels`, {
      method: 'POST',
      body: { carrier: 'zto', fate: 'deliver', collectedHoursAgo: 2 },
    });
    if (added.status !== 201) throw new Error(`adding a parcel answered ${added.status}: ${JSON.stringify(added.body)}`);
    const waybill = added.body.parcels[0].waybillNo as string;
    const afterSaleId = `as-${tag}-${n}`;
    const answer = await c.call('/v1/cases', {
      method: 'POST',
      body: {
        platform: 'shop',
        afterSaleId,
        orderId: `o-${tag}-${n}`,
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
  const running = (async () => {
    while (!stopping) {
      await openOne();
      await new Promise((r) => setTimeout(r, 800 + rand() * 400));
    }
  })();
  return {
    opened,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

const SETTLED = new Set(['REFUNDED', 'CLOSED', 'DELIVERED_FIRST']);

/**
 * Waits (up to `settleMs`) until every opened case is refunded, closed, or on the delivered path (its parcel
 * delivered before an interception could stop it), then checks: nothing lost, each refund and agree
 * performed once and sent once, no quota error at any carrier, no effect dead or left leased.
 */
export async function settleAndCheck(c: Cluster, storeUrl: string, opened: Map<string, OpenedCase>, settleMs = 180_000): Promise<void> {
  const deadline = Date.now() + settleMs;
  const status = new Map<string, string>();
  for (;;) {
    for (const id of opened.keys()) {
      if (SETTLED.has(status.get(id) ?? '')) continue;
      const answer = await c.call(`/v1/cases/${id}`);
      expect(answer.status, `case ${id}`).toBe(200);
      status.set(id, answer.body.status as string);
      if (answer.body.status === 'OPEN' && JSON.stringify(answer.body.eligibility ?? {}).includes('LOGISTICS_DELIVERED'))
        status.set(id, 'DELIVERED_FIRST');
    }
    if ([...status.values()].every((s) => SETTLED.has(s)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const notDone = [...status].filter(([, s]) => !SETTLED.has(s));
  if (notDone.length > 0) {
    const counts: Record<string, number> = {};
    for (const s of status.values()) counts[s] = (counts[s] ?? 0) + 1;
    console.error('statuses', counts, 'simulators', JSON.stringify(await c.simStats()).slice(0, 2000));
    console.error('a case not settled', JSON.stringify((await c.call(`/v1/cases/${notDone[0]![0]}`)).body).slice(0, 3000));
  }
  expect(notDone, 'cases not settled').toEqual([]);

  const refundedIds = [...status].filter(([, s]) => s === 'REFUNDED').map(([id]) => id);
  const deliveredFirst = [...status].filter(([, s]) => s === 'DELIVERED_FIRST').length;
  console.info(`${opened.size} cases: ${refundedIds.length} refunded, ${deliveredFirst} delivered before interception`);
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

  const db = new pg.Client({ connectionString: storeUrl });
  await db.connect();
  try {
    const effects = await db.query<{ status: string; n: string }>('select status, count(*) as n from effects group by status');
    expect(Object.fromEntries(effects.rows.map((r) => [r.status, Number(r.n)])), 'effects by status').not.toHaveProperty('DEAD');
    const leased = await db.query<{ n: string }>("select count(*) as n from effects where status = 'RUNNING' and lease_until < $1", [
      new Date().toISOString(),
    ]);
    expect(Number(leased.rows[0]!.n), 'effects whose lease lapsed without an owner finishing them').toBe(0);
    const cases = await db.query<{ n: string }>('select count(*) as n from cases');
    expect(Number(cases.rows[0]!.n), 'cases in the store').toBe(opened.size);
  } finally {
    await db.end();
  }
}
