import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { openWatchedPage, type WatchedPage } from './browser';

const SHOTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));

/** A full-page screenshot in test-results/, scrolled to the top (a shot taken mid-scroll misplaces the sidebar). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

/**
 * The screen at the two window sizes the app supports, `e2e-<name>-<w>x<h>.png`, and dark at the smaller one when
 * asked (to check its contrast), for a person to look at; back at the wide size, light, afterwards.
 */
export async function shots(page: Page, name: string, opts: { dark?: boolean } = {}): Promise<void> {
  for (const [width, height] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `e2e-${name}-${width}x${height}.png`);
  }
  if (opts.dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `e2e-${name}-dark-800x600.png`);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Chromium logs every non-2xx fetch as a console error; a test that provokes one on purpose allows exactly that. */
export const httpStatusLogged = (status: number) =>
  new RegExp(`Failed to load resource: the server responded with a status of ${status}`);

/**
 * A fresh watched page per test; after each, asserts it logged no console error or warning, uncaught exception or
 * CSP violation other than the ones the test allowed.
 */
export function watchPages(getContext: () => BrowserContext) {
  const state: { w: WatchedPage; allowed: RegExp[] } = { w: undefined as unknown as WatchedPage, allowed: [] };
  beforeEach(async () => {
    state.w = await openWatchedPage(getContext());
    state.allowed = [];
  });
  afterEach(async () => {
    const unexpected = state.w.problems.filter((p) => !state.allowed.some((re) => re.test(p)));
    await state.w.page.close();
    expect(unexpected).toEqual([]);
  });
  return state;
}
