// End to end: the printable invoice on the real `npm run serve` host in Chromium under the production CSP. A seeded
// invoice with an IRN (Service ID set) and one without; NRS keys are a generated stand-in (test/support/nrs-test-keys).
import { create as createQr } from 'qrcode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InvoicePrintView } from '../../shared/print';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { openDatabase } from '../../main/platform/db/open';
import { SettingsRepo } from '../../main/platform/settings/settings-repo';
import { seedDocument } from '../support/seed';
import { decryptQrPayload, makeTestNrs } from '../support/nrs-test-keys';
import type { ServeHandle } from './support/serve';
import { openApp, startSession, type E2eSession } from './support/session';
import { httpStatusLogged, shot, watchPages } from './support/watch';

const TOKEN = 'e2e-print-token-0123456789-abcdefghijklmnop';
const IRN = 'INV000042-94ND90NR-20261120';
const nrs = makeTestNrs();

const SHOP = { businessName: 'Mama Put Kitchen Ltd', businessTin: '12345678-0001', serviceId: '94ND90NR' };
const ids = { withIrn: 0, withoutIrn: 0 };

function seed(dataDir: string): void {
  const db = openDatabase(dataDir);
  try {
    new SettingsRepo(db).update(SHOP);
    const store = new InvoiceStore(db);
    const VAT = { name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE' as const };
    const base = { kind: 'invoice' as const, status: 'approved' as const, currency: 'NGN', locationId: 'LOC-MAIN' };
    ids.withIrn = seedDocument(store, {
      ...base, sourceKey: 'payment:p-42', number: 'INV000042', irn: IRN, issueDate: '2026-11-20', issuedAt: '2026-11-20T12:00:00Z',
      buyerName: 'Chidi Okafor',
      lines: [
        { name: 'Jollof rice (large)', sku: 'JR-L', quantity: '2', unitPriceMinor: 350_000, grossMinor: 700_000, taxMinor: 52_500, taxPercent: '7.5' },
        { name: 'Zobo drink', quantity: '3', unitPriceMinor: 80_000, grossMinor: 240_000, taxMinor: 18_000, taxPercent: '7.5' },
      ],
      taxes: [{ ...VAT, taxableMinor: 940_000, taxMinor: 70_500 }],
    });
    ids.withoutIrn = seedDocument(store, {
      ...base, sourceKey: 'payment:p-7', number: 'INV000007', issueDate: '2026-10-02', issuedAt: '2026-10-02T12:00:00Z',
      lines: [{ name: 'Suya platter', quantity: '1', unitPriceMinor: 500_000, grossMinor: 500_000, taxMinor: 37_500, taxPercent: '7.5' }],
      taxes: [{ ...VAT, taxableMinor: 500_000, taxMinor: 37_500 }],
    });
  } finally {
    db.close();
  }
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** The QR image's modules, read back from its pixels in the page (dark = true), for a given module count. */
function readQrModules(page: Page, size: number, margin: number): Promise<boolean[]> {
  return page.getByTestId('print-qr').evaluate(
    async (el, [n, m]) => {
      const img = el as HTMLImageElement;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data, width } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const scale = img.naturalWidth / (n + 2 * m);
      const out: boolean[] = [];
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const x = Math.floor((c + m + 0.5) * scale);
          const y = Math.floor((r + m + 0.5) * scale);
          out.push(data[(y * width + x) * 4]! < 128);
        }
      }
      return out;
    },
    [size, margin] as const,
  );
}

describe('printable invoice', () => {
  let session: E2eSession | undefined;
  let host: ServeHandle;

  beforeAll(async () => {
    session = await startSession({ label: 'print', token: TOKEN, prepare: seed });
    host = session.host;
  });
  afterAll(() => session?.stop());

  const t = watchPages(() => session!.context);

  const api = async <T>(channel: string, input: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${host.origin}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  const openPrint = async (page: Page, id: number) => {
    await openApp(page, host, { appInfo: 'headless' });
    await page.evaluate((hash) => (window.location.hash = hash), `#/invoices/${id}/print`);
    await page.getByTestId('print-sheet').waitFor();
  };

  test('an invoice with an IRN and no keys: shop, buyer, lines, totals in naira, IRN and a plain QR marked not signed', async () => {
    const { page } = t.w;
    await openPrint(page, ids.withIrn);

    const shop = await text(page, 'print-shop');
    expect(shop).toContain('Mama Put Kitchen Ltd');
    expect(shop).toContain('TIN 12345678-0001');
    expect(await text(page, 'print-number')).toBe('INV000042');
    expect(await text(page, 'print-buyer')).toContain('Chidi Okafor');
    const lines = page.getByTestId('print-line');
    expect(await lines.count()).toBe(2);
    const first = (await lines.nth(0).textContent()) ?? '';
    expect(first).toContain('Jollof rice (large)');
    expect(first).toContain('SKU JR-L');
    expect(first).toContain('₦3,500.00');
    expect(first).toContain('₦7,525.00'); // line total with its tax
    const totals = Object.fromEntries(
      await page.getByTestId('print-totals').locator(':scope > div').evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('dt')?.textContent ?? '', r.querySelector('dd')?.textContent ?? '']),
      ),
    ) as Record<string, string>;
    expect(totals).toEqual({
      Lines: '₦9,400.00', 'Before tax': '₦9,400.00', Tax: '₦705.00', 'Including tax': '₦10,105.00', 'Amount payable': '₦10,105.00',
    });
    expect(await text(page, 'print-payable')).toBe('₦10,105.00');
    expect(await text(page, 'print-taxes')).toContain('7.5%');

    expect(await text(page, 'print-irn')).toBe(IRN);
    expect(await text(page, 'print-unsigned')).toContain('Not signed');
    expect(await page.getByTestId('print-signed').count()).toBe(0);
    expect(await text(page, 'print-unsigned-hint')).toContain('NRS keys are not set');
    // The browser dashboard has no Save as PDF: its own Print dialog saves PDFs.
    expect(await page.getByTestId('print-now').isEnabled()).toBe(true);
    expect(await page.getByTestId('print-save-pdf').count()).toBe(0);

    // The QR image is drawn, and its modules are exactly the QR code of the plain IRN.
    const qr = page.getByTestId('print-qr');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.getAttribute('data-signed')).toBe('false');
    const expected = createQr(IRN, { errorCorrectionLevel: 'M' }).modules;
    const modules = await readQrModules(page, expected.size, 2);
    expect(modules).toEqual(Array.from(expected.data, (bit) => bit === 1));

    for (const [width, height] of [[1280, 800], [800, 600]] as const) {
      await page.setViewportSize({ width, height });
      await shot(page, `e2e-print-unsigned-${width}x${height}.png`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ media: 'print' });
    // On paper only the sheet: no sidebar, no buttons, no hints.
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    expect(await page.getByTestId('print-now').isVisible()).toBe(false);
    expect(await page.getByTestId('print-unsigned-hint').isVisible()).toBe(false);
    expect(await page.getByTestId('print-unsigned').isVisible()).toBe(true);
    await shot(page, 'e2e-print-media-print.png');
    // Chromium's own print to PDF (what the desktop app's Save as PDF uses): one A4 page.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
  });

  test('an invoice without an IRN says so and has no QR code', async () => {
    const { page } = t.w;
    await openPrint(page, ids.withoutIrn);
    expect(await text(page, 'print-no-irn')).toContain('No IRN yet');
    expect(await text(page, 'print-buyer')).toContain('Walk-in customer');
    expect(await page.getByTestId('print-qr').count()).toBe(0);
    expect(await page.getByTestId('print-irn').count()).toBe(0);
    expect(await text(page, 'print-no-irn-hint')).toContain('Service ID');
    await page.setViewportSize({ width: 800, height: 600 });
    await shot(page, 'e2e-print-no-irn-800x600.png');
  });

  test('NRS keys: a bad file is refused in words; good keys sign the QR code, which the NRS key reads back', async () => {
    t.allowed.push(httpStatusLogged(400));
    const { page } = t.w;
    await openApp(page, host, { appInfo: 'headless', screen: 'settings' });
    const card = page.getByTestId('nrs-keys');
    await expect.poll(() => card.getByTestId('nrs-keys-state').textContent()).toBe('No keys');
    await card.getByTestId('nrs-keys-input').fill('{"certificate": "abc"}');
    await card.getByTestId('nrs-keys-save').click();
    const banner = card.getByTestId('error-banner');
    await expect.poll(() => banner.textContent()).toContain('This file has no public key');
    const refusal = (await banner.textContent()) ?? '';
    expect(refusal).not.toMatch(/contents|nrsKeys|Field/);
    await shot(page, 'e2e-print-keys-refused.png');

    // The good file, through the API as a script would send it.
    const bad = await api<{ error: { message: string } }>('nrsKeys.set', { contents: 'not a key file' });
    expect(bad.status).toBe(400);
    const good = await api<{ keysSet: boolean }>('nrsKeys.set', { contents: nrs.fileText });
    expect(good).toEqual({ status: 200, body: { keysSet: true } });
    const status = await api<{ keysSet: boolean }>('nrsKeys.status', {});
    expect(status.body).toEqual({ keysSet: true }); // yes/no only, never the keys

    const view = (await api<InvoicePrintView>('invoices.print', { id: ids.withIrn })).body;
    expect(view.qr?.signed).toBe(true);
    const message = JSON.parse(decryptQrPayload(view.qr!.payload, nrs.privateKey)) as { irn: string; certificate: string };
    expect(message.irn).toMatch(new RegExp(`^${IRN}\\.\\d{10}$`));
    expect(message.certificate).toBe(nrs.certificate);

    await page.reload();
    await expect.poll(() => page.getByTestId('nrs-keys-state').textContent()).toBe('Keys set');
    await page.evaluate((hash) => (window.location.hash = hash), `#/invoices/${ids.withIrn}/print`);
    await page.getByTestId('print-signed').waitFor();
    expect(await page.getByTestId('print-unsigned').count()).toBe(0);
    expect(await page.getByTestId('print-unsigned-hint').count()).toBe(0);
    expect(await page.getByTestId('print-qr').getAttribute('data-signed')).toBe('true');
    expect(await text(page, 'print-irn')).toBe(IRN);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'e2e-print-signed-1280x800.png');
  });
});
