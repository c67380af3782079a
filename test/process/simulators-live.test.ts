// A gateway in live mode against the simulators process (both bin/lanjie.js, compiled): the config file `lanjie simulators start --config-out` writes, a ZTO parcel from POST /parcels, an interception and exactly one refund counted at the simulators.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, freePort, type LanjieProcess, portIsFree, startLanjie } from './lanjie-process.ts';

const SUPPORT_KEY = 'lj_sims_live_support_key_0123456789';
const SECRET_KEY = 'ab'.repeat(32);

async function json(url: string, init: RequestInit & { key?: string } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
    },
  });
  return { status: res.status, body: await res.json() };
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('simulators process + gateway in live mode (bin/lanjie.js, compiled)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanjie-sims-live-'));
  const configFile = join(dir, 'lanjie.json');
  let sims: LanjieProcess;
  let gw: LanjieProcess;

  beforeAll(async () => {
    // The gateway's port is chosen first: the Douyin platform pushes to it, and in turn to a gateway that is down
    // (a push it does not answer stays pending and goes to the next URL on the next round).
    const gwPort = await freePort();
    const downPort = await freePort();
    const pushUrl = `http://127.0.0.1:${gwPort}/v1/platform/douyin/messages`;
    sims = await startLanjie(
      [
        BIN,
        'simulators',
        'start',
        '--port',
        '0',
        '--hour-ms',
        '1000',
        '--config-out',
        configFile,
        '--douyin-push-url',
        `http://127.0.0.1:${downPort}/v1/platform/douyin/messages`,
        '--douyin-push-url',
        pushUrl,
      ],
      process.env,
      20_000,
      /lanjie simulators ready on (http:\/\/[^\s]+)/,
    );
    gw = await startLanjie([BIN, 'serve', '--port', String(gwPort), '--data-dir', join(dir, 'data'), '--config', configFile], {
      ...process.env,
      LANJIE_SECRET_KEY: SECRET_KEY,
      LANJIE_SUPPORT_API_KEY: SUPPORT_KEY,
      LANJIE_POLL_INTERVAL_SECONDS: '1',
      LANJIE_TICK_MS: '200',
      LANJIE_LOG_LEVEL: 'warn',
    });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await sims?.stop();
  });

  it('the config file names every simulator and the merchant webhook; GET /config is the same merchant', async () => {
    const file = JSON.parse(readFileSync(configFile, 'utf8'));
    const config = await json(`${sims.url}/config`);
    expect(config.status).toBe(200);
    expect(file.merchants).toEqual([config.body]);
    const stats = (await json(`${sims.url}/stats`)).body;
    expect(config.body.accounts.zto.baseUrl).toBe(stats.carriers.zto.url);
    expect(config.body.webhook).toMatchObject({ url: stats.merchant.url, dryRun: false });
    expect(Object.keys(config.body.accounts).sort()).toEqual(Object.keys(stats.carriers).sort());
  });

  it('intercepts a ZTO parcel added at the simulators and refunds it exactly once, as counted by the merchant system', async () => {
    const merchantKey = await json(`${gw.url}/v1/admin/keys`, {
      method: 'POST',
      key: SUPPORT_KEY,
      body: JSON.stringify({ role: 'merchant', merchantId: 'sims', label: 'sims-live-test' }),
    });
    expect(merchantKey.status).toBe(201);
    const key = merchantKey.body.key as string;

    const added = await json(`${sims.url}/parcels`, { method: 'POST', body: JSON.stringify({ carrier: 'zto', fate: 'deliver' }) });
    expect(added.status).toBe(201);
    const waybill = added.body.parcels[0].waybillNo as string;

    const opened = await json(`${gw.url}/v1/cases`, {
      method: 'POST',
      key,
      body: JSON.stringify({
        platform: 'shop',
        afterSaleId: 'as-sims-live',
        orderId: 'o-sims-live',
        refundAmountFen: 12_900,
        reason: 'NOT_RECEIVED',
        skuOrders: [{ skuOrderId: 's-1', amountFen: 12_900, refunded: true }],
        shipments: [{ waybill, phoneLast4: '1234', skuOrderIds: ['s-1'] }],
      }),
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.case.id as string;

    const refunded = await until(
      'case REFUNDED',
      async () => (await json(`${gw.url}/v1/cases/${id}`, { key })).body,
      (c) => c.status === 'REFUNDED',
    );
    expect(refunded.interceptions[0]).toMatchObject({ channel: 'CARRIER_API', route: { kind: 'CARRIER_API', carrierId: 'zto' } });
    expect(['SUCCEEDED', 'RETURNING', 'RETURNED']).toContain(refunded.interceptions[0].state);

    const ledger = await until(
      'refund at the merchant system',
      async () => (await json(`${sims.url}/ledger?source=merchant&from=0`)).body,
      (l) => l.entries.some((e: { action: string }) => e.action === 'refund'),
    );
    expect(ledger.entries.filter((e: { action: string }) => e.action === 'refund')).toEqual([
      {
        seq: expect.any(Number),
        source: 'merchant',
        action: 'refund',
        afterSaleId: 'as-sims-live',
        key: `${id}:refund:as-sims-live`,
        amountFen: 12_900,
        outcome: 'PERFORMED',
      },
    ]);
    const stats = (await json(`${sims.url}/stats`)).body;
    expect(stats.merchant).toMatchObject({ performed: { refund: 1 }, duplicates: {}, duplicateCalls: 0, refusedSignatures: 0 });
    expect(stats.carriers.zto.requests).toBeGreaterThanOrEqual(2);
    expect(stats.carriers.zto.served).toBe(stats.carriers.zto.requests);
    expect(stats.carriers.zto).toMatchObject({ quotaErrors: 0, authErrors: 0, quota: { perSecond: 10, perMinute: 300 } });
  }, 60_000);

  it('a Douyin after-sale on a ZTO parcel: the platform pushes (past a gateway that is down), the gateway intercepts and refunds once by operate 201', async () => {
    const key = (
      await json(`${gw.url}/v1/admin/keys`, {
        method: 'POST',
        key: SUPPORT_KEY,
        body: JSON.stringify({ role: 'merchant', merchantId: 'sims', label: 'sims-live-douyin' }),
      })
    ).body.key as string;
    const waybill = (await json(`${sims.url}/parcels`, { method: 'POST', body: JSON.stringify({ carrier: 'zto' }) })).body.parcels[0]
      .waybillNo as string;
    const opened = await json(`${sims.url}/douyin/after-sales`, {
      method: 'POST',
      body: JSON.stringify({ parcels: [{ carrier: 'zto', waybill }], refundAmountFen: 8_800 }),
    });
    expect(opened.status).toBe(201);
    const afterSaleId = opened.body.afterSaleId as string;

    const ledger = await until(
      'refund at the Douyin platform',
      async () => (await json(`${sims.url}/ledger?source=douyin`)).body,
      (l) => l.entries.some((e: { action: string; outcome: string }) => e.action === 'refund' && e.outcome === 'PERFORMED'),
    );
    const mine = ledger.entries.filter((e: { afterSaleId: string }) => e.afterSaleId === afterSaleId);
    expect(mine.filter((e: { outcome: string }) => e.outcome === 'PERFORMED').map((e: { action: string }) => e.action)).toEqual(['refund']);
    const cases = await until(
      'case REFUNDED',
      async () => (await json(`${gw.url}/v1/cases?waybill=${waybill}`, { key })).body.cases,
      (list: { status: string }[]) => list[0]?.status === 'REFUNDED',
    );
    expect(cases).toHaveLength(1);
    const stats = (await json(`${sims.url}/stats`)).body;
    expect(stats.douyin).toMatchObject({ afterSales: 1, refundsMade: 1, performed: { refund: 1 }, duplicates: {}, duplicateCalls: 0 });
    expect(stats.totals.quotaErrors).toBe(0);
    // A push went to the gateway that is down first, was kept, and reached the live one on a later round.
    expect(sims.output()).toContain('Douyin push not answered; it stays pending for the next round');
  }, 60_000);

  it('SIGTERM stops the simulators process: exit 0, its admin port freed', async () => {
    const port = Number(new URL(sims.url).port);
    await gw.stop();
    const end = await sims.stop('SIGTERM');
    expect(end, sims.output()).toMatchObject({ code: 0, signal: null });
    expect(sims.output()).toContain('lanjie simulators stopped');
    expect(await portIsFree(port)).toBe(true);
  });
});
