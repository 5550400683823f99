// End to end (issue 15): exporting approved invoices to TaxPoynt from the owner's side, on the real `npm run serve`
// host in Chromium. The business profile in Settings (every field, errors at the field, rates and items), the Export
// screen's check (a B2B buyer without a TIN, an unclassified line), a refusal that exports nothing, the fix, a
// TaxPoynt file (NRS JSON) and a spreadsheet (CSV) on disk, a large batch's progress, the history with "Export again"
// (identical files), an exported invoice that can no longer change, and the per-invoice export in the detail view.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InvoiceDetail } from '../../shared/domain';
import type { ExportMappings } from '../../shared/export';
import type { Settings } from '../../shared/settings';
import { approvedSales, EXPORT_FEATURED, markB2b, seedDataDir } from './support/seed';
import type { ServeHandle } from './support/serve';
import { openApp, startSession, type E2eSession } from './support/session';
import { shot, watchPages } from './support/watch';

const TOKEN = 'e2e-export-token-0123456789-abcdefghijklmnop';
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const BULK = approvedSales(1500);

const PROFILE: Partial<Settings> = {
  businessName: 'Mama Put Kitchens Ltd',
  businessTin: '12345678-0001',
  businessId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  businessEmail: 'accounts@mamaput.example',
  businessPhone: '+2348012345678',
  businessStreet: '12 Allen Avenue',
  businessCity: 'Ikeja',
  businessState: 'NG-LA',
  businessLga: 'NG-LA-IKE',
  serviceId: 'AB12CD34',
  invoicePrefix: 'INV',
};

const PROFILE_FIELDS = [
  'businessName', 'businessTin', 'businessId', 'serviceId', 'businessEmail', 'businessPhone', 'businessStreet', 'businessCity',
  'businessPostalZone', 'businessState', 'businessLga', 'invoicePrefix', 'invoiceTypeCode', 'creditNoteTypeCode',
  'defaultClassificationKind', 'defaultClassificationCode', 'defaultClassificationCategory',
];

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

/** The same screen at the two window sizes the app supports (and dark, when asked), for a person to look at. */
async function shots(page: Page, name: string, opts: { dark?: boolean } = {}): Promise<void> {
  for (const [width, height] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width, height });
    await shot(page, `e2e-export-${name}-${width}x${height}.png`);
  }
  if (opts.dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, `e2e-export-${name}-dark-800x600.png`);
    await page.emulateMedia({ colorScheme: 'light' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('export to TaxPoynt on a seeded data dir', () => {
  let session: E2eSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;
  let dataDir: string;
  const ids = new Map<string, number>();

  /** A call to the host over plain HTTP (not through the page). */
  const call = async <T>(channel: string, body: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${host.origin}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const stored = async (number: string) => (await call<InvoiceDetail>('invoices.get', { id: ids.get(number) })).body;

  beforeAll(async () => {
    session = await startSession({
      label: 'export',
      token: TOKEN,
      prepare: (dir) => {
        for (const [k, v] of seedDataDir(dir, [...EXPORT_FEATURED, ...BULK])) ids.set(k, v);
        markB2b(dir, ['INV4002']);
      },
    });
    ({ host, context, dataDir } = session);
    const set = await call<Settings>('settings.set', PROFILE);
    expect(set.status).toBe(200);
  }, 180_000);

  afterAll(() => session?.stop());

  const t = watchPages(() => context);

  const open = async (page: Page, screen: string, ready: string) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: `v${VERSION}`, screen, ready });
  };
  const openInvoice = async (page: Page, number: string) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, host, { appInfo: `v${VERSION}` });
    await page.evaluate((id) => (window.location.hash = `#/invoices/${id}`), ids.get(number)!);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(new RegExp(`${number}$`));
  };
  const chooseDates = async (page: Page, from: string, to: string) => {
    await page.getByTestId('export-from').fill(from);
    await page.getByTestId('export-to').fill(to);
  };
  const problemOf = (page: Page, number: string) => page.getByTestId('export-problem').filter({ has: page.getByText(number, { exact: true }) });

  test('Settings shows every business profile field; a bad Service ID and a bad rate are refused at the field', async () => {
    const { page } = t.w;
    await open(page, 'settings', 'screen-settings');
    await expect.poll(() => page.getByTestId('setting-businessTin').inputValue()).toBe('12345678-0001');
    for (const key of PROFILE_FIELDS) expect(await page.getByTestId(`setting-${key}`).count(), key).toBe(1);
    // State and LGA are chosen by name from the NRS lists.
    await expect.poll(() => page.getByTestId('setting-businessState').locator('option:checked').textContent()).toBe('Lagos');
    await expect.poll(() => page.getByTestId('setting-businessLga').locator('option:checked').textContent()).toBe('Ikeja');
    await shots(page, 'settings-profile');

    await page.getByTestId('setting-serviceId').fill('AB12');
    await page.getByTestId('setting-businessPhone').fill('0801 234 5678');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => text(page, 'setting-serviceId-error')).toBe('Service ID must be exactly 8 letters or digits');
    expect(await text(page, 'setting-businessPhone-error')).toContain('with + and the country code');
    expect(await page.getByTestId('setting-serviceId').getAttribute('aria-invalid')).toBe('true');
    expect(await text(page, 'settings-problems')).toContain('2 fields need fixing before the settings can be saved');
    await shots(page, 'settings-invalid', { dark: true });
    expect((await call<Settings>('settings.get', {})).body.serviceId).toBe('AB12CD34');
    await page.getByRole('button', { name: 'Discard', exact: true }).first().click();

    // A naira rate for a dollar sale: a rate that is not a number is refused in its row, then saved.
    await page.getByTestId('rate-add').click();
    await page.getByTestId('rate-currency').fill('usd');
    await page.getByTestId('rate-date').fill('2025-04-01');
    await page.getByTestId('rate-value').fill('about 1500');
    await page.getByTestId('mappings-save').click();
    await expect.poll(() => text(page, 'mapping-row-error')).toBe('Give the rate as a number such as 1520.50');
    await page.getByTestId('rate-value').fill('1520.50');
    // Chapman is remembered by name as a service (the drinks are served at the restaurant).
    await page.getByTestId('item-add').click();
    await page.getByTestId('item-name').fill('Chapman');
    await page.getByTestId('item-kind').selectOption('service');
    await page.getByTestId('item-code').fill('5610');
    await page.getByTestId('item-category').fill('Restaurants');
    await page.getByTestId('mappings-save').click();
    await expect.poll(() => text(page, 'mappings-notice')).toBe('Exchange rates and item classifications saved.');
    const mappings = (await call<ExportMappings>('export.mappings.get', {})).body;
    expect(mappings.exchangeRates).toEqual([{ currency: 'USD', date: '2025-04-01', rate: '1520.50' }]);
    expect(mappings.itemClassifications).toEqual([
      { item: 'Chapman', catalogObjectId: null, classification: { kind: 'service', code: '5610', category: 'Restaurants' } },
    ]);
    await page.getByTestId('mappings-card').scrollIntoViewIfNeeded();
    await shots(page, 'settings-rates');
  });

  test('Check names the B2B buyer without a TIN and the unclassified lines; Export refuses and exports nothing', async () => {
    const { page } = t.w;
    await open(page, 'export', 'screen-export');
    await chooseDates(page, '2025-04-01', '2025-04-02');
    await page.getByTestId('export-check').click();
    await page.getByTestId('check-result').waitFor();
    expect(await text(page, 'check-summary')).toBe('2 documents need fixing before export.');
    expect(await problemOf(page, 'INV4002').textContent()).toMatch(/B2B.*TIN/);
    expect(await problemOf(page, 'INV4001').textContent()).toContain('line 1 (Jollof rice (family pack)) is not classified');
    // Line 2, Chapman, takes the item classification saved in Settings.
    expect(await problemOf(page, 'INV4001').textContent()).not.toContain('Chapman');
    // Owner words only: no channel names, setting keys or format codes.
    expect(await text(page, 'check-result')).not.toMatch(/nrs-json|export\.(check|run)|businessTin|defaultClassification/);
    await shots(page, 'check', { dark: true });

    await page.getByTestId('export-run').click();
    await page.getByTestId('export-refused').waitFor();
    expect(await text(page, 'export-refused')).toContain('Nothing was exported');
    expect(await page.getByTestId('export-refused').getByTestId('export-problem').count()).toBe(2);
    await shots(page, 'refused', { dark: true });
    expect((await stored('INV4001')).status).toBe('approved');
    expect((await call<{ total: number }>('export.list', {})).body.total).toBe(0);
  });

  test('after the buyer is fixed and a default classification is set, the TaxPoynt file is written and parses', async () => {
    const { page } = t.w;
    await open(page, 'export', 'screen-export');
    await chooseDates(page, '2025-04-01', '2025-04-02');
    await page.getByTestId('export-check').click();
    // The problem links to the invoice; reopen it, add the TIN, approve again.
    await problemOf(page, 'INV4002').getByTestId('export-problem-link').click();
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/INV4002$/);
    await page.getByTestId('action-reopen').click();
    await page.getByTestId('buyer-edit').click();
    await page.getByTestId('buyer-tin-input').fill('23456789-0001');
    await page.getByTestId('buyer-save').click();
    await expect.poll(() => text(page, 'buyer-notice')).toBe('Buyer saved.');
    await page.getByTestId('action-approve').click();
    await page.getByTestId('approved-note').waitFor();

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-defaultClassificationKind').selectOption('service');
    await page.getByTestId('setting-defaultClassificationCode').fill('5610');
    await page.getByTestId('setting-defaultClassificationCategory').fill('Restaurants');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => text(page, 'settings-notice')).toBe('Settings saved.');

    await page.getByTestId('nav-export').click();
    await chooseDates(page, '2025-04-01', '2025-04-02');
    await page.getByTestId('export-check').click();
    await expect.poll(() => text(page, 'check-ok')).toBe('All 2 documents are ready to export.');
    expect(await page.getByTestId('export-format-json').isChecked()).toBe(true);
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-done').waitFor();
    expect(await text(page, 'batch-count')).toBe('2 invoices');
    expect(await text(page, 'batch-format')).toBe('TaxPoynt file (NRS JSON)');
    const path = await text(page, 'batch-path');
    expect(path.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(existsSync(path)).toBe(true);
    const bytes = readFileSync(path);
    const docs = JSON.parse(bytes.toString('utf8')) as { irn: string; invoice_line: { isic_code?: string }[] }[];
    expect(docs.map((d) => d.irn)).toEqual(['INV4001-AB12CD34-20250401', 'INV4002-AB12CD34-20250402']);
    expect(docs[0]!.invoice_line[0]!.isic_code).toBe('5610');
    expect(await text(page, 'batch-sha')).toBe(`${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}…`);
    await shots(page, 'done-json', { dark: true });
    expect((await stored('INV4001')).status).toBe('exported');
  });

  test('CSV from the list’s selection; a large batch shows its progress; the history lists both formats and Export again is identical', async () => {
    const { page } = t.w;
    await open(page, 'invoices', 'screen-invoices');
    await page.getByTestId('filter-search').fill('INV4004');
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
    await page.getByTestId('invoice-select').first().click();
    await page.getByTestId('export-selected').click();
    await page.getByTestId('screen-export').waitFor();
    expect(await text(page, 'export-selection')).toContain('1 document ticked in the invoice list');
    await page.getByTestId('export-format-csv').check();
    await shots(page, 'selection');
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-done').waitFor();
    expect(await text(page, 'batch-format')).toBe('Spreadsheet (CSV)');
    const csvPath = await text(page, 'batch-path');
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.startsWith('\ufeffinvoice_number,')).toBe(true);
    expect(csv).toContain('INV4004');
    await shots(page, 'done-csv');

    // 1,500 sales in May, by date: the progress bar shows while it runs.
    await page.getByTestId('export-by-date').click();
    await chooseDates(page, '2025-05-01', '2025-05-31');
    await page.getByTestId('export-format-csv').check();
    // Every label the progress bar shows, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const label = document.querySelector('[data-testid="export-progress"] label')?.textContent;
        if (label && seen[seen.length - 1] !== label) seen.push(label);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-progress').waitFor();
    await shot(page, 'e2e-export-progress-1280x800.png');
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    expect(await text(page, 'batch-count')).toBe('1,500 invoices');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen[0]).toBe('Starting the export…');
    expect(seen.some((l) => /^(Checking invoices|Checking and writing files|Recording the batch): [\d,]+ of 1,500$/.test(l)), seen.join(' | ')).toBe(true);

    const history = page.getByTestId('history-batch');
    await expect.poll(() => history.count()).toBe(3);
    expect(await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-format')))).toEqual(['csv', 'csv', 'nrs-json']);
    // Copying a batch elsewhere needs the desktop app's folder picker; the browser dashboard shows the folder instead.
    expect(await page.getByTestId('history-save-copy').count()).toBe(0);
    await page.getByTestId('history-batch').filter({ hasText: 'NRS JSON' }).getByTestId('history-rerun').click();
    await expect.poll(() => text(page, 'rerun-identical')).toBe('Batch no. 1 written again: the files are identical to the first export.');
    expect(existsSync(await text(page, 'rerun-path'))).toBe(true);
    await page.getByTestId('export-history').scrollIntoViewIfNeeded();
    await shots(page, 'history', { dark: true });
  });

  test('an exported invoice is read-only: the detail view offers no edits and the host refuses one', async () => {
    const { page } = t.w;
    await openInvoice(page, 'INV4001');
    await page.getByTestId('exported-note').waitFor();
    // The JSON batch was the first one written.
    expect(await text(page, 'exported-batch')).toBe('It went out in export batch no. 1 (Export, “Earlier exports”).');
    expect(await page.getByTestId('history-entry').filter({ hasText: 'Exported in batch no. 1' }).count()).toBe(1);
    expect(await page.getByTestId('buyer-edit').count()).toBe(0);
    expect(await page.getByTestId('line-classify').count()).toBe(0);
    expect(await page.getByTestId('action-reopen').count()).toBe(0);
    expect(await page.getByTestId('action-export').count()).toBe(0);
    const reopen = await call<{ error: { message: string } }>('invoices.reopen', { id: ids.get('INV4001') });
    expect(reopen.status).not.toBe(200);
    expect(reopen.body.error.message).toMatch(/exported/);
    await shots(page, 'exported-detail');
  });

  test('per-invoice export from the detail view: refused with the reason, then exported', async () => {
    const { page } = t.w;
    expect((await call('settings.set', { businessEmail: '' })).status).toBe(200);
    await openInvoice(page, 'INV4003');
    await page.getByTestId('action-export').click();
    await page.getByTestId('invoice-export-form').waitFor();
    await shots(page, 'invoice-export-form');
    await page.getByTestId('invoice-export-confirm').click();
    await page.getByTestId('invoice-export-refused').waitFor();
    expect(await text(page, 'invoice-export-refused')).toContain('business email address');
    await shots(page, 'invoice-export-refused');
    expect((await stored('INV4003')).status).toBe('approved');

    // The Export screen's check says a profile problem once, linked to Settings, not once per invoice.
    await page.getByTestId('nav-export').click();
    await chooseDates(page, '2025-04-10', '2025-04-11');
    await page.getByTestId('export-check').click();
    await expect.poll(() => text(page, 'check-summary')).toBe('Your business details in Settings need fixing before anything can be exported.');
    expect(await page.getByTestId('export-problem').count()).toBe(1);
    expect(await text(page, 'export-problem-text')).toBe('Fill in the business email address before exporting.');
    await shots(page, 'check-profile');
    await page.getByTestId('export-problem-settings').click();
    await page.getByTestId('screen-settings').waitFor();

    expect((await call('settings.set', { businessEmail: 'accounts@mamaput.example' })).status).toBe(200);
    await openInvoice(page, 'INV4003');
    await page.getByTestId('action-export').click();
    await page.getByTestId('invoice-export-format-csv').check();
    await page.getByTestId('invoice-export-confirm').click();
    await page.getByTestId('invoice-export-done').waitFor();
    await page.getByTestId('exported-note').waitFor();
    expect(await text(page, 'invoice-export-done')).toMatch(/^Exported in batch no\. \d+/);
    expect(await text(page, 'exported-batch')).toMatch(/^It went out in export batch no\. \d+/);
    expect(existsSync(await text(page, 'batch-path'))).toBe(true);
    expect((await stored('INV4003')).status).toBe('exported');
    await shots(page, 'invoice-exported', { dark: true });
  });
});
