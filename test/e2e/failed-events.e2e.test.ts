// End to end: the Failed events screen of the real `npm run serve` host, connected to the fake Square, in Chromium
// under the production CSP. The fake refuses to give out orders until sales' events die; the owner reads why in
// words, and once Square answers again retries one, retries several at once, and sets one aside.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { money } from '../../renderer/src/format';
import { connectedShopSuite } from './support/connected-shop';
import { openApp } from './support/session';
import { shots } from './support/watch';
import { callApi } from './support/webhooks';

const TOKEN = 'e2e-failed-events-token-0123456789-abcdefghijklmnop';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const item = (page: Page, title: string) => page.getByTestId('failed-event').filter({ hasText: title });
const titles = (page: Page) => page.getByTestId('failed-event-title').allTextContents();

describe('Failed events against the fake Square', () => {
  const { shop, t } = connectedShopSuite('failed-events', TOKEN);
  const invoiceFor = async (orderId: string) => (await callApi(shop().host, 'invoices.list', { search: orderId })).items.length;

  test('dead letters in words; Retry, bulk retry and Ignore once Square answers again', async () => {
    const { page } = t.w;
    await openApp(page, shop().host, { appInfo: 'headless', screen: 'events' });
    await expect.poll(() => text(page, 'empty-state')).toContain('No failed events');
    await shots(page, 'failed-events-empty', { dark: true });

    // Square refuses every order read: four sales die after the app's two tries each.
    const fault = shop().fake.injectFault({ route: '/v2/orders/batch-retrieve', status: 400, times: Infinity });
    const amounts = [100_000, 200_000, 300_000, 400_000];
    const sales: { paymentId: string; orderId: string }[] = [];
    for (const amount of amounts) sales.push(await shop().webhookSale({ amount, name: `Tray ${amount}` }));
    const title = (amount: number) => `Sale of ${money(amount * 1.075, 'NGN')}`;
    // Without a reload: the list follows the pipeline's push events.
    await expect.poll(() => titles(page), { timeout: 15_000 }).toEqual(amounts.map(title).reverse());
    expect(await text(page, 'events-total-count')).toBe('4 failed events');

    const first = item(page, title(100_000));
    expect(await first.getByTestId('failed-event-reason').textContent()).toBe(
      'Square turned down the app’s request for this sale. Check the Square connection, then press Retry.',
    );
    expect(await first.textContent()).toContain('Ada Stores – Lagos');
    expect(await first.textContent()).toContain('2 tries');
    expect(await first.innerText()).not.toMatch(/BAD_REQUEST|Status code|batch-retrieve|payment\.created/);
    await first.getByTestId('failed-event-details').click();
    const detail = (await first.getByTestId('failed-event-detail-text').textContent()) ?? '';
    expect(detail).toContain(sales[0]!.paymentId);
    expect(detail).toContain('Status code: 400');
    await shots(page, 'failed-events-list', { dark: true });

    // Square answers again. Retry one: it leaves the list and its invoice is made.
    fault.cancel();
    await first.getByTestId('failed-event-retry').click();
    await expect.poll(() => text(page, 'events-notice')).toContain('Sent back to the queue');
    await expect.poll(() => invoiceFor(sales[0]!.orderId), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => titles(page)).toEqual([title(400_000), title(300_000), title(200_000)]);

    // Tick two and retry them together: one answer, each made into an invoice.
    await item(page, title(200_000)).getByTestId('failed-event-select').check();
    await item(page, title(300_000)).getByTestId('failed-event-select').check();
    expect(await text(page, 'events-selection-count')).toBe('2 selected');
    await shots(page, 'failed-events-selected', { dark: true });
    await page.getByTestId('events-retry-selected').click();
    await expect.poll(() => text(page, 'retry-many-result')).toContain('2 events sent back to the queue.');
    await expect.poll(async () => [await invoiceFor(sales[1]!.orderId), await invoiceFor(sales[2]!.orderId)], { timeout: 10_000 }).toEqual([1, 1]);
    await expect.poll(() => titles(page)).toEqual([title(400_000)]);
    await shots(page, 'failed-events-bulk-retried', { dark: true });

    // The last one is set aside: gone from the list, no invoice, kept in the records as ignored.
    await item(page, title(400_000)).getByTestId('failed-event-ignore').click();
    await expect.poll(() => text(page, 'events-notice')).toContain('Set aside');
    await expect.poll(() => text(page, 'empty-state')).toContain('No failed events');
    expect(await invoiceFor(sales[3]!.orderId)).toBe(0);
    const ignored = await callApi(shop().host, 'events.list', { state: 'ignored' });
    expect(ignored.items.map((e) => e.objectId)).toContain(sales[3]!.paymentId);
    await shots(page, 'failed-events-all-handled', { dark: true });
  });
});
