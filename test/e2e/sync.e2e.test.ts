// End to end: the Sync screen of the real `npm run serve` host in Chromium, connected (OAuth round trip, no browser
// step) to the fake Square holding many past sales. Sync now moves "last synced"; a backfill over a date range shows
// its progress (bar, counts, pace) and ends with the result in words; a second backfill is cancelled mid-way.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SyncStatus } from '../../shared/sync';
import type { FakeSquare } from '../fakes/fake-square';
import type { ServeHandle } from './support/serve';
import { openApp } from './support/session';
import { connectSquareWithoutBrowser, startSquareSession, type SquareSession } from './support/square';
import { waitUntil } from './support/wait-until';
import { httpStatusLogged, shot, shots as sizedShots, watchPages } from './support/watch';
import { callApi } from './support/webhooks';

const TOKEN = 'e2e-sync-token-0123456789-abcdefghijklmnop';
const APP_ID = 'sq0idp-e2e-sync-app';
const LOCATION_ID = 'LSYNCLAGOS0001';
const DAY = 24 * 3600_000;
/** Sales in the backfill range: enough for several ListPayments pages (100 each). */
const HISTORY_SALES = 360;

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const num = async (page: Page, testId: string) => Number((await text(page, testId)).replace(/,/g, ''));

const shots = (page: Page, name: string) => sizedShots(page, `sync-${name}`);

describe('Sync screen against the fake Square', () => {
  let fake: FakeSquare;
  let square: SquareSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  const now = Date.now();
  // History well before catch-up's 72-hour window: only a backfill reads it.
  const rangeFrom = isoDay(now - 20 * DAY);
  const rangeTo = isoDay(now - 11 * DAY);

  beforeAll(async () => {
    square = await startSquareSession({
      label: 'sync',
      token: TOKEN,
      appId: APP_ID,
      shop: (fake) => {
        fake.addMerchant({ business_name: 'Ada Stores', country: 'NG', currency: 'NGN' });
        fake.addLocation({ id: LOCATION_ID, name: 'Ada Stores – Lagos', currency: 'NGN', country: 'NG', timezone: 'Africa/Lagos' });
        const begin = Date.parse(`${rangeFrom}T00:00:00Z`);
        // Until 20:00 UTC on the last day, so every sale's Lagos day is inside the range too.
        const span = Date.parse(`${rangeTo}T20:00:00Z`) - begin;
        for (let i = 0; i < HISTORY_SALES; i++) {
          const at = new Date(begin + Math.floor((span * i) / HISTORY_SALES)).toISOString();
          fake.addSale({
            locationId: LOCATION_ID,
            lines: [{ name: 'Jollof rice', unitPrice: 250_000, quantity: 1 + (i % 3) }],
            taxes: [{ name: 'VAT', percentage: '7.5' }],
            sourceType: i % 2 ? 'CASH' : 'CARD',
            createdAt: at,
            updatedAt: at,
          });
        }
      },
      env: { SQUARE_ENVIRONMENT: 'sandbox' },
    });
    ({ fake, host, context } = square);

    // Connect as the owner would, minus the browser: the authorize URL's redirect is followed by hand.
    await connectSquareWithoutBrowser(host, 15_000);
    await callApi(host, 'square.locations.select', { locationIds: [LOCATION_ID] });
    // The first catch-up (on connecting) has run for the location.
    await waitUntil('the first catch-up', async () =>
      Boolean((await callApi(host, 'sync.status')).locations.find((l) => l.id === LOCATION_ID)?.lastSyncedAt),
    );
  });

  afterAll(() => square?.stop());

  const t = watchPages(() => context);
  const openSync = (page: Page) => openApp(page, host, { appInfo: 'headless', screen: 'sync', ready: 'sync-now-card' });

  test('Sync now reads a new sale and moves the location’s last synced time', async () => {
    const { page } = t.w;
    await openSync(page);
    const row = page.getByTestId('sync-location').filter({ hasText: 'Ada Stores – Lagos' });
    await row.waitFor();
    const before = (await row.getByTestId('sync-location-last').getAttribute('data-synced-at')) ?? '';
    expect(Date.parse(before)).toBeGreaterThan(now - 60_000);
    expect(await row.getByTestId('sync-location-last').textContent()).toContain('just now');
    await shots(page, 'ready');

    // A sale Square has but no webhook brought: Sync now finds it, without a reload.
    fake.addSale({ locationId: LOCATION_ID, lines: [{ name: 'Suya', unitPrice: 150_000 }], taxes: [{ name: 'VAT', percentage: '7.5' }] });
    await page.getByTestId('sync-now').click();
    await expect.poll(() => row.getByTestId('sync-location-last').getAttribute('data-synced-at')).not.toBe(before);
    const after = (await row.getByTestId('sync-location-last').getAttribute('data-synced-at')) ?? '';
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    await expect.poll(() => text(page, 'sync-last-run')).toMatch(/^The last check found \d+ new sales? (and|or) changes? in Square and sent them to be invoiced\.$/);
    expect(await text(page, 'sync-now')).toBe('Sync now');
    const status: SyncStatus = await callApi(host, 'sync.status');
    expect(status.locations).toEqual([expect.objectContaining({ id: LOCATION_ID, name: 'Ada Stores – Lagos', lastError: null, lastSyncedAt: after })]);
    await shots(page, 'after-sync-now');
  });

  test('a check Square could not answer says so, at the card and the location, until the next one works', async () => {
    const { page } = t.w;
    await openSync(page);
    const fault = fake.injectFault({ route: '/v2/payments', method: 'GET', status: 503, times: Infinity });
    try {
      await page.getByTestId('sync-now').click();
      await page.getByTestId('sync-last-error').waitFor({ timeout: 20_000 });
      expect(await text(page, 'sync-last-error')).toContain('The last check did not finish');
      expect(await text(page, 'sync-last-error')).toContain('Check the connection on the Square screen, then press Sync now.');
      const row = page.getByTestId('sync-location').filter({ hasText: 'Ada Stores – Lagos' });
      expect(await row.getByTestId('sync-location-last').textContent()).toBe('Could not sync on the last try');
      expect(await text(page, 'sync-last-run')).toBe('The last check stopped before it found anything new.');
      await shots(page, 'check-failed');
    } finally {
      fault.cancel();
    }
    await page.getByTestId('sync-now').click();
    const row = page.getByTestId('sync-location').filter({ hasText: 'Ada Stores – Lagos' });
    await expect.poll(() => row.getByTestId('sync-location-last').textContent(), { timeout: 20_000 }).toContain('just now');
    await expect.poll(() => attr(page, 'sync-last-run', 'data-running')).toBe('false');
    expect(await page.getByTestId('sync-last-error').count()).toBe(0);
  });

  test('the date range is checked at each field before anything is asked of Square', async () => {
    t.allowed.push(httpStatusLogged(400));
    const { page } = t.w;
    await openSync(page);
    const from = page.getByTestId('backfill-from');
    const to = page.getByTestId('backfill-to');

    // Nothing chosen: both fields say so, and no backfill starts.
    await page.getByTestId('backfill-start').click();
    expect(await text(page, 'backfill-from-error')).toBe('Choose the first day to read.');
    expect(await text(page, 'backfill-to-error')).toBe('Choose the last day to read.');
    expect(await from.getAttribute('aria-invalid')).toBe('true');

    // A day in the future, said when the field is left.
    await from.fill(isoDay(now - 3 * DAY));
    await to.fill(isoDay(now + 3 * DAY));
    await to.blur();
    expect(await page.getByTestId('backfill-from-error').count()).toBe(0);
    expect(await text(page, 'backfill-to-error')).toMatch(/^This day is in the future\. Choose .+ or earlier\.$/);

    // The last day before the first: the error sits at the last day.
    await to.fill(isoDay(now - 5 * DAY));
    await to.blur();
    expect(await text(page, 'backfill-to-error')).toMatch(/^The last day must be on or after the first/);
    await shots(page, 'range-errors');
    await page.getByTestId('backfill-start').click();
    expect((await callApi(host, 'sync.status')).backfill).toBeNull();

    // Main checks the same and names the field, whoever calls it.
    const res = await fetch(`${host.origin}/api/sync.backfill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: isoDay(now - 3 * DAY), to: isoDay(now + 3 * DAY) }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'invalid_input', field: 'to', message: 'The last day is in the future. Choose today or earlier.' });
  });

  test('a backfill shows its progress and ends with the result in words', async () => {
    const { page } = t.w;
    // Square answers each page of history (SearchOrders pages, read a few windows at a time) slowly, so the progress
    // can be seen (and shot).
    const slowPages = fake.injectFault({ route: '/v2/orders/search', method: 'POST', delayMs: 1500, times: Infinity });
    try {
      await openSync(page);
      await page.getByTestId('backfill-from').fill(rangeFrom);
      await page.getByTestId('backfill-to').fill(rangeTo);
      await page.getByTestId('backfill-start').click();

      const progress = page.getByTestId('backfill-progress');
      await progress.waitFor();
      await expect.poll(() => num(page, 'backfill-read'), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await progress.getAttribute('data-state')).toBe('running');
      expect(await text(page, 'backfill-phase')).toMatch(/^Reading sales from .+ in Square \(\d+ % read\)…$/);
      expect(await page.getByTestId('backfill-cancel').isEnabled()).toBe(true);
      // While reading goes on, the first invoices are made: the bar and the counts move.
      await expect.poll(() => num(page, 'backfill-invoiced'), { timeout: 15_000 }).toBeGreaterThan(0);
      expect(await progress.getAttribute('data-state')).toBe('running');
      const percent = Number((await text(page, 'backfill-percent')).replace(' %', ''));
      expect(percent).toBeGreaterThan(0);
      expect(percent).toBeLessThan(100);
      await shots(page, 'backfill-running');

      // Reading ends; the pipeline works through what was queued, and the pace is measured.
      await expect.poll(() => num(page, 'backfill-read'), { timeout: 30_000 }).toBe(HISTORY_SALES);
      await expect.poll(() => text(page, 'backfill-rate'), { timeout: 30_000 }).toMatch(/^\d[\d,]* invoices? a minute/);
      await expect.poll(() => progress.getAttribute('data-settled'), { timeout: 45_000 }).toBe('true');
    } finally {
      slowPages.cancel();
    }
    expect(await num(page, 'backfill-invoiced')).toBe(HISTORY_SALES);
    expect(await num(page, 'backfill-remaining')).toBe(0);
    expect(await num(page, 'backfill-failed')).toBe(0);
    expect(await page.getByTestId('backfill-cancel').count()).toBe(0);
    const result = page.getByTestId('backfill-result');
    expect(await result.getAttribute('data-tone')).toBe('success');
    expect(await result.textContent()).toContain(`Found ${HISTORY_SALES} sales and refunds in Square.`);
    expect(await result.textContent()).toContain(`${HISTORY_SALES} invoices and credit notes made from the ${HISTORY_SALES} new ones.`);
    expect(await result.textContent()).toMatch(/Backfill of .+ finished/);
    // And they are invoices indeed.
    const listed = await callApi(host, 'invoices.list', { from: rangeFrom, to: rangeTo, pageSize: 1 });
    expect(listed.total).toBe(HISTORY_SALES);
    await shots(page, 'backfill-done');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'e2e-sync-backfill-done-dark-1280x800.png');
    await page.emulateMedia({ colorScheme: 'light' });

    // The same days again: everything is already here, nothing is made twice.
    await page.getByTestId('backfill-start').click();
    await expect.poll(() => text(page, 'backfill-result'), { timeout: 30_000 }).toContain(`${HISTORY_SALES} were already here and needed nothing.`);
    expect(await num(page, 'backfill-invoiced')).toBe(0);
    expect((await callApi(host, 'invoices.list', { from: rangeFrom, to: rangeTo, pageSize: 1 })).total).toBe(HISTORY_SALES);
  });

  test('Cancel stops a backfill between pages and says what was kept', async () => {
    const { page } = t.w;
    // Every page of history (the backfill reads SearchOrders pages) arrives slowly, so Cancel lands between pages.
    const slow = fake.injectFault({ route: '/v2/orders/search', method: 'POST', delayMs: 2500, times: Infinity });
    try {
      await openSync(page);
      await page.getByTestId('backfill-from').fill(isoDay(now - 40 * DAY));
      await page.getByTestId('backfill-to').fill(isoDay(now - 4 * DAY));
      await page.getByTestId('backfill-start').click();
      // Cancelled after the first page of history is in, while the second is on its way.
      const running = page.locator('[data-testid="backfill-progress"][data-state="running"]');
      await running.waitFor();
      await expect.poll(async () => Number(((await running.getByTestId('backfill-read').textContent()) ?? '0').replace(/,/g, '')), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.getByTestId('backfill-cancel').click();
      const progress = page.getByTestId('backfill-progress');
      await expect.poll(() => progress.getAttribute('data-state')).toBe('cancelled');
      const result = page.getByTestId('backfill-result');
      expect(await result.getAttribute('data-tone')).toBe('warning');
      expect(await result.textContent()).toMatch(/Backfill of .+ stopped/);
      expect(await result.textContent()).toContain('Sales found before you stopped are kept. Start again to read the rest.');
      expect(await page.getByTestId('backfill-cancel').count()).toBe(0);
      // The form is free again.
      expect(await page.getByTestId('backfill-start').isEnabled()).toBe(true);
      await shots(page, 'backfill-cancelled');
    } finally {
      slow.cancel();
    }
    const calls = fake.callsTo('/v2/payments', 'GET').length;
    await new Promise((r) => setTimeout(r, 3000));
    // No page is asked for after the cancel took effect (the one in flight when it was pressed may still answer).
    expect(fake.callsTo('/v2/payments', 'GET').length).toBe(calls);
  });

  test('with no location chosen, the screen says where to choose one', async () => {
    const { page } = t.w;
    await callApi(host, 'square.locations.select', { locationIds: [] });
    try {
      await openSync(page);
      await page.getByTestId('sync-no-locations').waitFor();
      expect(await text(page, 'sync-no-locations')).toBe(
        'No Square location is selected for invoicing. Choose one on the Square screen, and it will be synced here.',
      );
      await page.getByTestId('sync-now').click();
      await page.getByTestId('sync-blocked').waitFor();
      expect(await text(page, 'sync-blocked')).toContain('No Square location is selected for invoicing; nothing to sync.');
      expect(await text(page, 'sync-last-run')).toBe('Sync is waiting for you.');
      expect(await page.getByTestId('sync-last-error').count()).toBe(0);
      expect(await page.getByTestId('sync-no-locations').count()).toBe(0);
      await shots(page, 'no-locations');
    } finally {
      await callApi(host, 'square.locations.select', { locationIds: [LOCATION_ID] });
    }
  });
});
