// The console dashboard in a real browser (Debian Chromium via playwright-core): "no data yet" states on a fresh gateway, then each uPlot chart drawn (canvas pixels and legend) on a seeded sandbox, the success rates shown equal to GET /v1/stats, uPlot served from the package under the strict CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openBody, testGateway, type TestGateway } from '../api/harness.ts';
import { chromiumAvailable, launchChromium, newConsolePage, recordPageProblems, skipWithoutChromium } from './browser.ts';

const SCREENSHOT = '/tmp/lanjie-console-dashboard.png';
const EMPTY_SCREENSHOT = '/tmp/lanjie-console-dashboard-empty.png';
const CHARTS = ['success', 'cases', 'calls', 'quota'] as const;

describe('support console dashboard in Chromium', () => {
  let t: TestGateway | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** Console messages about a Content-Security-Policy violation (an inline style or script uPlot would need). */
  const cspViolations: string[] = [];
  const notFound: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    // Sampled every second, so that the time charts get a few real samples while the test runs.
    t = await testGateway({ env: { LANJIE_STATS_SAMPLE_SECONDS: '1' } });
    browser = await launchChromium();
    page = await newConsolePage(browser);
    page.setDefaultTimeout(5_000);
    recordPageProblems(page, { pageErrors, notFound });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** Opens a view afresh (a reload when the page already shows it) and waits until it has rendered. */
  const show = async (hash: string) => {
    const url = `${t!.gw.url}/console${hash}`;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    try {
      await page.waitForFunction((expected) => document.getElementById('main')?.dataset.rendered === expected, hash, { timeout: 10_000 });
    } catch (error) {
      throw new Error(`the console did not render ${hash}: ${(error as Error).message}`);
    }
  };
  const stats = async (query = '') => (await t!.call({ method: 'GET', url: `/v1/stats${query}`, key: t!.supportKey })).json();

  /** What a chart box shows: whether it says it is empty, its canvas' inked pixels, and its legend's series labels. */
  const chartState = (id: string) =>
    page.evaluate((id) => {
      const box = document.querySelector(`#card-${id} [data-chart="${id}"]`);
      const canvas = box?.querySelector('canvas') ?? null;
      let inked = 0;
      if (canvas) {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
      }
      return {
        found: box !== null,
        empty: box?.getAttribute('data-empty') === 'true',
        text: box?.textContent ?? '',
        canvas: canvas ? { width: canvas.width, height: canvas.height, inked } : null,
        legend: [...(box?.querySelectorAll('.u-legend .u-series .u-label') ?? [])].map((el) => el.textContent ?? ''),
      };
    }, id);

  it('says "no data yet" for every chart on a fresh gateway (no case, no carrier call), not a blank box', async (ctx) => {
    skipWithoutChromium(ctx);
    await page.goto(`${t!.gw.url}/console`);
    await page.fill('#api-key', t!.supportKey);
    await page.click('#sign-in');
    await page.locator('#nav a[data-nav="dashboard"]').click();
    await page.waitForFunction(() => document.getElementById('main')?.dataset.rendered === '#/dashboard');
    expect(await page.locator('#nav a.active').innerText()).toContain('Dashboard');
    const answer = await stats();
    expect(answer.series.carriers).toEqual([]);
    expect(answer.interceptions.carriers).toEqual([]);
    expect(answer.openCases.total).toBe(0);
    for (const id of CHARTS) {
      const state = await chartState(id);
      expect(state, id).toMatchObject({ found: true, empty: true, canvas: null });
      expect(state.text, id).toContain('No data yet');
      expect(state.text, id).toMatch(/暂无|没有/);
    }
    expect(await page.locator('#card-success').innerText()).toContain('No interceptions yet');
    await page.screenshot({ path: EMPTY_SCREENSHOT, fullPage: true });
  });

  it('draws every chart (canvas with ink, legend with series) and shows the success rates GET /v1/stats gives', async (ctx) => {
    skipWithoutChromium(ctx);
    // Two ZTO interceptions that succeed, one the carrier rejects.
    for (const [i, fate] of ['return-lost', 'deliver', 'carrier-rejects'].entries()) {
      const added = await t!.call({ method: 'POST', url: '/v1/sandbox/parcels', payload: { carrier: 'zto', fate } });
      expect(added.statusCode).toBe(201);
      const opened = await t!.call({
        method: 'POST',
        url: '/v1/cases',
        payload: openBody(added.json().waybillNo, { afterSaleId: `AS-DASH-${i}` }),
      });
      expect(opened.statusCode, opened.body).toBe(201);
    }
    for (const payload of [{ ms: 0 }, { hours: 12 }, { hours: 24 * 8 }])
      expect((await t!.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload })).statusCode).toBe(200);
    // Three samples of the sampler's own timer after the calls.
    const seeded = (await stats()).series.times.length;
    await expect
      .poll(async () => (await stats()).series.times.length, { timeout: 10_000, interval: 250 })
      .toBeGreaterThanOrEqual(seeded + 3);
    const answer = await stats();
    expect(answer.series.intervalSeconds).toBe(1);
    const zto = answer.interceptions.carriers.find((c: { carrier: string }) => c.carrier === 'zto');
    expect(zto).toMatchObject({ succeeded: 2, failed: 1, successRate: 2 / 3 });

    await show('#/dashboard');
    for (const id of CHARTS) {
      const state = await chartState(id);
      expect(state.empty, `${id}: ${state.text}`).toBe(false);
      expect(state.canvas, id).not.toBeNull();
      expect(state.canvas!.width, id).toBeGreaterThan(300);
      expect(state.canvas!.inked, `${id} drew nothing`).toBeGreaterThan(500);
      expect(state.legend.length, id).toBeGreaterThanOrEqual(1);
    }
    expect((await chartState('success')).legend).toContain('拦截成功率 Success rate');
    expect((await chartState('calls')).legend).toEqual(
      expect.arrayContaining([expect.stringContaining('calls'), expect.stringContaining('errors')]),
    );
    expect((await chartState('quota')).legend).toEqual(expect.arrayContaining([expect.stringContaining('quota use')]));
    // The calls drawn are the endpoint's: the chart's data is the series the page got.
    const drawn = await page.evaluate(() => document.querySelector('#card-calls .u-legend')?.textContent ?? '');
    expect(drawn).toContain('中通快递');

    // The numbers shown are the endpoint's.
    for (const c of answer.interceptions.carriers as { carrier: string; succeeded: number; failed: number; successRate: number | null }[]) {
      const cell = page.locator(`table.success-rates .success-rate[data-carrier="${c.carrier}"]`);
      expect(await cell.getAttribute('data-rate')).toBe(String(c.successRate ?? ''));
      expect(await cell.innerText()).toBe(c.successRate === null ? '—' : `${(c.successRate * 100).toFixed(1)}%`);
      const row = page.locator('table.success-rates tbody tr', { has: page.locator(`.success-rate[data-carrier="${c.carrier}"]`) });
      expect(await row.locator('.succeeded').innerText()).toBe(String(c.succeeded));
      expect(await row.locator('.failed').innerText()).toBe(String(c.failed));
    }
    expect(await page.locator('table.success-rates .success-rate[data-carrier="zto"]').innerText()).toBe('66.7%');
    for (const row of answer.openCases.byStatus as { status: string; count: number }[])
      expect(await page.locator(`table.open-cases [data-status="${row.status}"]`).innerText()).toBe(String(row.count));
    expect(await page.locator('#open-total').innerText()).toContain(`total ${answer.openCases.total}`);
    expect(await page.locator('#dash-scope').innerText()).toContain('All merchants');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('narrows to one merchant and another window from the form', async (ctx) => {
    skipWithoutChromium(ctx);
    await show('#/dashboard');
    await page.selectOption('#dash-window', '15');
    await page.fill('form.filters input[name=merchantId]', 'sandbox');
    await page.click('#dash-refresh');
    await page.waitForFunction(() => document.getElementById('main')?.dataset.rendered === '#/dashboard?window=15&merchantId=sandbox');
    expect(await page.locator('#dash-scope').innerText()).toContain('sandbox');
    const answer = await stats('?window=15&merchantId=sandbox');
    const zto = answer.interceptions.carriers.find((c: { carrier: string }) => c.carrier === 'zto');
    expect(await page.locator('table.success-rates .success-rate[data-carrier="zto"]').getAttribute('data-rate')).toBe(
      String(zto.successRate),
    );
    expect((await chartState('calls')).canvas?.inked).toBeGreaterThan(500);
  });

  it('loads uPlot from the package under the console CSP, with no script error, CSP violation or 404', async (ctx) => {
    skipWithoutChromium(ctx);
    const served = await page.evaluate(async () => {
      const js = await fetch('/console/vendor/uPlot.esm.js');
      const css = await fetch('/console/vendor/uPlot.min.css');
      return {
        js: [js.status, js.headers.get('content-type'), js.headers.get('content-security-policy')],
        css: [css.status, css.headers.get('content-type')],
      };
    });
    expect(served.js.slice(0, 2)).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(served.js[2]).toContain("style-src 'self'");
    expect(served.css).toEqual([200, 'text/css; charset=utf-8']);
    expect(await page.evaluate(() => [...document.styleSheets].map((s) => s.href))).toEqual(
      expect.arrayContaining([`${t!.gw.url}/console/vendor/uPlot.min.css`]),
    );
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(notFound).toEqual([]);
  });
});
