import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, newTestContext } from './browser';
import { startServe, type ServeHandle } from './serve';

export interface E2eSession {
  /** The suite's own temp data dir, `taxpoynt-e2e-<label>-…`; stop() removes it. */
  dataDir: string;
  host: ServeHandle;
  browser: Browser;
  /** One context per suite (see newTestContext); each test opens its own page in it. */
  context: BrowserContext;
  /** Closes the browser, stops the host and removes the data dir. Safe to call more than once. */
  stop: () => Promise<void>;
}

/**
 * What one e2e suite runs against: a fresh temp data dir (filled by `prepare`, if given, before anything starts), the
 * real `npm run serve` host on it and Chromium with one test context. Chromium launches while npm builds the renderer.
 * Either everything came up, or whatever did is shut down again, the data dir removed, and the first error thrown.
 */
export async function startSession(opts: {
  /** Names the temp data dir, so a leftover one says which suite it came from. */
  label: string;
  token: string;
  env?: Record<string, string>;
  prepare?: (dataDir: string) => void;
}): Promise<E2eSession> {
  const dataDir = mkdtempSync(join(tmpdir(), `taxpoynt-e2e-${opts.label}-`));
  let browser: Browser | undefined;
  let host: ServeHandle | undefined;
  let stopping: Promise<void> | undefined;
  // Each step runs even when the one before it failed.
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await browser?.close();
      } finally {
        try {
          await host?.stop();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    })());

  try {
    opts.prepare?.(dataDir);
    const [served, launched] = await Promise.allSettled([
      startServe({ dataDir, token: opts.token, env: opts.env }),
      launchChromium(),
    ]);
    if (served.status === 'fulfilled') host = served.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (served.status === 'rejected') throw served.reason;
    if (launched.status === 'rejected') throw launched.reason;
    const context = await newTestContext(launched.value);
    return { dataDir, host: served.value, browser: launched.value, context, stop };
  } catch (err) {
    // The startup error says more than one from cleaning up after it.
    await stop().catch(() => undefined);
    throw err;
  }
}

/**
 * Opens the URL the host printed and waits until the app shows its info line (containing `appInfo`); then, if given,
 * clicks the sidebar entry of `screen` and waits for the element `ready` of that screen.
 */
export async function openApp(
  page: Page,
  host: ServeHandle,
  opts: { appInfo: string; screen?: string; ready?: string },
): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('app-info').filter({ hasText: opts.appInfo }).waitFor();
  if (opts.screen) await page.getByTestId(`nav-${opts.screen}`).click();
  if (opts.ready) await page.getByTestId(opts.ready).waitFor();
}
