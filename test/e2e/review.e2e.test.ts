// End to end (issue 14): the owner's daily review, offline, on the real `npm run serve` host in Chromium. Buyer from
// a Square customer, buyer edits checked at the field, line classification, approve / void / reopen, approving a
// needs-review invoice as it is with a note, the history of each step, credit note ↔ original, and bulk approval.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InvoiceDetail } from '../../shared/domain';
import { money } from '../../renderer/src/format';
import { bulkDrafts, REVIEW_FEATURED, seedDataDir, totalsOf } from './support/seed';
import type { ServeHandle } from './support/serve';
import { openApp, startSession, type E2eSession } from './support/session';
import { httpStatusLogged, shot, watchPages } from './support/watch';

const TOKEN = 'e2e-review-token-0123456789-abcdefghijklmnop';
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const BULK = bulkDrafts(500);
const featured = (number: string) => REVIEW_FEATURED.find((f) => f.number === number)!;

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const row = (page: Page, number: string) => page.getByTestId('invoice-row').filter({ hasText: number });
const historyActions = (page: Page) => page.getByTestId('history-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

/** The same screen at the two window sizes the app supports, for a person to look at afterwards. */
async function shots(page: Page, name: string, opts: { dark?: boolean } = {}): Promise<void> {
  for (const [width, height] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `e2e-review-${name}-${width}x${height}.png`);
  }
  // The dark theme too (the system's choice), to check its contrast.
  if (opts.dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `e2e-review-${name}-dark-800x600.png`);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('invoice review on a seeded data dir', () => {
  let session: E2eSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    session = await startSession({
      label: 'review',
      token: TOKEN,
      prepare: (dataDir) => {
        for (const [k, v] of seedDataDir(dataDir, [...REVIEW_FEATURED, ...BULK])) ids.set(k, v);
      },
    });
    ({ host, context } = session);
  });

  afterAll(() => session?.stop());

  const t = watchPages(() => context);

  /** What main has stored now, read over plain HTTP (not through the page). */
  const stored = async (number: string): Promise<InvoiceDetail> => {
    const res = await fetch(`${host.origin}/api/invoices.get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: ids.get(number) }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as InvoiceDetail;
  };

  const openInvoice = async (page: Page, number: string) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: `v${VERSION}` });
    await page.evaluate((id) => (window.location.hash = `#/invoices/${id}`), ids.get(number)!);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(new RegExp(`${number}$`));
  };

  test('a sale with a Square customer shows the buyer; a TIN that is not one is refused at the field and nothing is saved', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV-2001');
    expect(await text(page, 'buyer-name')).toBe('Chioma Okafor');
    expect(await text(page, 'buyer-email')).toBe('chioma@example.com');
    expect(await text(page, 'buyer-phone')).toBe('+2348031234567');
    expect(await text(page, 'buyer-kind')).toBe('Consumer (B2C), no TIN');
    expect(await text(page, 'buyer-source')).toBe('Square customer on the sale');
    expect(await text(page, 'detail-payable')).toBe(money(totalsOf(featured('INV-2001')).payable, 'NGN'));
    expect(await text(page, 'detail-payable')).toBe('₦11,287.50');
    // The ₦500 tip is recorded and shown, but it is not part of the invoice: payable stays the items with their VAT.
    expect(await page.getByTestId('detail-totals').textContent()).toContain('Tip, not part of the invoice₦500.00');
    await shots(page, 'buyer');

    await page.getByTestId('buyer-edit').click();
    await page.getByTestId('buyer-tin-input').fill('1234-56');
    await page.getByTestId('buyer-phone-input').fill('0803 123 4567');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-tin-error')).toBe('A TIN has 8 digits, a hyphen and 4 digits, e.g. 12345678-0001');
    expect(await text(page, 'buyer-phone-error')).toContain('with + and the country code');
    expect(await page.getByTestId('buyer-tin-input').getAttribute('aria-invalid')).toBe('true');
    const banner = (await page.getByTestId('error-banner').textContent()) ?? '';
    expect(banner).toContain('Nothing was saved');
    expect(banner).not.toMatch(/invoices\.|buyer\.tin|Field:/);
    await shots(page, 'buyer-invalid-tin', { dark: true });
    // Nothing reached the store.
    const after = await stored('INV-2001');
    expect(after.buyerTin).toBeNull();
    expect(after.buyerPhone).toBe('+2348031234567');
    expect(after.buyerEdited).toBe(false);
    expect(after.history.map((h) => h.action)).toEqual(['invoice.created']);

    // A Nigerian address needs its state and LGA; picked from the NRS lists by name.
    await page.getByTestId('buyer-tin-input').fill('12345678-0001');
    await page.getByTestId('buyer-phone-input').fill('+234 803 123 4567');
    await page.getByTestId('buyer-street-input').fill('12 Allen Avenue');
    await page.getByTestId('buyer-city-input').fill('Ikeja');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-state-error')).toBe('A Nigerian address needs its state and LGA');
    await page.getByTestId('buyer-state-input').selectOption({ label: 'Lagos' });
    await expect.poll(() => page.getByTestId('buyer-lga-input').locator('option').allTextContents()).toContain('Ikeja');
    await page.getByTestId('buyer-lga-input').selectOption({ label: 'Ikeja' });
    await shots(page, 'buyer-form');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-notice')).toBe('Buyer saved.');
    await expect.poll(() => text(page, 'buyer-tin')).toBe('12345678-0001');
    expect(await text(page, 'buyer-kind')).toBe('Business (B2B), because it has a TIN');
    await expect.poll(() => text(page, 'buyer-address')).toBe('12 Allen Avenue, Ikeja, Ikeja, Lagos, Nigeria');
    expect(await text(page, 'buyer-source')).toBe('Corrected by you');
    const saved = await stored('INV-2001');
    expect(saved.buyerTin).toBe('12345678-0001');
    expect(saved.buyerPhone).toBe('+2348031234567');
    expect(saved.buyerAddress).toMatchObject({ state: 'NG-LA', lga: 'NG-LA-IKE', country: 'NG' });
  });

  test('a line is classified by searching the NRS list as you type', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV-2001');
    const first = page.getByTestId('detail-line').first();
    expect(await first.getByTestId('line-classification').textContent()).toContain('No tax classification yet');
    // What would stop the export shows on the invoice before the owner tries, and follows each fix.
    const readiness = () => page.getByTestId('export-readiness').textContent();
    await expect.poll(readiness).toContain('Invoice INV-2001, line 1 (Jollof rice (family pack)) is not classified');
    expect(await readiness()).toContain('line 2 (Delivery) is not classified');
    expect(await readiness()).not.toContain('only approved documents');
    await first.getByTestId('line-classify').click();
    await page.getByTestId('classify-search').fill('rice, semi');
    await expect.poll(() => page.getByTestId('classify-search-option').allTextContents()).toEqual([
      '1006.30 Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed',
    ]);
    await shots(page, 'classify-search', { dark: true });
    await page.keyboard.press('Enter');
    await page.getByTestId('classify-save').click();
    await expect.poll(() => first.getByTestId('line-classification').textContent()).toContain('Goods · HS 1006.30');

    // A service: the delivery line.
    const second = page.getByTestId('detail-line').nth(1);
    await second.getByTestId('line-classify').click();
    await page.getByTestId('classify-service').check();
    await page.getByTestId('classify-search').fill('4923');
    await page.getByTestId('classify-search-option').first().click();
    await page.getByTestId('classify-save').click();
    await expect.poll(() => second.getByTestId('line-classification').textContent()).toContain('Service · ISIC 4923');
    expect((await stored('INV-2001')).lines.map((l) => l.classification?.code)).toEqual(['1006.30', '4923']);
    await expect.poll(readiness).not.toContain('is not classified');
    await shots(page, 'classified');
  });

  test('approve, reopen, then void with a reason; the history shows each step in words', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV-2001');
    const status = () => text(page, 'status-badge');
    expect(await page.getByTestId('approval-problems').count()).toBe(0);
    await page.getByTestId('action-approve').click();
    await expect.poll(() => text(page, 'review-notice')).toBe('The invoice is approved.');
    await expect.poll(status).toBe('Approved');
    // Approved: the buyer and the lines are locked until it is reopened.
    expect(await page.getByTestId('buyer-edit').count()).toBe(0);
    expect(await page.getByTestId('line-classify').count()).toBe(0);
    await shots(page, 'approved');

    await page.getByTestId('action-reopen').click();
    await expect.poll(status).toBe('Draft');
    expect(await text(page, 'review-notice')).toBe('The invoice is open for changes again.');

    await page.getByTestId('action-void').click();
    expect(await page.getByTestId('void-confirm').isDisabled()).toBe(true);
    await page.getByTestId('void-reason').fill('Customer cancelled before delivery');
    await shots(page, 'void-reason');
    await page.getByTestId('void-confirm').click();
    await expect.poll(status).toBe('Void');
    expect(await text(page, 'void-note')).toContain('Customer cancelled before delivery');
    expect(await page.getByTestId('action-approve').count()).toBe(0);

    expect(await historyActions(page)).toEqual([
      'invoice.created', 'invoice.buyer.changed', 'invoice.line.classified', 'invoice.line.classified',
      'invoice.approved', 'invoice.reopened', 'invoice.voided',
    ]);
    const entries = page.getByTestId('history-entry');
    const entry = async (i: number) => (await entries.nth(i).innerText()).replace(/\s+/g, ' ');
    expect(await entry(0)).toContain('Made from the sale in Square, as Draft');
    expect(await entry(0)).toContain('TaxPoynt, from Square');
    expect(await entry(1)).toContain('Changed the buyer');
    expect(await entry(1)).toContain('TIN none → 12345678-0001');
    expect(await entry(1)).toMatch(/You, on \S+/);
    expect(await entry(2)).toContain('Set the classification of line 1');
    expect(await entry(2)).toContain('not set → Goods, HS 1006.30');
    expect(await entry(4)).toContain('Approved');
    expect(await entry(4)).toContain('Draft → Approved');
    expect(await entry(5)).toContain('Approved → Draft');
    expect(await entry(6)).toContain('Voided');
    expect(await entry(6)).toContain('Note: Customer cancelled before delivery');
    // Words, not keys: no field names, action codes or ISO timestamps on screen.
    const history = (await page.getByTestId('history').textContent()) ?? '';
    expect(history).not.toMatch(/invoice\.|buyerTin|"tin"|NG-LA|T\d\d:\d\d:\d\d/);
    await shots(page, 'history', { dark: true });
  });

  test('a needs-review invoice says why in plain words; approving it as it is needs a note, kept in its history', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV-2002');
    expect(await text(page, 'review-reason')).toContain("The items add up to ₦500.00 less than Square's total for this sale.");
    expect(await text(page, 'review-reason')).toContain('To approve it as it is, use "Approve as it is" and say why.');
    expect(await page.getByTestId('action-approve').isDisabled()).toBe(true);
    await page.getByTestId('action-accept').click();
    expect(await page.getByTestId('accept-confirm').isDisabled()).toBe(true);
    await page.getByTestId('accept-note').fill('Counted the till: ₦500 was a cash discount');
    await shots(page, 'needs-review-accept', { dark: true });
    await page.getByTestId('accept-confirm').click();
    await expect.poll(() => text(page, 'status-badge')).toBe('Approved');
    expect(await text(page, 'review-notice')).toContain('approved as it is');
    expect(await historyActions(page)).toEqual(['invoice.created', 'invoice.accepted', 'invoice.approved']);
    const accepted = (await page.getByTestId('history-entry').nth(1).innerText()).replace(/\s+/g, ' ');
    expect(accepted).toContain('Accepted as it is');
    expect(accepted).toContain('Counted the till: ₦500 was a cash discount');
    expect((await stored('INV-2002')).status).toBe('approved');
    await shots(page, 'needs-review-approved');
  });

  test('credit note ↔ original: each links to the other; the invoice shows what is left after the refund', async () => {
    const { page } = t.w;
    await openInvoice(page, 'CN-2001');
    expect(await text(page, 'detail-original')).toBe('INV-2003');
    await shots(page, 'credit-note');
    await page.getByTestId('detail-original').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Invoice INV-2003');
    expect(await page.getByTestId('detail-credit-note').allTextContents()).toEqual(['CN-2001']);
    const net = totalsOf(featured('INV-2003')).payable - totalsOf(featured('CN-2001')).payable;
    expect(await text(page, 'detail-net')).toBe(money(net, 'NGN'));
    expect(await text(page, 'detail-net')).toBe('₦2,150.00');
    await shots(page, 'original');
    await page.getByTestId('detail-credit-note').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Credit note CN-2001');
  });

  test('a refusal from main lands at its field; a business buyer without a TIN or email: Approve is off and says what to add', async () => {
    const { page } = t.w;
    await openInvoice(page, 'CN-2001');
    expect(await page.getByTestId('action-approve').isDisabled()).toBe(false);
    await page.getByTestId('buyer-edit').click();
    // The keyboard lands in the form.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('buyer-name');
    // A refusal from main (the country is not in the NRS list; the shape was fine) lands at its field too.
    t.allowed.push(httpStatusLogged(400));
    await page.getByTestId('buyer-street-input').fill('1 Marina Road');
    await page.getByTestId('buyer-city-input').fill('Cotonou');
    await page.getByTestId('buyer-country-input').fill('ZZ');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-country-error')).toBe('ZZ is not a country code the NRS knows.');
    expect(await text(page, 'error-banner')).not.toMatch(/invoices\.|buyer\.address|Field:/);
    await shots(page, 'buyer-refused-by-main');
    expect((await stored('CN-2001')).buyerEdited).toBe(false);
    for (const id of ['buyer-street-input', 'buyer-city-input']) await page.getByTestId(id).fill('');
    await page.getByTestId('buyer-country-input').fill('NG');

    await page.getByTestId('buyer-kind-input').selectOption('B2B');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-kind')).toBe('Business (B2B)');
    await expect.poll(() => page.getByTestId('approval-problem').allTextContents()).toEqual([
      'A business buyer (B2B) needs a TIN, email address: add it under Buyer.',
    ]);
    expect(await page.getByTestId('action-approve').isDisabled()).toBe(true);
    expect(await page.getByTestId('action-approve').getAttribute('aria-describedby')).toBe('approval-problems');
    await shots(page, 'approve-blocked');
  });

  test('an exported invoice is read-only and points to a credit note', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV-2004');
    expect(await text(page, 'exported-note')).toContain('refund the sale in Square');
    expect(await text(page, 'exported-note')).toContain('credit note');
    for (const id of ['action-approve', 'action-void', 'action-reopen', 'buyer-edit', 'line-classify']) {
      expect(await page.getByTestId(id).count()).toBe(0);
    }
    expect(await text(page, 'detail-payable')).toBe('₦268,750.00');
    await shots(page, 'exported');
  });

  test('approve selected lists what was not approved and why; approve all matching approves 500 at once', async () => {
    const { page } = t.w;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: `v${VERSION}`, screen: 'invoices' });
    await page.getByTestId('filter-search').fill('INV-200');
    await expect.poll(() => row(page, 'INV-2006').count()).toBe(1);
    await row(page, 'INV-2006').getByTestId('invoice-select').click();
    await row(page, 'INV-2005').getByTestId('invoice-select').click();
    expect(await text(page, 'selection-count')).toBe('2 selected');
    await shots(page, 'selected');
    await page.getByTestId('approve-selected').click();
    await expect.poll(() => text(page, 'bulk-approved')).toBe('1 document approved.');
    expect(await page.getByTestId('bulk-refused').allTextContents()).toEqual([
      expect.stringMatching(/^INV-2005: The card payment is ₦20\.00 more than the items\. Check the sale in Square/),
    ]);
    await expect.poll(() => row(page, 'INV-2006').getByTestId('status-badge').textContent()).toBe('Approved');
    await shots(page, 'approve-selected');
    await page.getByTestId('bulk-dismiss').click();

    await page.getByTestId('filter-search').fill('');
    await page.getByTestId('filter-from').fill('2025-03-01');
    await page.getByTestId('filter-to').fill('2025-03-31');
    await expect.poll(() => text(page, 'invoice-total-count')).toBe('501 documents');
    await page.getByTestId('approve-all').click();
    await expect.poll(() => text(page, 'approve-all-confirm')).toContain('Approve all 501 documents that match the filters?');
    await shots(page, 'approve-all-confirm');
    await page.getByTestId('approve-all-go').click();
    await expect.poll(() => text(page, 'bulk-approved'), { timeout: 20_000 }).toBe('500 documents approved.');
    expect(await text(page, 'bulk-refused-count')).toBe('1 was not approved:');
    expect(await page.getByTestId('bulk-refused').allTextContents()).toEqual([expect.stringMatching(/^INV-2005: /)]);
    await shots(page, 'approve-all-result', { dark: true });

    await page.getByTestId('filter-status').selectOption('approved');
    await expect.poll(() => text(page, 'invoice-total-count')).toBe('500 documents');
    const approved = await fetch(`${host.origin}/api/invoices.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: ['draft'], from: '2025-03-01', to: '2025-03-31' }),
    });
    expect(((await approved.json()) as { total: number }).total).toBe(0);
  });
});
