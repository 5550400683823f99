import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, loadKeytar } from '../../main/platform/secrets/keytar-store';
import { secretAccount } from '../../main/platform/secrets/secret-store';

// Runs against the real OS Secret Service (a private gnome-keyring on Linux, started by the global setup).
// Deliberately never skipped: a machine without a keychain must fail here, not pass silently.
describe('KeytarSecretStore against the real keychain', () => {
  const service = `TaxPoynt POS Desk test ${randomUUID()}`;
  const store = new KeytarSecretStore(loadKeytar(), service);

  afterAll(async () => {
    for (const account of await store.accounts()) await store.delete(account);
  });

  it('stores, reads, lists and deletes a secret', async () => {
    const account = secretAccount.squareTokens('MERCHANT_1');
    const secret = JSON.stringify({ accessToken: `EAAA${randomUUID()}`, refreshToken: `R${randomUUID()}` });
    expect(await store.get(account)).toBeNull();
    await store.set(account, secret);
    expect(await store.get(account)).toBe(secret);
    expect(await store.accounts()).toContain(account);
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps accounts apart and overwrites in place', async () => {
    await store.set(secretAccount.squareTokens('A'), 'one');
    await store.set(secretAccount.squareTokens('B'), 'two');
    await store.set(secretAccount.squareTokens('A'), 'three');
    expect(await store.get(secretAccount.squareTokens('A'))).toBe('three');
    expect(await store.get(secretAccount.squareTokens('B'))).toBe('two');
  });

  it('refuses to store an empty secret', async () => {
    await expect(store.set(secretAccount.personalAccessToken(), '')).rejects.toThrow(/empty secret/);
  });
});
