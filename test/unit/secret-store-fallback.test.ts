import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/platform/log';
import { ChosenSecretStore, KeychainUnavailableError } from '../../main/platform/secrets/choose-secret-store';
import { FileSecretStore, SECRETS_FILE_NAME } from '../../main/platform/secrets/file-secret-store';
import { loadKeytar } from '../../main/platform/secrets/keytar-store';
import { readyUrl, startServe } from '../support/serve-child';
import { tempDir } from '../support/temp-app';

// Headless without a keychain (a server, a container, SSH): secrets go to an owner-only file, said clearly; with
// TAXPOYNT_SECRET_STORE=keychain a missing keychain stops the start with what to do. The keychain itself is the
// test run's real Secret Service; "no keychain" is a keytar whose D-Bus is gone (a child process without the bus).

const silent = createLogger('silent');
const noKeychain = () => ({
  findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  getPassword: () => Promise.reject(new Error('unreachable')),
  setPassword: () => Promise.reject(new Error('unreachable')),
  deletePassword: () => Promise.reject(new Error('unreachable')),
});

describe('secret store choice', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = () => { const d = tempDir(); dirs.push(d); return d; };

  it('auto: the real keychain when it answers (nothing written to the data folder)', async () => {
    const dataDir = dir();
    const store = new ChosenSecretStore({ mode: 'auto', keytar: () => loadKeytar(), service: `TaxPoynt test ${process.pid}-a`, dataDir, log: silent });
    expect(await store.ready()).toEqual({ kind: 'keychain', warning: null });
    await store.set('probe', 'value-1');
    expect(await store.get('probe')).toBe('value-1');
    await store.delete('probe');
    expect(existsSync(join(dataDir, SECRETS_FILE_NAME))).toBe(false);
  });

  it('auto without a keychain: an owner-only file, with a warning in words', async () => {
    const dataDir = dir();
    const store = new ChosenSecretStore({ mode: 'auto', keytar: noKeychain, service: 'x', dataDir, log: silent });
    const choice = await store.ready();
    expect(choice.kind).toBe('file');
    expect(choice.warning).toMatch(/^No system keychain answered, so .*owner-only file in the data folder\.$/);
    expect(choice.detail).toMatch(/Cannot autolaunch D-Bus/);
    await store.set('square:M1:oauth', '{"accessToken":"EAAA-secret"}');
    await store.set('square:webhook-signature-key', 'sig-key');
    expect(await store.get('square:M1:oauth')).toBe('{"accessToken":"EAAA-secret"}');
    expect((await store.accounts()).sort()).toEqual(['square:M1:oauth', 'square:webhook-signature-key']);
    expect(await store.delete('square:webhook-signature-key')).toBe(true);
    expect(await store.delete('square:webhook-signature-key')).toBe(false);
    const path = join(dataDir, SECRETS_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // A second process (a restart) reads what was written.
    expect(await new FileSecretStore(dataDir).get('square:M1:oauth')).toBe('{"accessToken":"EAAA-secret"}');
  });

  it('keychain mode without a keychain: refused with what to do, and nothing falls back to a file', async () => {
    const dataDir = dir();
    const store = new ChosenSecretStore({ mode: 'keychain', keytar: noKeychain, service: 'x', dataDir, log: silent });
    await expect(store.ready()).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(store.ready()).rejects.toThrow(/Start a Secret Service.*TAXPOYNT_SECRET_STORE=file/);
    await expect(store.set('a', 'b')).rejects.toThrow(/keychain is not available/);
    expect(existsSync(join(dataDir, SECRETS_FILE_NAME))).toBe(false);
  });

  it('with a cipher (Electron safeStorage) the file holds no secret in clear, and concurrent writes all land', async () => {
    const dataDir = dir();
    const cipher = {
      encrypt: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
      decrypt: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    };
    const store = new FileSecretStore(dataDir, cipher);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `secret-value-${i}`)));
    expect((await store.accounts()).length).toBe(20);
    expect(readFileSync(join(dataDir, SECRETS_FILE_NAME), 'utf8')).not.toContain('secret-value');
    expect(await new FileSecretStore(dataDir, cipher).get('k7')).toBe('secret-value-7');
    await expect(new FileSecretStore(dataDir).get('k7')).rejects.toThrow(/encrypted by the desktop app/);
  });
});

describe('npm run serve with no Secret Service', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('starts, answers its API and says where secrets are kept', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    // No session bus and no display: what a server or an SSH session has.
    const child = startServe({
      TAXPOYNT_DATA_DIR: dataDir, TAXPOYNT_API_PORT: '0', TAXPOYNT_API_TOKEN: 'no-keychain-token-0123456789-abcdefgh',
      DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined, TAXPOYNT_SECRET_STORE: undefined,
    });
    try {
      const url = await readyUrl(child);
      const call = (channel: string, body: unknown) => fetch(new URL(`/api/${channel}`, url), {
        method: 'POST', headers: { authorization: 'Bearer no-keychain-token-0123456789-abcdefgh' }, body: JSON.stringify(body),
      });
      const info = await (await call('app.info', {})).json() as { secretStore: { kind: string; warning: string } };
      expect(info.secretStore.kind).toBe('file');
      expect(info.secretStore.warning).toMatch(/No system keychain answered/);
      // A secret can be stored and is kept in the owner-only file.
      expect((await call('webhooks.signatureKey.set', { signatureKey: 'no-keychain-signature-key-0123' })).status).toBe(200);
      expect(readFileSync(join(dataDir, SECRETS_FILE_NAME), 'utf8')).toContain('square:webhook-signature-key');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
