import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from './secret-store';

/** Turns a secret into stored bytes and back: Electron's safeStorage (OS-held key) when the desktop shell has it. */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(stored: Buffer): string;
}

export const SECRETS_FILE_NAME = 'secrets.json';

const fileSchema = z.object({
  version: z.literal(1),
  /** 'plain' (headless, protected by the file's 0600 mode) or 'cipher' (base64 of the cipher's bytes). */
  encoding: z.enum(['plain', 'cipher']),
  entries: z.record(z.string(), z.string()),
});

/**
 * Secrets in one owner-only file (0600) in the data folder, for machines without a keychain: a server, a container,
 * an SSH session, or a desktop whose Secret Service is broken. Each change rewrites the file atomically (temp file,
 * fsync, rename), so a crash leaves the old or the new set, never a torn one. Changes are applied one at a time.
 */
export class FileSecretStore implements SecretStore {
  readonly path: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, private readonly cipher: SecretCipher | null = null) {
    this.path = join(dataDir, SECRETS_FILE_NAME);
  }

  async get(account: string): Promise<string | null> {
    return this.read()[account] ?? null;
  }

  set(account: string, secret: string): Promise<void> {
    if (!secret) return Promise.reject(new Error(`Refusing to store an empty secret for ${account}`));
    return this.change((all) => { all[account] = secret; });
  }

  async delete(account: string): Promise<boolean> {
    let deleted = false;
    await this.change((all) => {
      deleted = account in all;
      delete all[account];
    });
    return deleted;
  }

  async accounts(): Promise<string[]> {
    return Object.keys(this.read());
  }

  private change(edit: (all: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(() => {
      const all = this.read();
      edit(all);
      this.write(all);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    if (!parsed.success) throw new Error(`The secrets file ${this.path} is damaged; remove it and connect again.`);
    const { encoding, entries } = parsed.data;
    if (encoding === 'plain') return { ...entries };
    if (!this.cipher) throw new Error(`The secrets file ${this.path} is encrypted by the desktop app and cannot be read here.`);
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, this.cipher!.decrypt(Buffer.from(v, 'base64'))]));
  }

  private write(all: Record<string, string>): void {
    const entries = this.cipher
      ? Object.fromEntries(Object.entries(all).map(([k, v]) => [k, this.cipher!.encrypt(v).toString('base64')]))
      : all;
    const text = JSON.stringify({ version: 1, encoding: this.cipher ? 'cipher' : 'plain', entries });
    const tmp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    if (process.platform !== 'win32') {
      chmodSync(this.path, 0o600);
      const dir = openSync(dirname(this.path), 'r');
      try { fsyncSync(dir); } finally { closeSync(dir); }
    }
  }
}
