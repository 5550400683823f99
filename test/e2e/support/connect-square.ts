import type { ServeHandle } from './serve';
import { callApi } from './webhooks';

/**
 * Connects the host to the fake Square without a browser tab: the same PKCE round trip (square.connect's authorize
 * URL, the fake's permission page redirecting to the app's loopback listener, the code exchange), driven by fetch.
 */
export async function connectSquareWithoutBrowser(host: ServeHandle): Promise<void> {
  const { authorizeUrl } = await callApi(host, 'square.connect');
  const permission = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = permission.headers.get('location');
  if (permission.status !== 302 || !callback) throw new Error(`the fake's permission page answered HTTP ${permission.status}`);
  const landed = await fetch(callback);
  if (landed.status !== 200) throw new Error(`the app's sign-in listener answered HTTP ${landed.status}: ${await landed.text()}`);
  // A plain loop, not expect.poll: suites call this from beforeAll.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await callApi(host, 'square.status')).connection?.status;
    if (status === 'connected') return;
    if (Date.now() > deadline) throw new Error(`Square did not connect in 10 s (status: ${status ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
