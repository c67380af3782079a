// GET /v1/stats on a seeded sandbox: interception success rates per carrier match the cases' interceptions, open cases by status, the sampled calls match the carrier call counter, tenant scoping (merchant vs support key) and bad queries answered 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/state.ts';
import { caseIsOpen } from '../../src/store/case-writes.ts';
import { openBody, testGateway, type TestGateway } from './harness.ts';

/** Succeeded and failed interception states, as the endpoint counts them. */
const SUCCEEDED = new Set(['SUCCEEDED', 'RETURNING', 'RETURNED']);
const FAILED = new Set(['FAILED', 'REJECTED', 'CANCELLED']);

describe('GET /v1/stats', () => {
  let t: TestGateway;
  let secondKey: string;
  const sandboxCases: string[] = [];
  let secondCase: string;

  const parcel = async (fate: string) => {
    const added = await t.call({ method: 'POST', url: '/v1/sandbox/parcels', payload: { carrier: 'zto', fate } });
    expect(added.statusCode, added.body).toBe(201);
    return added.json().waybillNo as string;
  };
  const stats = async (query = '', key?: string) => {
    const answer = await t.call({ method: 'GET', url: `/v1/stats${query}`, ...(key ? { key } : {}) });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json();
  };

  beforeAll(async () => {
    t = await testGateway();
    // The sandbox merchant: two interceptions that succeed (the parcel turns back) and two the carrier rejects.
    const fates = ['return-lost', 'deliver', 'carrier-rejects', 'carrier-rejects'];
    for (const [i, fate] of fates.entries()) {
      const opened = await t.call({
        method: 'POST',
        url: '/v1/cases',
        payload: openBody(await parcel(fate), { afterSaleId: `AS-ST-${i}` }),
      });
      expect(opened.statusCode, opened.body).toBe(201);
      sandboxCases.push(opened.json().case.id);
    }
    // A second merchant with its own key and one case, on the same simulators.
    const accounts = (await t.call({ method: 'GET', url: '/v1/sandbox/accounts', key: t.supportKey })).json().accounts;
    const put = await t.call({
      method: 'PUT',
      url: '/v1/merchants/m-2',
      key: t.supportKey,
      payload: { id: 'm-2', name: 'Second shop', type: 'DOMESTIC', accounts },
    });
    expect(put.statusCode, put.body).toBe(201);
    const key = await t.call({
      method: 'POST',
      url: '/v1/admin/keys',
      key: t.supportKey,
      payload: { role: 'merchant', merchantId: 'm-2', label: 'stats-second' },
    });
    secondKey = key.json().key;
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      key: secondKey,
      payload: openBody(await parcel('deliver'), { afterSaleId: 'AS-M2-1' }),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    secondCase = opened.json().case.id;
    for (const payload of [{ ms: 0 }, { hours: 12 }, { hours: 24 * 8 }])
      expect((await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload })).statusCode).toBe(200);
    t.gw.app.lanjie.statsHistory.sample();
  }, 60_000);

  afterAll(async () => {
    await t.stop();
  });

  /** Cases of a merchant no longer open (closed, rejected, or done with nothing left to follow). */
  const closedCount = async (merchantId: string) => {
    const rows = await t.gw.store.db.selectFrom('cases').select('state_json').where('merchant_id', '=', merchantId).execute();
    return rows.filter((row) => !caseIsOpen(JSON.parse(row.state_json) as Case)).length;
  };

  /** The interception tally of these cases, from the case API. */
  const tallyOf = async (ids: string[]) => {
    const tally = { succeeded: 0, failed: 0, open: 0 };
    for (const id of ids) {
      const c = (await t.call({ method: 'GET', url: `/v1/cases/${id}`, key: t.supportKey })).json();
      for (const i of c.interceptions as { carrierId: string; state: string }[]) {
        expect(i.carrierId).toBe('zto');
        if (SUCCEEDED.has(i.state)) tally.succeeded++;
        else if (FAILED.has(i.state)) tally.failed++;
        else tally.open++;
      }
    }
    return tally;
  };

  it('gives the sandbox merchant its own success rate per carrier: succeeded / (succeeded + failed)', async () => {
    const answer = await stats();
    expect(answer.merchantId).toBe('sandbox');
    expect(answer.interceptions.casesRead).toBe(4);
    const expected = await tallyOf(sandboxCases);
    // Two turned back, two rejected by the carrier.
    expect(expected).toEqual({ succeeded: 2, failed: 2, open: 0 });
    expect(answer.interceptions.carriers).toEqual([{ carrier: 'zto', ...expected, successRate: 0.5 }]);
  });

  it('gives a support key every merchant, or one with merchantId; a merchant key naming another merchant is refused', async () => {
    const all = await stats('', t.supportKey);
    expect(all.merchantId).toBeNull();
    expect(all.interceptions.casesRead).toBe(5);
    const expected = await tallyOf([...sandboxCases, secondCase]);
    expect(expected).toEqual({ succeeded: 3, failed: 2, open: 0 });
    expect(all.interceptions.carriers).toEqual([{ carrier: 'zto', ...expected, successRate: 3 / 5 }]);

    const second = await stats('?merchantId=m-2', t.supportKey);
    expect(second.merchantId).toBe('m-2');
    expect(second.interceptions.carriers).toEqual([{ carrier: 'zto', ...(await tallyOf([secondCase])), successRate: 1 }]);
    expect(await stats('', secondKey)).toMatchObject({ merchantId: 'm-2', interceptions: { casesRead: 1 } });

    const refused = await t.call({ method: 'GET', url: '/v1/stats?merchantId=m-2' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect((await t.call({ method: 'GET', url: '/v1/stats', key: null })).statusCode).toBe(401);
  });

  it('counts open cases by status within the tenant (open: the case is still followed, as caseIsOpen decides)', async () => {
    /** Expected counts from every stored case state, judged by the domain's caseIsOpen. */
    const expectedOpen = async (merchantId?: string) => {
      const rows = await t.gw.store.db.selectFrom('cases').select(['merchant_id', 'state_json']).execute();
      const counts = new Map<string, number>();
      for (const row of rows) {
        if (merchantId !== undefined && row.merchant_id !== merchantId) continue;
        const c = JSON.parse(row.state_json) as Case;
        if (caseIsOpen(c)) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
      }
      return [...counts]
        .map(([status, count]) => ({ status, count }))
        .sort((a, b) => (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
    };
    const sandbox = await stats();
    expect(sandbox.openCases.byStatus).toEqual(await expectedOpen('sandbox'));
    expect(sandbox.openCases.total).toBe(sandboxCases.length - (await closedCount('sandbox')));
    const all = await stats('', t.supportKey);
    expect(all.openCases.byStatus).toEqual(await expectedOpen());
    const second = await stats('', secondKey);
    expect(second.openCases.byStatus).toEqual(await expectedOpen('m-2'));
    expect(all.openCases.total).toBe(sandbox.openCases.total + second.openCases.total);
    // A new case is open (OPEN) at once, in its merchant's count only.
    const opened = await t.call({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(await parcel('deliver'), { afterSaleId: 'AS-ST-NEW' }),
    });
    expect(opened.statusCode).toBe(201);
    const after = await stats();
    const openOf = (answer: { openCases: { byStatus: { status: string; count: number }[] } }) =>
      answer.openCases.byStatus.find((r) => r.status === 'OPEN')?.count ?? 0;
    expect(openOf(after)).toBe(openOf(sandbox) + 1);
    expect(after.openCases.total).toBe(sandbox.openCases.total + 1);
    expect((await stats('', secondKey)).openCases).toEqual(second.openCases);
  });

  it('samples calls and errors per carrier: summed over the series they equal the carrier call counter', async () => {
    const metrics = (await t.call({ method: 'GET', url: '/metrics', key: null })).body;
    const counter = (outcome: string) =>
      [
        ...metrics.matchAll(
          new RegExp(`lanjie_carrier_calls_total\\{carrier="zto",operation="[a-z_]+",outcome="${outcome}"\\} (\\d+)`, 'g'),
        ),
      ].reduce((sum, m) => sum + Number(m[1]), 0);
    t.gw.app.lanjie.statsHistory.sample();
    const all = await stats('?window=60', t.supportKey);
    expect(all.series.intervalSeconds).toBe(10);
    expect(all.series.capacity).toBe(360);
    expect(all.series.times.length).toBeGreaterThanOrEqual(2);
    for (const [i, at] of (all.series.times as number[]).entries()) {
      expect(at).toBeGreaterThan(Date.now() / 1000 - 3600);
      if (i > 0) expect(at).toBeGreaterThanOrEqual(all.series.times[i - 1]);
    }
    const zto = all.series.carriers.find((c: { carrier: string }) => c.carrier === 'zto');
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(sum(zto.calls)).toBe(counter('ok') + counter('error'));
    expect(sum(zto.calls)).toBeGreaterThan(0);
    expect(sum(zto.errors)).toBe(counter('error'));
    for (const series of [zto.calls, zto.errors, zto.queued, zto.quotaUse]) expect(series).toHaveLength(all.series.times.length);
    // ZTO declares a quota: use is calls over what it allowed in each interval.
    expect(zto.quotaUse.every((u: number | null) => typeof u === 'number' && u >= 0)).toBe(true);
    expect(zto.quotaUse.some((u: number) => u > 0)).toBe(true);

    // Scoped: the two merchants' series add up to everyone's.
    const mine = (await stats()).series.carriers.find((c: { carrier: string }) => c.carrier === 'zto');
    const theirs = (await stats('', secondKey)).series.carriers.find((c: { carrier: string }) => c.carrier === 'zto');
    expect(zto.calls).toEqual(mine.calls.map((n: number, i: number) => n + theirs.calls[i]));
    expect(sum(theirs.calls)).toBeGreaterThan(0);
  });

  it('answers 400 naming the field for a bad window or an unknown parameter', async () => {
    for (const [query, path] of [
      ['?window=0', 'query.window'],
      ['?window=1441', 'query.window'],
      ['?window=abc', 'query.window'],
      ['?window=1.5', 'query.window'],
      ['?merchantId=', 'query.merchantId'],
    ]) {
      const answer = await t.call({ method: 'GET', url: `/v1/stats${query}`, key: t.supportKey });
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json().error.code).toBe('INVALID_INPUT');
      expect(
        answer.json().error.issues.map((i: { path: string }) => i.path),
        query,
      ).toContain(path);
    }
    const unknown = await t.call({ method: 'GET', url: '/v1/stats?windw=5', key: t.supportKey });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('windw');
    expect((await stats('?window=1440', t.supportKey)).windowMinutes).toBe(1440);
  });

  it('is in the OpenAPI document with its query and answer', async () => {
    const doc = (await t.call({ method: 'GET', url: '/docs/openapi.json', key: null })).json();
    const op = doc.paths['/v1/stats'].get;
    expect(op.security).toEqual([{ bearer: [] }]);
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['window', 'merchantId']));
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  });
});
