// The support console in a real browser (Debian Chromium via playwright-core): sign in with a key, list and filter cases, read why a case is (not) eligible, due dates in Shanghai time, interceptions with channel and cost, complete a task and record a return, and check the API state changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openBody, testGateway, type TestGateway } from '../api/harness.ts';
import { chromiumAvailable, launchChromium, newConsolePage, recordPageProblems, skipWithoutChromium } from './browser.ts';

const SCREENSHOT = '/tmp/lanjie-console.png';
const LIST_SCREENSHOT = '/tmp/lanjie-console-list.png';
const TASKS_SCREENSHOT = '/tmp/lanjie-console-tasks.png';
const TASKS_1280_SCREENSHOT = '/tmp/lanjie-console-tasks-1280.png';
const ZTO_RETURN_LOST = '73100000000107';
const ZTO_DELIVERED = '73100000000103';
/** A buyer reason that would run script if the console rendered it as HTML. */
const HOSTILE_REASON = '<img src=x onerror="window.__xss=1">';

/** Asia/Shanghai wall time of a UTC instant, computed without Intl (China has had no DST since 1991: always UTC+8). */
function shanghai(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

describe('support console in Chromium', () => {
  let t: TestGateway | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** Every URL the browser got a 404 for (a missing icon, a missing file). */
  const notFound: string[] = [];
  let lostId: string;
  let ineligibleId: string;

  beforeAll(async () => {
    if (!chromiumAvailable()) return;
    t = await testGateway();
    const lost = await t.call({ method: 'POST', url: '/v1/cases', payload: openBody(ZTO_RETURN_LOST, { afterSaleId: 'AS-LOST-1' }) });
    expect(lost.statusCode).toBe(201);
    lostId = lost.json().case.id;
    const ineligible = await t.call({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(ZTO_DELIVERED, {
        afterSaleId: 'AS-BIG-2',
        refundAmountFen: 150_000,
        reason: 'OTHER',
        reasonText: HOSTILE_REASON,
        skuOrders: [{ skuOrderId: 's-1', amountFen: 150_000, refunded: true }],
      }),
    });
    expect(ineligible.statusCode).toBe(201);
    ineligibleId = ineligible.json().case.id;
    // Track and intercept, let the return start, then let the return run past its limit (RETURN_OVERDUE complaint task).
    for (const payload of [{ ms: 0 }, { hours: 12 }, { hours: 24 * 8 }]) {
      expect((await t.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload })).statusCode).toBe(200);
    }
    browser = await launchChromium();
    page = await newConsolePage(browser);
    recordPageProblems(page, { pageErrors, notFound });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  /** Opens a console view and waits until it has rendered (app.js marks main with the hash it rendered). */
  const show = async (hash: string) => {
    await page.goto(`${t!.gw.url}/console${hash}`);
    await rendered(hash);
  };
  /** Waits until the console has rendered this hash (or, with `prefix`, a hash starting with it). */
  const rendered = async (expected: string, prefix = false) => {
    try {
      await page.waitForFunction(
        ({ expected, prefix }) => {
          const hash = document.getElementById('main')?.dataset.rendered ?? '';
          return prefix ? hash.startsWith(expected) : hash === expected;
        },
        { expected, prefix },
        { timeout: 10_000 },
      );
    } catch (error) {
      throw new Error(`the console did not render ${expected}: ${(error as Error).message}`);
    }
  };

  const caseJson = async (id: string) => (await t!.call({ method: 'GET', url: `/v1/cases/${id}`, key: t!.supportKey })).json();

  it('signs in once with a key kept in sessionStorage and lists cases with verdict, due date in Shanghai time, badges and interceptions', async (ctx) => {
    skipWithoutChromium(ctx);
    await page.goto(`${t!.gw.url}/console`);
    await page.fill('#api-key', t!.supportKey);
    await page.click('#sign-in');
    const row = page.locator('table.cases tbody tr', { has: page.locator('a.case-link', { hasText: 'AS-LOST-1' }) });
    await row.waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('lanjie.console.apiKey'))).toBe(t!.supportKey);

    const lost = await caseJson(lostId);
    const text = await row.innerText();
    expect(text).toContain('sandbox');
    expect(text).toContain('REFUNDED');
    expect(text).toContain('ELIGIBLE');
    expect(text).toContain(shanghai(lost.deadline.due));
    expect(text).toContain('CARRIER_API');
    expect(text).toContain('快递公司接口');
    expect(text).toContain(lost.interceptions[0].state);
    expect(await page.locator('table.cases th').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('北京时间')]));

    const big = page.locator('table.cases tbody tr', { has: page.locator('a.case-link', { hasText: 'AS-BIG-2' }) });
    expect(await big.innerText()).toContain('INELIGIBLE');
    // AS-BIG-2 is both overdue and at risk in the API: the row shows one badge, and overdue wins.
    const bigSummary = (await t!.call({ method: 'GET', url: `/v1/cases?waybill=${ZTO_DELIVERED}`, key: t!.supportKey })).json().cases[0];
    expect(bigSummary).toMatchObject({ overdue: true, atRisk: true });
    expect(await big.locator('.deadline-flag').allInnerTexts()).toEqual(['已超时 Overdue']);
    expect(await big.innerText()).not.toContain('At risk');
    for (const flags of await page.locator('table.cases tbody tr').all())
      expect(await flags.locator('.deadline-flag').count()).toBeLessThanOrEqual(1);

    // The platform / mode column: the platform sent at intake and the mode's label.
    expect(await page.locator('table.cases th').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Platform / mode')]),
    );
    const platform = await row.locator('.platform').innerText();
    expect(platform).toContain(lost.platform);
    expect(lost).toMatchObject({ platform: 'shop', mode: 'generic' });
    expect(platform).toContain('通用模式');
    expect(platform).toContain('generic');
    await page.screenshot({ path: LIST_SCREENSHOT, fullPage: true });

    // A reload keeps the key (same tab); no second sign-in.
    await page.reload();
    await row.waitFor();
    expect(await page.locator('#api-key').count()).toBe(0);
  });

  it('filters by refund-after-rejection, carrier and waybill, and pages by cursor', async (ctx) => {
    skipWithoutChromium(ctx);
    await page.selectOption('#f-status', 'refund-after-rejection');
    await page.selectOption('#f-carrier', 'zto');
    await page.click('#f-apply');
    await rendered('#/cases?status=refund-after-rejection&carrier=zto');
    expect(await page.locator('a.case-link').allInnerTexts()).toEqual(['AS-LOST-1']);

    await show(`#/cases?waybill=${ZTO_DELIVERED}`);
    expect(await page.locator('a.case-link').allInnerTexts()).toEqual(['AS-BIG-2']);

    await show('#/cases?limit=1');
    const first = await page.locator('a.case-link').allInnerTexts();
    expect(first).toHaveLength(1);
    await page.click('#page-next');
    await rendered('#/cases?limit=1&cursor=', true);
    const second = await page.locator('a.case-link').allInnerTexts();
    expect(new Set([...first, ...second])).toEqual(new Set(['AS-LOST-1', 'AS-BIG-2']));
    expect(await page.locator('#page-next').isDisabled()).toBe(true);
    await page.click('#page-prev');
    await rendered('#/cases?limit=1');
    expect(await page.locator('a.case-link').allInnerTexts()).toEqual(first);
  });

  it('shows every ineligibility reason in Chinese and English and renders hostile text as text', async (ctx) => {
    skipWithoutChromium(ctx);
    await show('#/cases');
    await page.click('a.case-link:has-text("AS-BIG-2")');
    await rendered(`#/case/${ineligibleId}`);
    const reasons = page.locator('table.eligibility-reasons');
    const text = await reasons.innerText();
    // Written out here, not read from src/cases/reasons.ts: the console must show the DESIGN's messages.
    expect(text).toContain('AMOUNT_LIMIT');
    expect(text).toContain('退款金额超限(需低于1000元)');
    expect(text).toContain('Refund amount is not below the limit (1000 yuan)');
    const api = await caseJson(ineligibleId);
    expect(api.eligibility.verdict).toBe('INELIGIBLE');
    for (const r of api.eligibility.reasons as { code: string; zh: string; en: string }[]) {
      expect(text).toContain(r.code);
      expect(text).toContain(r.zh);
      expect(text).toContain(r.en);
    }
    expect(api.eligibility.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['AMOUNT_LIMIT', 'REASON_NOT_RECEIVED', 'LOGISTICS_DELIVERED']),
    );
    expect(await page.locator('#refund-amount').innerText()).toBe('¥1,500.00');
    expect(await page.locator('main').innerText()).toContain(HOSTILE_REASON);
    // The buyer's reason is shown as its zh/en label, the words sent beside it.
    expect(await page.locator('.buyer-reason').innerText()).toContain('其他 / Other');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('shows the due date in Shanghai time, the interception with channel and cost, and the open work', async (ctx) => {
    skipWithoutChromium(ctx);
    const api = await caseJson(lostId);
    await show(`#/case/${lostId}`);
    expect(await page.locator('#due').innerText()).toBe(shanghai(api.deadline.due));
    expect(await page.locator('#refund-amount').innerText()).toBe('¥129.00');

    const history = await page.locator('table.deadline-history').innerText();
    for (const h of api.deadline.history as { reason: string; zh: string; en: string; due: string }[]) {
      expect(history).toContain(h.reason);
      expect(history).toContain(h.zh);
      expect(history).toContain(h.en);
      expect(history).toContain(shanghai(h.due));
    }

    const ix = api.interceptions[0];
    expect(ix).toMatchObject({ channel: 'CARRIER_API', costEstimateFen: 300 });
    const ixText = await page.locator('table.interceptions').innerText();
    expect(ixText).toContain('CARRIER_API');
    expect(ixText).toContain('快递公司接口');
    expect(ixText).toContain('¥3.00');
    expect(ixText).toContain(ix.state);

    const events = await page.locator('table.events').innerText();
    const first = api.shipments[0].events[0];
    expect(events).toContain(first.description);
    expect(events).toContain(shanghai(first.at));

    const timeline = await page.locator('table.timeline').innerText();
    expect(timeline).toContain('INTERCEPT_ACCEPTED');
    expect(timeline).toContain('快递已受理拦截(非成功)');

    const complaint = api.complaints[0];
    expect(complaint).toMatchObject({ reason: 'RETURN_OVERDUE', status: 'OPEN' });
    const complaintsText = await page.locator('table.complaints').innerText();
    expect(complaintsText).toContain('退回超时未签收');
    expect(complaintsText).toContain('Return overdue');

    // The work queue lists the open complaint task.
    await show('#/tasks');
    const work = page.locator('table.work tbody tr', { hasText: 'AS-LOST-1' });
    expect(await work.innerText()).toContain('RETURN_OVERDUE');
    // AS-BIG-2 (overdue, with an open DEADLINE_AT_RISK task) shows one badge per row: overdue.
    const bigWork = page.locator('table.work tbody tr', { hasText: 'AS-BIG-2' });
    expect(await bigWork.count()).toBeGreaterThanOrEqual(2);
    expect(await bigWork.locator('.deadline-flag').allInnerTexts()).toEqual(Array(await bigWork.count()).fill('已超时 Overdue'));
    await page.screenshot({ path: TASKS_SCREENSHOT, fullPage: true });
  });

  it('fits the work queue in a 1280 px wide window without horizontal scrolling', async (ctx) => {
    skipWithoutChromium(ctx);
    await page.setViewportSize({ width: 1280, height: 800 });
    try {
      await show('#/tasks');
      expect(await page.locator('table.work tbody tr').count()).toBeGreaterThanOrEqual(3);
      const sizes = await page.evaluate(() => {
        const table = document.querySelector('table.work') as HTMLElement;
        const card = table.closest('.card') as HTMLElement;
        return {
          page: document.scrollingElement!.scrollWidth,
          table: [table.scrollWidth, table.clientWidth],
          card: [card.scrollWidth, card.clientWidth],
        };
      });
      await page.screenshot({ path: TASKS_1280_SCREENSHOT, fullPage: true });
      expect(sizes.page, JSON.stringify(sizes)).toBeLessThanOrEqual(1280);
      expect(sizes.table[0], JSON.stringify(sizes)).toBeLessThanOrEqual(sizes.table[1]!);
      // The card scrolls sideways when its content is wider (overflow-x: auto): it must not need to.
      expect(sizes.card[0], JSON.stringify(sizes)).toBeLessThanOrEqual(sizes.card[1]!);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('completes a support task and records the return; the API state changes', async (ctx) => {
    skipWithoutChromium(ctx);
    const before = await caseJson(lostId);
    const task = (before.supportTasks as { id: string; kind: string; status: string }[]).find(
      (x) => x.kind === 'RETURN_OVERDUE' && x.status === 'OPEN',
    )!;
    expect(task).toBeDefined();
    await show(`#/case/${lostId}`);
    const form = page.locator(`form.complete-task[data-task-id="${task.id}"]`);
    await form.locator('input[name=outcome]').fill('已联系中通,索赔已提交 claim filed with ZTO');
    await form.locator('input[name=compensation]').fill('12.5');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await form.locator('button[type=submit]').click();
    await page.locator('.flash', { hasText: 'Task completed' }).waitFor();

    const after = await caseJson(lostId);
    const done = after.supportTasks.find((x: { id: string }) => x.id === task.id);
    expect(done).toMatchObject({ status: 'DONE', outcome: '已联系中通,索赔已提交 claim filed with ZTO' });
    expect(after.complaints[0]).toMatchObject({ status: 'RESOLVED', compensationFen: 1250 });
    expect(after.timeline.at(-1).reasons.map((r: { code: string }) => r.code)).toContain('SUPPORT_TASK_COMPLETED');
    expect(await page.locator(`form.complete-task[data-task-id="${task.id}"]`).count()).toBe(0);
    expect(await page.locator('table.complaints').innerText()).toContain('¥12.50');

    await page.locator(`form.record-return[data-shipment-id="${ZTO_RETURN_LOST}"] button[type=submit]`).click();
    await page.locator('.flash', { hasText: 'Return recorded as received' }).waitFor();
    const returned = await caseJson(lostId);
    expect(returned.shipments[0].returnRecord).toMatchObject({ outcome: 'RECEIVED' });
    expect(returned.timeline.at(-1).reasons.map((r: { code: string }) => r.code)).toContain('RETURN_RECEIVED');
    expect(await page.locator('form.record-return').count()).toBe(0);
  });

  it('shows each done task with its outcome, and a closed case with why it closed', async (ctx) => {
    skipWithoutChromium(ctx);
    // The task completed by the previous test: its outcome, as support wrote it.
    await show(`#/case/${lostId}`);
    const lostTasks = await page.locator('table.tasks').innerText();
    expect(lostTasks).toContain('已完成 Done');
    expect(lostTasks).toContain('已联系中通,索赔已提交 claim filed with ZTO');

    // A generic-mode case the merchant reports closed (the buyer cancelled): lanjie closes its open task itself.
    const opened = await t!.call({ method: 'POST', url: '/v1/cases', payload: openBody(ZTO_DELIVERED, { afterSaleId: 'AS-CLOSED-3' }) });
    expect(opened.statusCode).toBe(201);
    const closedId: string = opened.json().case.id;
    expect((await t!.call({ method: 'POST', url: '/v1/sandbox/clock/advance', payload: { ms: 0 } })).statusCode).toBe(200);
    const closing = await t!.call({
      method: 'POST',
      url: `/v1/cases/${closedId}/events`,
      payload: { type: 'CLOSED', cause: 'BUYER_CANCELLED' },
    });
    expect(closing.statusCode, closing.body).toBeLessThan(300);
    const api = await caseJson(closedId);
    expect(api.status).toBe('CLOSED');
    expect(api.closed).toMatchObject({ cause: 'BUYER_CANCELLED' });
    await show(`#/case/${closedId}`);
    const closed = await page.locator('#closed').innerText();
    expect(closed).toContain('买家撤销');
    expect(closed).toContain('BUYER_CANCELLED');
    expect(closed).toContain(shanghai(api.closed.at));
    const byLanjie = (api.supportTasks as { status: string; closedBy?: string; outcome?: string }[]).filter((x) => x.closedBy === 'lanjie');
    expect(byLanjie).toHaveLength(1);
    const text = await page.locator('table.tasks').innerText();
    expect(text).toContain('lanjie 自动关闭 Closed by lanjie');
    expect(text).toContain(byLanjie[0]!.outcome);
    expect(byLanjie[0]!.outcome).toBe('closed by lanjie: case CLOSED');
  });

  it('opens a complaint from the detail form with an evidence note, and shows the 409 naming the existing one', async (ctx) => {
    skipWithoutChromium(ctx);
    await show(`#/case/${lostId}`);
    const form = page.locator('form.open-complaint');
    await form.locator('select[name=shipmentId]').selectOption(ZTO_RETURN_LOST);
    await form.locator('select[name=reason]').selectOption('INTERCEPT_BREACHED');
    await form.locator('input[name=note]').fill('买家发来签收照片 buyer sent a photo of the delivery');
    await form.locator('button[type=submit]').click();
    await page.locator('.flash', { hasText: 'Complaint opened' }).waitFor();

    const api = await caseJson(lostId);
    const opened = (api.complaints as { id: string; reason: string; note?: string }[]).find((x) => x.reason === 'INTERCEPT_BREACHED')!;
    expect(opened).toMatchObject({
      shipmentId: ZTO_RETURN_LOST,
      status: 'OPEN',
      note: '买家发来签收照片 buyer sent a photo of the delivery',
    });
    const listed = await page.locator('table.complaints').innerText();
    expect(listed).toContain('拦截成功后仍派送给买家');
    expect(listed).toContain('买家发来签收照片 buyer sent a photo of the delivery');

    const again = page.locator('form.open-complaint');
    await again.locator('select[name=shipmentId]').selectOption(ZTO_RETURN_LOST);
    await again.locator('select[name=reason]').selectOption('INTERCEPT_BREACHED');
    await again.locator('button[type=submit]').click();
    const error = again.locator('.error[role=alert]');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('COMPLAINT_EXISTS');
    expect(text).toContain(opened.id);
    expect((await caseJson(lostId)).complaints).toHaveLength(api.complaints.length);
  });

  it('asks for the key again when the API refuses it', async (ctx) => {
    skipWithoutChromium(ctx);
    await show('#/cases');
    await page.evaluate(() => sessionStorage.setItem('lanjie.console.apiKey', 'lj_not_a_real_key'));
    await page.reload();
    await page.locator('#api-key').waitFor();
    expect(await page.locator('.error').first().innerText()).toContain('UNAUTHENTICATED');
    expect(await page.evaluate(() => sessionStorage.getItem('lanjie.console.apiKey'))).toBeNull();
  });

  it('shows the SVG icon the page names, and the browser got no 404 for an icon or any file', async (ctx) => {
    skipWithoutChromium(ctx);
    // The previous test signed out: the sign-in page has the same head.
    await page.goto(`${t!.gw.url}/console`);
    await page.locator('#api-key').waitFor();
    const icon = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="icon"]') as HTMLLinkElement;
      const answer = await fetch(link.href);
      return { href: link.href, status: answer.status, type: answer.headers.get('content-type') };
    });
    expect(icon).toEqual({ href: `${t!.gw.url}/console/favicon.svg`, status: 200, type: 'image/svg+xml' });
    const ico = await page.evaluate(async () => (await fetch('/favicon.ico')).status);
    expect(ico).toBe(200);
    expect(notFound).toEqual([]);
  });

  it('draws Chinese labels with real glyphs, not tofu boxes (a CJK font is installed: fonts-wqy-microhei)', async (ctx) => {
    skipWithoutChromium(ctx);
    await page.goto(`${t!.gw.url}/console`);
    const brand = page.locator('.topbar .brand');
    await brand.waitFor();
    expect(await brand.innerText()).toContain('拦截');
    // Method. A character no installed font has is drawn as the font's .notdef glyph ("tofu"), and that box is the
    // same for every missing character. So, with the font the page computed for its brand label, draw '拦', '截' and
    // U+10FFFD (a plane-16 private-use code point no font covers) on a canvas and compare the pixels: with a CJK font
    // '拦' has ink and its pixels differ both from '截' and from the missing glyph; without one all three are the same
    // box, and this test fails. Widths alone cannot tell: Chromium measured '拦截' and two tofu boxes equally wide
    // (80 px at 40 px) with fonts-wqy-microhei, and equally wide (30 px) with only DejaVu, so width is checked to be
    // non-zero only. Checked by hand with FONTCONFIG_FILE pointing at a fontconfig that lists only DejaVu.
    const glyphs = await brand.evaluate((label) => {
      const font = getComputedStyle(label).font.replace(/\d+(\.\d+)?px/, '40px');
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const c = canvas.getContext('2d', { willReadFrequently: true })!;
      c.font = font;
      const alpha = (text: string) => {
        c.clearRect(0, 0, 64, 64);
        c.fillStyle = '#000';
        c.textBaseline = 'top';
        c.fillText(text, 4, 4);
        return Array.from(c.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3));
      };
      const lan = alpha('拦');
      const jie = alpha('截');
      const missing = alpha('\u{10FFFD}');
      const same = (a: number[], b: number[]) => a.every((v, i) => v === b[i]);
      const span = document.createElement('span');
      span.textContent = '拦截';
      label.append(span);
      const spanWidth = span.getBoundingClientRect().width;
      span.remove();
      return {
        font,
        width: c.measureText('拦截').width,
        spanWidth,
        ink: lan.reduce((sum, v) => sum + v, 0),
        lanIsJie: same(lan, jie),
        lanIsTofu: same(lan, missing),
      };
    });
    expect(glyphs.width, JSON.stringify(glyphs)).toBeGreaterThan(0);
    expect(glyphs.spanWidth, JSON.stringify(glyphs)).toBeGreaterThan(0);
    expect(glyphs.ink, JSON.stringify(glyphs)).toBeGreaterThan(0);
    expect(glyphs.lanIsJie, `'拦' and '截' drew the same box: no CJK font (${glyphs.font})`).toBe(false);
    expect(glyphs.lanIsTofu, `'拦' drew the missing-glyph box: no CJK font (${glyphs.font})`).toBe(false);
  });

  it('raised no script error in the page', (ctx) => {
    skipWithoutChromium(ctx);
    expect(pageErrors).toEqual([]);
  });
});
