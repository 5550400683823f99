// End to end: the headless host on a machine with no Secret Service (a server, SSH) still starts; the dashboard says,
// above every screen, that the Square sign-in and keys are kept in a file in the data folder, and why.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApp, startSession, type E2eSession } from './support/session';
import { shots, watchPages } from './support/watch';

const TOKEN = 'e2e-secret-store-token-0123456789-abcdefghijklmnop';

describe('no keychain: secrets in an owner-only file, said in a banner', () => {
  let session: E2eSession;

  beforeAll(async () => {
    session = await startSession({
      label: 'secret-store',
      token: TOKEN,
      // A session bus that is not there, and no display to autolaunch one: what a server or an SSH session has.
      env: { TAXPOYNT_SECRET_STORE: 'auto', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/taxpoynt-no-bus', DISPLAY: '' },
    });
  }, 120_000);

  afterAll(async () => {
    await session?.stop();
  });

  const t = watchPages(() => session.context);

  test('the banner names the file and the data folder, on the dashboard and on other screens', async () => {
    const { page } = t.w;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openApp(page, session.host, { appInfo: 'headless' });
    const banner = page.getByTestId('secret-store-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/kept in a file on this computer/);
    expect(await banner.textContent()).toContain(session.dataDir);
    // The keychain's own error is there for whoever asks, behind Details, not in the sentence.
    const details = banner.getByTestId('error-details');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await banner.getByTestId('error-detail').textContent()).toMatch(/\S/);
    await shots(page, 'secret-store-banner', { dark: true });
    await page.getByTestId('nav-settings').click();
    await banner.waitFor();
  });
});
