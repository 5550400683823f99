// End to end: the Settings screen of the real `npm run serve` host in Chromium (issue 16, "Words"). Each field is
// checked as the owner leaves it and every problem shows at its own field; main's refusal lands at the fields it
// names; leaving with unsaved changes asks first; values the environment decides are shown read-only with the
// variable's name.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SETTING_KEYS } from '../../shared/settings';
import type { ServeHandle } from './support/serve';
import { openApp, startSession, type E2eSession } from './support/session';
import { httpStatusLogged, shot, watchPages } from './support/watch';

const TOKEN = 'e2e-settings-token-0123456789-abcdefghijklmnop';
const APP_ID = 'sq0idp-e2e-settings-from-env';

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
const count = (page: Page, testId: string) => page.getByTestId(testId).count();

/** The same state at both window sizes the app must fit, and in the dark theme (desktop and a small laptop / split screen). */
async function shots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [w, h] of [[1280, 800], [800, 600]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `e2e-settings-${name}-${w}x${h}.png`);
  }
  // And the dark theme, at the small size.
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, `e2e-settings-${name}-dark-800x600.png`);
  await page.emulateMedia({ colorScheme: 'light' });
  if (before) await page.setViewportSize(before);
}

async function settingsNow(host: ServeHandle): Promise<Record<string, string>> {
  const res = await fetch(`${host.origin}/api/settings.get`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()) as Record<string, string>;
}

/** A field's error names no setting key: it is shown beside the field, in words. */
function expectNoKeys(message: string): void {
  for (const key of SETTING_KEYS) expect(message, `"${message}" names ${key}`).not.toContain(key);
}

describe('Settings: errors at each field, unsaved changes, values from the environment', () => {
  let session: E2eSession | undefined;
  let host: ServeHandle;
  let context: BrowserContext;

  beforeAll(async () => {
    session = await startSession({
      label: 'settings',
      token: TOKEN,
      env: { SQUARE_APPLICATION_ID: APP_ID, SQUARE_ENVIRONMENT: 'sandbox', TAXPOYNT_LOG_LEVEL: 'warn' },
    });
    ({ host, context } = session);
  });
  afterAll(async () => {
    await session?.stop();
  });

  const t = watchPages(() => context);
  const openSettings = (page: Page) => openApp(page, host, { appInfo: 'headless', screen: 'settings', ready: 'settings-save' });

  test('each invalid field shows its own error as the owner leaves it; Save lists them all and saves nothing', async () => {
    const { page } = t.w;
    await openSettings(page);
    const bad: [string, string, RegExp][] = [
      ['businessTin', '123', /12345678-0001/],
      ['businessId', 'not-a-uuid', /UUID from the MBS dashboard/],
      ['serviceId', 'abc', /exactly 8 letters or digits/],
      ['businessEmail', 'accounts', /email address/],
      ['businessPhone', '08012345678', /\+ and the country code/],
      ['invoicePrefix', 'INV-', /only letters and digits/],
      ['defaultClassificationCode', '12', /HS code .* or an ISIC code/],
      ['webhookPublicUrl', 'http://pos.example.com', /https/],
    ];
    for (const [key, value, words] of bad) {
      const input = page.getByTestId(`setting-${key}`);
      await input.fill(value);
      // Nothing is said while typing; leaving the field checks it.
      expect(await count(page, `setting-${key}-error`), key).toBe(0);
      await input.blur();
      const error = await text(page, `setting-${key}-error`);
      expect(error, key).toMatch(words);
      expectNoKeys(error);
      expect(await input.getAttribute('aria-invalid'), key).toBe('true');
      expect(await input.getAttribute('aria-describedby'), key).toContain(`setting-${key}-error`);
    }
    // Every error is still at its field (not only the last one checked).
    for (const [key] of bad) expect(await count(page, `setting-${key}-error`), key).toBe(1);
    await shots(page, 'blur-errors');

    await page.getByTestId('settings-save').click();
    const problems = page.getByTestId('settings-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`${bad.length} fields need fixing`);
    for (const [key] of bad) expect(await count(page, `settings-problem-${key}`), key).toBe(1);
    // The first is focused, and each link in the list takes the owner to its field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('setting-businessTin');
    await page.getByTestId('settings-problem-webhookPublicUrl').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('setting-webhookPublicUrl');
    expect((await settingsNow(host)).businessTin).toBe('');

    // Fixing a field clears its error as the owner types; the others stay.
    await page.getByTestId('setting-businessTin').fill('12345678-0001');
    await expect.poll(() => count(page, 'setting-businessTin-error')).toBe(0);
    expect(await count(page, 'setting-serviceId-error')).toBe(1);
    await shots(page, 'save-refused-client');

    // Discard: the saved values are back and no error is left.
    await page.getByTestId('settings-discard').click();
    expect(await count(page, 'settings-problems')).toBe(0);
    expect(await page.getByTestId('setting-businessTin').inputValue()).toBe('');
  });

  test('main refuses type codes the NRS does not know: each at its own field, nothing saved', async () => {
    const { page } = t.w;
    t.allowed.push(httpStatusLogged(400));
    await openSettings(page);
    await page.getByTestId('setting-businessName').fill('Ada Stores Ltd');
    await page.getByTestId('setting-invoiceTypeCode').fill('999');
    await page.getByTestId('setting-creditNoteTypeCode').fill('998');
    await page.getByTestId('setting-creditNoteTypeCode').blur();
    // The shape is right (3 digits): only main, which holds the NRS lists, can say no.
    expect(await count(page, 'setting-invoiceTypeCode-error')).toBe(0);
    await page.getByTestId('settings-save').click();
    await expect.poll(() => count(page, 'setting-creditNoteTypeCode-error')).toBe(1);
    expect(await text(page, 'setting-invoiceTypeCode-error')).toMatch(/^999 is not an NRS invoice type code/);
    expect(await text(page, 'setting-creditNoteTypeCode-error')).toMatch(/^998 is not an NRS invoice type code/);
    expect(await page.getByTestId('settings-problems').textContent()).toContain('2 fields need fixing');
    // No generic banner with the channel's name: the refusal is at the fields.
    expect(await count(page, 'error-banner')).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('settings.set');
    expect((await settingsNow(host)).businessName).toBe('');
    await shots(page, 'server-refusal');

    await page.getByTestId('setting-invoiceTypeCode').fill('381');
    await page.getByTestId('setting-creditNoteTypeCode').fill('380');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => text(page, 'settings-notice')).toBe('Settings saved.');
    expect(await count(page, 'settings-problems')).toBe(0);
    expect((await settingsNow(host)).businessName).toBe('Ada Stores Ltd');
  });

  test('leaving with unsaved changes asks first: stay keeps the edit, discard leaves; closing the window asks too', async () => {
    const { page } = t.w;
    await openSettings(page);
    const name = page.getByTestId('setting-businessCity');
    await name.fill('Ikeja');
    expect(await text(page, 'settings-dirty')).toBe('1 unsaved change');

    // In-app navigation: the sidebar.
    await page.getByTestId('nav-invoices').click();
    const dialog = page.getByTestId('settings-leave-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('one unsaved change');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/settings');
    await shots(page, 'leave-dialog');
    await page.getByTestId('settings-leave-stay').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await count(page, 'screen-settings')).toBe(1);
    expect(await name.inputValue()).toBe('Ikeja');

    // A link or a typed address changes the hash the same way: held too. Escape means stay.
    await page.evaluate(() => {
      window.location.hash = '#/webhooks';
    });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => window.location.hash)).toBe('#/settings');
    expect(await name.inputValue()).toBe('Ikeja');

    // Closing or reloading the window: the browser's own question (dismissed: the page stays).
    const asked = new Promise<string>((resolve) => {
      page.once('dialog', (d) => {
        resolve(d.type());
        void d.dismiss();
      });
    });
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(page.isClosed()).toBe(false);
    expect(await name.inputValue()).toBe('Ikeja');

    // Discard and leave: the other screen opens and the edit is gone.
    await page.getByTestId('nav-dashboard').click();
    await dialog.waitFor();
    await page.getByTestId('settings-leave-discard').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/dashboard');
    expect(await count(page, 'screen-settings')).toBe(0);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-save').waitFor();
    expect(await name.inputValue()).toBe('');
    expect((await settingsNow(host)).businessCity).toBe('');

    // Nothing unsaved: leaving asks nothing.
    await page.getByTestId('nav-invoices').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/invoices');
  });

  test('a value the environment decides is shown read-only with the variable’s name', async () => {
    const { page } = t.w;
    await openSettings(page);
    const appId = page.getByTestId('setting-squareApplicationId');
    await expect.poll(() => appId.inputValue()).toBe(APP_ID);
    expect(await appId.getAttribute('readonly')).not.toBeNull();
    expect(await text(page, 'setting-squareApplicationId-env-note')).toContain('SQUARE_APPLICATION_ID');
    const env = page.getByTestId('setting-squareEnvironment');
    expect(await env.inputValue()).toBe('Sandbox (testing)');
    expect(await text(page, 'setting-squareEnvironment-env-note')).toContain('SQUARE_ENVIRONMENT');
    // Not decided by the environment: editable as usual.
    expect(await page.getByTestId('setting-webhookPublicUrl').getAttribute('readonly')).toBeNull();
    await page.getByTestId('setting-squareApplicationId-env').scrollIntoViewIfNeeded();
    await shots(page, 'from-environment');
  });
});
