// The simulators host's admin API in-process: validation of /parcels and /ledger (400 naming the field), parcels in a carrier's world, the merchant config gateways load, the quota file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/carrier/config-error.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { buildSimulatorAdmin } from '../../src/sandbox/simulator-admin.ts';
import { loadHostQuotaFile, SimulatorHost } from '../../src/sandbox/simulator-host.ts';
import { ConfigFileSchema } from '../../src/server/config.ts';

describe('simulators admin API', () => {
  let host: SimulatorHost;
  let app: FastifyInstance;
  beforeAll(async () => {
    host = await SimulatorHost.start({ port: 0, logger: silentLogger, quotas: { carriers: { sf: {}, zto: { perSecond: 3 } } } });
    app = buildSimulatorAdmin(host, silentLogger);
  });
  afterAll(async () => {
    await app.close();
    await host.stop();
  });

  const post = (payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/parcels',
      headers: { 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const paths = (body: { error: { issues: { path: string }[] } }) => body.error.issues.map((i) => i.path);

  it.each([
    ['a fate it does not script', { carrier: 'zto', fate: 'vanishes' }, ['body.fate']],
    ['no carrier', { fate: 'deliver' }, ['body.carrier']],
    ['a count of 0', { carrier: 'zto', count: 0 }, ['body.count']],
    ['a waybill with count 2', { carrier: 'zto', waybill: '73100000000001', count: 2 }, ['body.waybill']],
    ['a phone that is not four digits', { carrier: 'zto', phoneLast4: '12a4' }, ['body.phoneLast4']],
    ['an unknown field', { carrier: 'zto', colour: 'red' }, ['body']],
    ['a carrier without a simulator', { carrier: 'fengwang' }, ['body.carrier']],
  ])('POST /parcels with %s: 400 naming the field', async (_label, payload, expected) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_INPUT');
    expect(paths(res.json())).toEqual(expected);
    expect(res.json().error.message).toContain(expected[0]);
  });

  it('POST /parcels with a body that is not JSON: 400 naming the body', async () => {
    const res = await post('{"carrier": "zto",');
    expect(res.statusCode).toBe(400);
    expect(paths(res.json())).toEqual(['body']);
  });

  it('GET /ledger with a bad position or source: 400 naming the query field', async () => {
    const from = await app.inject({ method: 'GET', url: '/ledger?from=-1' });
    expect(from.statusCode).toBe(400);
    expect(paths(from.json())).toEqual(['query.from']);
    const source = await app.inject({ method: 'GET', url: '/ledger?source=bank' });
    expect(paths(source.json())).toEqual(['query.source']);
  });

  it('POST /parcels adds parcels with their fate to the carrier world, collected in scripted hours', async () => {
    const res = await post({ carrier: 'zto', fate: 'carrier-rejects', count: 3, collectedHoursAgo: 5 });
    expect(res.statusCode).toBe(201);
    const parcels = res.json().parcels as { waybillNo: string; collectedAt: string }[];
    expect(parcels).toHaveLength(3);
    expect(new Set(parcels.map((p) => p.waybillNo)).size).toBe(3);
    const world = host.carrier('zto')!.simulator.world;
    for (const p of parcels) {
      expect(p.waybillNo).toMatch(/^7310\d{10}$/);
      expect(world.get(p.waybillNo)).toMatchObject({ fate: 'carrier-rejects', phoneLast4: '1234' });
      // 5 scripted hours of 1000 ms each (the default hourMs).
      expect(Date.now() - Date.parse(p.collectedAt)).toBeGreaterThanOrEqual(5_000);
      expect(world.visible(p.waybillNo).map((e) => e.kind)).toEqual(['COLLECTED', 'IN_TRANSIT']);
    }
    const stats = (await app.inject({ method: 'GET', url: '/stats' })).json();
    expect(stats.carriers.zto.parcels).toBe(3);
    expect(stats.carriers.zto).toMatchObject({ requests: 0, quotaErrors: 0, quota: { perSecond: 3 } });
    expect(stats.carriers.sf.quota).toBeNull();
    // Carriers not in the quota file keep their plugin's declared limits.
    expect(stats.carriers.jt.quota).toEqual({ perSecond: 10, perMinute: 300 });
    expect(stats.merchant).toMatchObject({ calls: 0, performed: {}, duplicates: {}, duplicateCalls: 0 });
  });

  it('POST /douyin/after-sales opens an after-sale on the platform for carrier parcels; bad input is 400 or 409 naming the field', async () => {
    const parcel = (await post({ carrier: 'zto' })).json().parcels[0].waybillNo as string;
    const open = (payload: unknown) => app.inject({ method: 'POST', url: '/douyin/after-sales', payload: payload as object });
    const opened = await open({
      afterSaleId: '7100000000000000001',
      parcels: [{ carrier: 'zto', waybill: parcel }],
      refundAmountFen: 5_000,
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ afterSaleId: '7100000000000000001', shopId: '880001', refundAmountFen: 5_000 });
    expect(host.douyin.afterSales.get('7100000000000000001')?.parcels).toEqual([{ trackingNo: parcel, companyCode: expect.any(String) }]);
    expect((await open({ parcels: [{ carrier: 'zto', waybill: parcel }] })).json().afterSaleId).toMatch(/^71\d{17}$/);
    const again = await open({ afterSaleId: '7100000000000000001', parcels: [{ carrier: 'zto', waybill: parcel }] });
    expect(again.statusCode).toBe(409);
    expect(paths(again.json())).toEqual(['body.afterSaleId']);
    const noCode = await open({ parcels: [{ carrier: 'nowhere', waybill: parcel }] });
    expect(noCode.statusCode).toBe(400);
    expect(paths(noCode.json())).toEqual(['body.parcels.0.carrier']);
    const empty = await open({ parcels: [] });
    expect(empty.statusCode).toBe(400);
    expect(paths(empty.json())).toEqual(['body.parcels']);
  });

  it('GET /config is a merchant the gateway configuration file accepts, every account on its simulator', async () => {
    const merchant = (await app.inject({ method: 'GET', url: '/config' })).json();
    const parsed = ConfigFileSchema.safeParse({ merchants: [merchant] });
    expect(parsed.success).toBe(true);
    expect(merchant).toMatchObject({ id: 'sims', writeEnabled: true, webhook: { url: host.webhookUrl, dryRun: false } });
    for (const c of host.carriers) expect((merchant.accounts[c.carrierId] as { baseUrl: string }).baseUrl).toBe(c.server.url);
  });

  it('a first port too high for every simulator is refused, naming it', async () => {
    await expect(SimulatorHost.start({ port: 65_530, logger: silentLogger })).rejects.toThrow(
      /--port 65530: the simulators need ports up to/,
    );
  });

  it('a quota file naming a carrier without a simulator is refused, naming it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lanjie-quota-')), 'quotas.json');
    writeFileSync(file, JSON.stringify({ carriers: { nowhere: { perSecond: 1 }, zto: { perSecond: 10 } } }));
    expect(() => loadHostQuotaFile(file)).toThrow(ConfigError);
    expect(() => loadHostQuotaFile(file)).toThrow(/carriers\.nowhere: no simulator for carrier nowhere/);
    writeFileSync(file, JSON.stringify({ carriers: { zto: { perSecond: -1 } } }));
    expect(() => loadHostQuotaFile(file)).toThrow(/carriers\.zto\.perSecond/);
    writeFileSync(file, JSON.stringify({ carriers: { zto: { perSecond: 10, phaseMs: 250 } } }));
    expect(loadHostQuotaFile(file)).toEqual({ carriers: { zto: { perSecond: 10, phaseMs: 250 } } });
  });
});
