// Serving the console (allow-listed files, CSP, reason table, no HTML injection sinks in its scripts) and GET /v1/tasks, the work queue the console reads (tenant, paging, validation).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../src/cases/reasons.ts';
import { createRequire } from 'node:module';
import { CONSOLE_FILES, CONSOLE_VENDOR_FILES } from '../../src/console/plugin.ts';
import { openBody, testGateway, type TestGateway } from '../api/harness.ts';

const ASSETS = join(import.meta.dirname, '..', '..', 'src', 'console', 'assets');
const ZTO_RETURN_LOST = '73100000000107';
const ZTO_DELIVERED = '73100000000103';

describe('console files', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await testGateway();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('serves the page and its allow-listed files without a key, with a strict CSP', async () => {
    for (const url of ['/console', '/console/']) {
      const page = await t.call({ method: 'GET', url, key: null });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.body).toContain('<script type="module" src="/console/app.js"></script>');
    }
    for (const [name, type] of Object.entries(CONSOLE_FILES)) {
      const file = await t.call({ method: 'GET', url: `/console/${name}`, key: null });
      expect(file.statusCode, name).toBe(200);
      expect(file.headers['content-type']).toBe(type);
      expect(file.body).toBe(readFileSync(join(ASSETS, name), 'utf8'));
    }
    // The icon: an SVG named by the page, and the same file as /favicon.ico (asked for by pages that name none).
    expect(CONSOLE_FILES['favicon.svg']).toBe('image/svg+xml');
    const consolePage = await t.call({ method: 'GET', url: '/console', key: null });
    expect(consolePage.body).toContain('<link rel="icon" href="/console/favicon.svg" type="image/svg+xml">');
    for (const url of ['/console/favicon.svg', '/favicon.ico']) {
      const icon = await t.call({ method: 'GET', url, key: null });
      expect(icon.statusCode, url).toBe(200);
      expect(icon.headers['content-type'], url).toBe('image/svg+xml');
      expect(icon.body, url).toBe(readFileSync(join(ASSETS, 'favicon.svg'), 'utf8'));
      expect(icon.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    for (const url of ['/console/format.d.ts', '/console/..%2Fplugin.ts', '/console/%2e%2e%2fplugin.ts', '/console/nothing.js']) {
      expect((await t.call({ method: 'GET', url, key: null })).statusCode, url).toBe(404);
    }
    // The data still needs a key.
    expect((await t.call({ method: 'GET', url: '/v1/cases', key: null })).statusCode).toBe(401);
  });

  it('serves uPlot from the installed package under /console/vendor/ with the same CSP, and nothing else there', async () => {
    const require = createRequire(import.meta.url);
    expect(Object.keys(CONSOLE_VENDOR_FILES).sort()).toEqual(['uPlot.esm.js', 'uPlot.min.css']);
    for (const [name, file] of Object.entries(CONSOLE_VENDOR_FILES)) {
      const answer = await t.call({ method: 'GET', url: `/console/vendor/${name}`, key: null });
      expect(answer.statusCode, name).toBe(200);
      expect(answer.headers['content-type']).toBe(file.type);
      expect(answer.headers['content-security-policy']).toContain("style-src 'self'");
      expect(answer.body).toBe(readFileSync(require.resolve(file.from), 'utf8'));
    }
    for (const url of ['/console/vendor/uPlot.cjs.js', '/console/vendor/..%2Fplugin.ts', '/console/vendor/nothing.js'])
      expect((await t.call({ method: 'GET', url, key: null })).statusCode, url).toBe(404);
    const page = (await t.call({ method: 'GET', url: '/console', key: null })).body;
    expect(page).toContain('<link rel="stylesheet" href="/console/vendor/uPlot.min.css">');
    // Every absolute import of a console module names a served vendor file.
    for (const name of Object.keys(CONSOLE_FILES).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(ASSETS, name), 'utf8');
      for (const match of source.matchAll(/from '\/console\/vendor\/([^']+)'/g))
        expect(Object.keys(CONSOLE_VENDOR_FILES), `${name} imports vendor/${match[1]}`).toContain(match[1]);
    }
    expect(readFileSync(join(ASSETS, 'view-dashboard.js'), 'utf8')).toContain("from '/console/vendor/uPlot.esm.js'");
  });

  it('serves the reason table (every code with its Chinese and English message)', async () => {
    const answer = await t.call({ method: 'GET', url: '/console/reasons.json', key: null });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual(REASONS);
    expect(answer.json().AMOUNT_LIMIT).toEqual({
      zh: '退款金额超限(需低于1000元)',
      en: 'Refund amount is not below the limit (1000 yuan)',
    });
  });

  it('every asset is served, every module import resolves to a served file, and no script uses an HTML or eval sink', () => {
    const onDisk = readdirSync(ASSETS)
      .filter((f) => !f.endsWith('.d.ts'))
      .sort();
    expect(onDisk).toEqual(Object.keys(CONSOLE_FILES).sort());
    for (const name of onDisk.filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(ASSETS, name), 'utf8');
      expect(source, name).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|srcdoc/);
      expect(source.split('\n')[0], `${name} starts with a one-line comment`).toMatch(/^\/\/ \S/);
      for (const match of source.matchAll(/from '\.\/([^']+)'/g))
        expect(Object.keys(CONSOLE_FILES), `${name} imports ${match[1]}`).toContain(match[1]);
    }
  });
});

describe('GET /v1/tasks', () => {
  let t: TestGateway;
  let lostId: string;
  /** Open, delivered, not-eligible cases: left to run past due − margin they carry an open support task. */
  const stuckIds: string[] = [];

  beforeAll(async () => {
    t = await testGateway();
    lostId = (await t.call({ method: 'POST', url: '/v1/cases', payload: openBody(ZTO_RETURN_LOST, { afterSaleId: 'as-lost' }) })).json()
      .case.id;
    for (let i = 0; i < 3; i++) {
      stuckIds.push(
        (
          await t.call({
            method: 'POST',
            url: '/v1/cases',
            payload: openBody(ZTO_DELIVERED, { afterSaleId: `as-stuck-${i}`, reason: 'QUALITY' }),
          })
        ).json().case.id,
      );
    }
    // A case with no open work.
    await t.call({ method: 'POST', url: '/v1/cases', payload: openBody('73100000000101', { afterSaleId: 'as-fine' }) });
    for (const payload of [{ ms: 0 }, { hours: 12 }, { hours: 24 * 8 }])
      expect((await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload })).statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t.stop();
  });

  it('lists each case with open tasks or complaints, with zh/en messages, and pages through all of them', async () => {
    const all = (await t.call({ method: 'GET', url: '/v1/tasks' })).json();
    expect(all.nextCursor).toBeNull();
    const byCase = new Map<
      string,
      {
        tasks: { id: string; kind: string; status: string; zh: string; en: string }[];
        complaints: { id: string; reason: string; zh: string; en: string }[];
      }
    >(all.entries.map((e: { caseId: string }) => [e.caseId, e]));
    const lost = byCase.get(lostId)!;
    expect(lost.tasks.map((x) => x.kind)).toEqual(['RETURN_OVERDUE']);
    expect(lost.tasks[0]).toMatchObject({ status: 'OPEN', zh: '退回超时未签收', en: 'Return overdue' });
    expect(lost.complaints[0]).toMatchObject({ reason: 'RETURN_OVERDUE', status: 'OPEN', zh: '退回超时未签收', en: 'Return overdue' });
    for (const id of stuckIds) expect(byCase.get(id)?.tasks.length, id).toBeGreaterThan(0);
    // The ids the API lists are exactly the cases whose view has an open task or complaint.
    const everyCase = (await t.call({ method: 'GET', url: '/v1/cases?limit=200' })).json().cases as { id: string }[];
    const withWork: string[] = [];
    for (const c of everyCase) {
      const view = (await t.call({ method: 'GET', url: `/v1/cases/${c.id}` })).json();
      if (
        view.supportTasks.some((x: { status: string }) => x.status === 'OPEN') ||
        view.complaints.some((x: { status: string }) => x.status === 'OPEN')
      )
        withWork.push(c.id);
    }
    expect([...byCase.keys()].sort()).toEqual(withWork.sort());
    expect(withWork).toHaveLength(4);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { entries: { caseId: string }[]; nextCursor: string | null } = (
        await t.call({ method: 'GET', url: `/v1/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      expect(page.entries.length).toBeLessThanOrEqual(1);
      paged.push(...page.entries.map((e) => e.caseId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.entries.map((e: { caseId: string }) => e.caseId));
  });

  it('drops a case once its task is completed', async () => {
    const task = (await t.call({ method: 'GET', url: `/v1/cases/${lostId}` }))
      .json()
      .supportTasks.find((x: { kind: string }) => x.kind === 'RETURN_OVERDUE');
    expect(
      (
        await t.call({
          method: 'POST',
          url: `/v1/cases/${lostId}/tasks/${encodeURIComponent(task.id)}`,
          payload: { outcome: 'claim filed' },
        })
      ).statusCode,
    ).toBe(200);
    const entries = (await t.call({ method: 'GET', url: '/v1/tasks' })).json().entries as { caseId: string }[];
    expect(entries.map((e) => e.caseId)).not.toContain(lostId);
  });

  it('keeps tenants apart and validates its query', async () => {
    expect((await t.call({ method: 'GET', url: '/v1/tasks', key: null })).statusCode).toBe(401);
    const other = await t.call({ method: 'GET', url: '/v1/tasks?merchantId=someone-else' });
    expect(other.statusCode).toBe(403);
    const support = await t.call({ method: 'GET', url: '/v1/tasks?merchantId=someone-else', key: t.supportKey });
    expect(support.statusCode).toBe(200);
    expect(support.json().entries).toEqual([]);
    const own = (await t.call({ method: 'GET', url: '/v1/tasks' })).json().entries.map((e: { caseId: string }) => e.caseId);
    expect(own.length).toBeGreaterThanOrEqual(stuckIds.length);
    expect(
      (await t.call({ method: 'GET', url: '/v1/tasks?merchantId=sandbox', key: t.supportKey }))
        .json()
        .entries.map((e: { caseId: string }) => e.caseId),
    ).toEqual(own);
    const badCursor = await t.call({ method: 'GET', url: '/v1/tasks?cursor=nope' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.issues[0].path).toBe('query.cursor');
    const badLimit = await t.call({ method: 'GET', url: '/v1/tasks?limit=0' });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().error.issues[0].path).toBe('query.limit');
    expect((await t.call({ method: 'GET', url: '/v1/tasks?status=OPEN' })).statusCode).toBe(400);
  });
});
