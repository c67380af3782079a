import { it } from 'vitest';
import { freshPostgresSchema } from '../store/targets.ts';
import { REDIS_URL } from '../support/redis.ts';
import { Cluster, callJson } from './harness.ts';
it('debug', async () => {
  const schema = await freshPostgresSchema();
  const c = await Cluster.start({ storeUrl: schema.url, redisUrl: REDIS_URL, gateways: Number(process.env.GWS ?? 3), env: { LANJIE_LOG_LEVEL: process.env.GWLOG ?? 'warn' } });
  const ids: string[] = [];
  for (let n = 0; n < 3; n++) {
    const added = await callJson(`${c.sims.url}/parcels`, { method: 'POST', body: { carrier: 'zto', fate: 'deliver' } });
    const waybill = added.body.parcels[0].waybillNo;
    const a = await c.call('/v1/cases', { method: 'POST', body: { platform: 'shop', afterSaleId: `as-${n}`, orderId: `o-${n}`, refundAmountFen: 5000, reason: 'NOT_RECEIVED', skuOrders: [{ skuOrderId: `s-${n}`, amountFen: 5000, refunded: true }], shipments: [{ waybill, phoneLast4: '1234', skuOrderIds: [`s-${n}`] }] } });
    ids.push(a.body.case.id);
  }
  for (let k = 0; k < Number(process.env.KILLS ?? 3); k++) {
    await new Promise((r) => setTimeout(r, 1000));
    const v = c.live()[k % 3]!;
    await c.kill(v);
    await new Promise((r) => setTimeout(r, 500));
    await c.restart(v);
  }
  for (let t = 0; t < Number(process.env.ROUNDS ?? 30); t++) {
    await new Promise((r) => setTimeout(r, 2000));
    const s = [];
    for (const id of ids) s.push((await c.call(`/v1/cases/${id}`)).body.status);
    const st = await c.simStats();
    const { execSync } = await import('node:child_process');
    const P = `b_lanjie:limiter:${c.merchantId}:zto`;
    const r = execSync(`redis-cli hmget ${P}_settings running done nextRequest; redis-cli zrange ${P}_job_expirations 0 -1 withscores; redis-cli zrange ${P}_client_running 0 -1 withscores; redis-cli hgetall ${P}_client_num_queued`).toString().replace(/\n/g, ' ');
    console.log(Date.now(), r);
    console.log(t, s.join(','), 'zto', JSON.stringify(st.carriers.zto).slice(0, 150), 'merchant', JSON.stringify(st.merchant.performed));
    if (s.every((x) => x === 'REFUNDED')) break;
  }
  for (const g of c.slots) console.log(g.index, g.process?.output().slice(-3000));
  await c.stop(); await schema.drop();
}, 200_000);
