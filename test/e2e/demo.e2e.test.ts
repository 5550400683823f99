// End to end: the demo shop as a newcomer runs it. The demo's entry script (what `npm run demo` runs after building
// the renderer) starts as a child process on free ports; the URL it prints opens the app in Chromium, where sales
// appear within 30 s of the start and keep coming without a reload. Ctrl+C (SIGINT to its process group) stops it
// cleanly: exit code 0, no process left, its throwaway data folder gone.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, newTestContext, openWatchedPage } from './support/browser';
import { freePort } from '../support/free-port';
import { groupAlive } from './support/process-group';
import { shot } from './support/watch';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPEN = /^Open (http:\/\/127\.0\.0\.1:(\d+)\/#token=\S+)$/m;

describe('npm run demo', () => {
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let browser: Browser;
  let startedAt: number;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    startedAt = Date.now();
    // Its own process group, like a terminal's foreground job, so Ctrl+C can be sent to all of it.
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEMO_PORT: String(port), DEMO_SALE_EVERY_MS: '1500', NO_COLOR: '1' },
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    const pid = child?.pid;
    if (pid !== undefined && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  });

  test('shows sales flowing within 30 s of the start, and stops cleanly on Ctrl+C', async () => {
    await expect.poll(() => OPEN.test(output), { timeout: 30_000, interval: 100 }).toBe(true);
    const [, url, printedPort] = OPEN.exec(output)!;
    expect(Number(printedPort)).toBe(port);
    expect(output).toContain('Lagos demo shop is open');
    const dataDir = /^Data: (\S+) \(removed when the demo stops/m.exec(output)?.[1];
    expect(dataDir && existsSync(dataDir)).toBe(true);

    const context = await newTestContext(browser);
    const { page, problems } = await openWatchedPage(context);
    await page.goto(url!);
    await page.getByTestId('app-info').filter({ hasText: 'headless' }).waitFor();
    await page.getByTestId('nav-invoices').click();
    await page.getByTestId('screen-invoices').waitFor();

    // Sales (the last two days' by catch-up, the new ones by signed webhooks) are invoiced and listed.
    const total = async (p: Page) => Number(((await p.getByTestId('invoice-total-count').textContent()) ?? '0').replace(/[^\d]/g, ''));
    await expect.poll(() => total(page), { timeout: 30_000 - (Date.now() - startedAt), interval: 200 }).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    await page.getByTestId('invoice-row').first().waitFor();
    const first = await total(page);
    // Naira, with VAT at 7.5 %.
    expect(await page.getByTestId('invoice-total').first().textContent()).toMatch(/^₦[\d,]+\.\d{2}$/);

    // New sales keep arriving without a reload.
    await expect.poll(() => total(page), { timeout: 15_000 }).toBeGreaterThan(first);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'e2e-demo-invoices-1280x800.png');
    await page.setViewportSize({ width: 800, height: 600 });
    await shot(page, 'e2e-demo-invoices-800x600.png');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('screen-dashboard').waitFor();
    await shot(page, 'e2e-demo-dashboard-1280x800.png');
    // The till's own log: sales, and the app accepted every webhook.
    expect(output).toMatch(/(Cash|Card) sale/);
    expect(output).not.toContain('the app answered');
    expect(problems).toEqual([]);
    await context.close();

    // Ctrl+C: SIGINT to the whole group, as a terminal sends it.
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    await expect.poll(() => groupAlive(child.pid!), { timeout: 15_000 }).toBe(false);
    expect(existsSync(dataDir!)).toBe(false);
  });
});
