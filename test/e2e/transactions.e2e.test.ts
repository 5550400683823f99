// End to end: the Transactions screen of the real `npm run serve` host, connected to the fake Square, in Chromium
// under the production CSP. Sales arrive as signed webhooks; the list shows them as they are stored (push events, no
// reload); a sale Square's API refuses shows its problem in words, and Retry makes its invoice once Square answers.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { money } from '../../renderer/src/format';
import { connectedShopSuite } from './support/connected-shop';
import { openApp } from './support/session';
import { shots } from './support/watch';
import { callApi } from './support/webhooks';

const TOKEN = 'e2e-transactions-token-0123456789-abcdefghijklmnop';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const row = (page: Page, id: string) => page.locator(`[data-testid="txn-row"][data-txn-id="${id}"]`);
const cell = async (page: Page, id: string, testId: string) => ((await row(page, id).getByTestId(testId).textContent()) ?? '').trim();
const rowIds = (page: Page) => page.getByTestId('txn-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-txn-id')));

describe('Transactions against the fake Square', () => {
  const { shop, t } = connectedShopSuite('transactions', TOKEN);
  const openTransactions = (page: Page) => openApp(page, shop().host, { appInfo: 'headless', screen: 'transactions' });

  test('a webhook sale appears without a reload within a second, with its invoice, tip and tender; filters and search narrow the list', async () => {
    const { page } = t.w;
    await openTransactions(page);
    await expect.poll(() => text(page, 'empty-state')).toContain('No transactions yet');
    await shots(page, 'transactions-empty', { dark: true });
    // No polling: while nothing happens, the screen asks main for nothing.
    const reads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/transactions.list')) reads.push(r.url());
    });
    await page.waitForTimeout(1500);
    expect(reads).toEqual([]);

    // ₦2,500.00 + 7.5 % VAT, and a ₦200.00 tip (not part of the payment's amount or the invoice).
    const sale = await shop().webhookSale({ amount: 250_000, tip: 20_000, name: 'Jollof rice' });
    const sent = Date.now();
    await row(page, sale.paymentId).waitFor({ timeout: 1000 });
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(await cell(page, sale.paymentId, 'txn-amount')).toBe(money(268_750, 'NGN'));
    expect(await cell(page, sale.paymentId, 'txn-tip')).toBe(money(20_000, 'NGN'));
    expect(await row(page, sale.paymentId).getByTestId('txn-tender').getAttribute('title')).toBe('Card · Visa ••1111');
    expect(await cell(page, sale.paymentId, 'txn-status')).toBe('Completed');
    await expect.poll(() => cell(page, sale.paymentId, 'txn-document')).toMatch(/^INV\d{6}$/);
    const invoiceLabel = await cell(page, sale.paymentId, 'txn-document');

    // More of the day: a cash sale in Abuja, and a refund of part of the first sale.
    const cash = await shop().webhookSale({ amount: 100_000, cash: true, locationId: shop().abuja, name: 'Zobo' });
    const { refundId } = await shop().webhookRefund(sale.paymentId, 50_000);
    await row(page, cash.paymentId).waitFor({ timeout: 1000 });
    await row(page, refundId).waitFor({ timeout: 2000 });
    await expect.poll(() => rowIds(page)).toEqual([refundId, cash.paymentId, sale.paymentId]);
    expect(await text(page, 'txn-total-count')).toBe('3 transactions');
    expect(await cell(page, cash.paymentId, 'txn-tender')).toBe('Cash');
    expect(await cell(page, refundId, 'txn-amount')).toBe(`−${money(50_000, 'NGN')}`);
    await expect.poll(() => cell(page, refundId, 'txn-document')).toMatch(/^INVCN\d{6}$/);
    await shots(page, 'transactions-list', { dark: true });

    // A row's details: facts, the Square reference and the way to its document.
    await row(page, sale.paymentId).getByTestId('txn-tender').click();
    const panel = page.getByTestId('txn-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(`Sale of ${money(268_750, 'NGN')}`);
    expect(await panel.textContent()).toContain(`${money(20_000, 'NGN')} (not part of the invoice)`);
    expect(await panel.textContent()).toContain('Ada Stores – Lagos');
    expect(await page.getByTestId('txn-panel-problem').count()).toBe(0);
    await shots(page, 'transactions-details', { dark: true });
    await page.getByTestId('txn-panel-close').click();

    // Filters: type, location, search by invoice number and by amount as typed; sort by amount.
    await page.getByTestId('txn-filter-kind').selectOption('refund');
    await expect.poll(() => rowIds(page)).toEqual([refundId]);
    await page.getByTestId('txn-filter-kind').selectOption('');
    await page.getByTestId('txn-filter-location').selectOption({ label: 'Ada Stores – Abuja' });
    await expect.poll(() => rowIds(page)).toEqual([cash.paymentId]);
    await page.getByTestId('txn-filter-clear').click();
    await page.getByTestId('txn-filter-search').fill(invoiceLabel);
    await expect.poll(() => rowIds(page)).toEqual([sale.paymentId]);
    await page.getByTestId('txn-filter-search').fill('1,075.00'); // the cash sale: ₦1,000.00 + VAT
    await expect.poll(() => rowIds(page)).toEqual([cash.paymentId]);
    await shots(page, 'transactions-search', { dark: true });
    await page.getByTestId('txn-filter-search').fill('no such sale');
    await expect.poll(() => text(page, 'empty-state')).toContain('No transactions match these filters');
    await shots(page, 'transactions-no-match', { dark: true });
    await page.getByTestId('txn-filter-clear').click();
    await page.getByTestId('txn-sort-amount').click();
    await expect.poll(() => rowIds(page)).toEqual([sale.paymentId, cash.paymentId, refundId]);

    // The linked invoice opens its detail.
    await row(page, sale.paymentId).getByTestId('txn-document-link').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Invoice ${invoiceLabel}`);
    expect(page.url()).toMatch(/#\/invoices\/\d+$/);
  });

  test('a sale Square refuses to read shows its problem in words; Retry after Square recovers makes its invoice', async () => {
    const { page } = t.w;
    await openTransactions(page);
    await page.getByTestId('txn-row').first().waitFor();
    // Square answers every order read with an error: the sale's event fails twice and is given up on.
    const fault = shop().fake.injectFault({ route: '/v2/orders/batch-retrieve', status: 400, times: Infinity });
    const sale = await shop().webhookSale({ amount: 800_000, name: 'Party jollof tray' });
    await expect.poll(() => cell(page, sale.paymentId, 'txn-problem'), { timeout: 10_000 }).toContain('Failed');
    expect(await cell(page, sale.paymentId, 'txn-document')).toBe('Not made');
    expect(await cell(page, sale.paymentId, 'txn-amount')).toBe(money(860_000, 'NGN'));

    await page.getByTestId('txn-filter-problem').check();
    await expect.poll(() => rowIds(page)).toEqual([sale.paymentId]);
    await row(page, sale.paymentId).getByTestId('txn-time').click();
    const reason = await text(page, 'txn-panel-reason');
    expect(reason).toBe('Square turned down the app’s request for this sale. Check the Square connection, then press Retry.');
    expect(reason).not.toMatch(/400|BAD_REQUEST|orders/i);
    await page.getByTestId('txn-panel-problem').getByText('Details').click();
    expect(await text(page, 'txn-panel-detail')).toContain('Status code: 400');
    await shots(page, 'transactions-problem', { dark: true });

    // Square works again; Retry from the row sends the event back and the invoice follows, without a reload.
    fault.cancel();
    await row(page, sale.paymentId).getByTestId('txn-retry').click();
    await expect.poll(() => text(page, 'txn-notice')).toContain('Sent back to the queue (1 event)');
    await expect.poll(() => page.getByTestId('empty-state').count(), { timeout: 10_000 }).toBe(1); // no problem left
    await page.getByTestId('txn-filter-problem').uncheck();
    await expect.poll(() => cell(page, sale.paymentId, 'txn-document'), { timeout: 10_000 }).toMatch(/^INV\d{6}$/);
    expect(await cell(page, sale.paymentId, 'txn-problem')).toBe('—');
    const invoices = await callApi(shop().host, 'invoices.list', { search: sale.orderId });
    expect(invoices.items).toHaveLength(1);
    await shots(page, 'transactions-retried', { dark: true });
  });
});
