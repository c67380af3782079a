// The Chromium the console browser tests drive (Debian's, via playwright-core): where it is, how it is launched, and the skip when it is missing.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { TestContext } from 'vitest';

/** Debian's Chromium, which the tests drive (playwright-core downloads no browser). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why a browser test is skipped on a machine without it. */
export const CHROMIUM_SKIP_REASON = `Chromium is not installed at ${CHROMIUM}: install it with apt-get install chromium (.ci/run does)`;

/** Flags of the launch: headless, no sandbox (containers), no GPU, and nothing that reaches out to the network on its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether {@link CHROMIUM} is installed. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Skips the running test (with {@link CHROMIUM_SKIP_REASON}) when Chromium is not installed. */
export function skipWithoutChromium(ctx: Pick<TestContext, 'skip'>): void {
  ctx.skip(!chromiumAvailable(), CHROMIUM_SKIP_REASON);
}

/** Launches {@link CHROMIUM} with {@link CHROMIUM_ARGS}. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}

/** A new 1440×900 page in locale zh-CN with the browser's time zone America/New_York (not Shanghai, so that a time shown in the browser's zone stands out). */
export function newConsolePage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
}

/** Where {@link recordPageProblems} writes what went wrong in a page. */
export interface PageProblems {
  /** Uncaught errors in the page's scripts. */
  pageErrors: string[];
  /** Every URL the browser got a 404 for (a missing icon, a missing file). */
  notFound: string[];
}

/** Records the page's uncaught script errors and its 404 answers into `problems` (the tests expect both empty). */
export function recordPageProblems(page: Page, problems: PageProblems): void {
  page.on('pageerror', (error) => {
    problems.pageErrors.push(String(error));
  });
  page.on('response', (response) => {
    if (response.status() === 404) problems.notFound.push(response.url());
  });
}
