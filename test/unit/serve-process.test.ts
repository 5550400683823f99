import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../main/platform/db/migrations/index';
import { exitOf, readyUrl, startServe } from '../support/serve-child';
import { tempDir } from '../support/temp-app';

describe('npm run serve (headless host process)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('prints one ready line with URL and token, answers the API with the fixed token, and stops on SIGTERM', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const child = startServe({ TAXPOYNT_DATA_DIR: dataDir, TAXPOYNT_API_PORT: '0', TAXPOYNT_API_TOKEN: 'fixed-token-for-the-serve-test-0123456789' });
    const exited = exitOf(child);
    const url = await readyUrl(child);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toBe('#token=fixed-token-for-the-serve-test-0123456789');

    const res = await fetch(new URL('/api/invoices.list', url), {
      method: 'POST',
      headers: { authorization: 'Bearer fixed-token-for-the-serve-test-0123456789' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    const info = await (
      await fetch(new URL('/api/app.info', url), { method: 'POST', headers: { authorization: 'Bearer fixed-token-for-the-serve-test-0123456789' } })
    ).json();
    expect(info).toMatchObject({ runtime: 'headless', dataDir, schemaVersion: LATEST_SCHEMA_VERSION });

    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('generates a random token when none is configured', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const child = startServe({ TAXPOYNT_DATA_DIR: dataDir, TAXPOYNT_API_PORT: '0', TAXPOYNT_API_TOKEN: '' });
    const exited = exitOf(child);
    const url = await readyUrl(child);
    expect(url.hash).toMatch(/^#token=[A-Za-z0-9_-]{32}$/);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });

  it('refuses an API token shorter than 32 characters, saying so', async () => {
    const child = startServe({ TAXPOYNT_API_PORT: '0', TAXPOYNT_API_TOKEN: 'x'.repeat(31) });
    const { code, stderr } = await exitOf(child);
    expect(code).toBe(1);
    expect(stderr).toMatch(/TAXPOYNT_API_TOKEN.*at least 32 characters/);
  });

  it('refuses a bad environment variable with a message naming it', async () => {
    const child = startServe({ TAXPOYNT_API_PORT: 'eighty' });
    const { code, stderr } = await exitOf(child);
    expect(code).toBe(1);
    expect(stderr).toContain('TAXPOYNT_API_PORT');
  });
});
