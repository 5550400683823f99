import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Db } from '../../main/platform/db/open';

// Shared pieces of the fault suite (test/unit/faults-*.test.ts, docs/testing.md "Fault suite").

/** A small seeded PRNG (mulberry32): the same seed gives the same fuzz cases on every run and machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}

/** Asserts SQLite finds the file sound, with a second connection's eyes as well as the app's. */
export function expectIntact(db: Db): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
}

/**
 * Mounts a tmpfs of `size` (e.g. '2m') at `dir`, so writes there fail with ENOSPC / SQLITE_FULL once it is full.
 * Returns why it could not (not root, no mount), or null when mounted. CI runs as root on this machine type.
 */
export function mountTinyTmpfs(dir: string, size: string): string | null {
  mkdirSync(dir, { recursive: true });
  if (process.platform !== 'linux') return 'tmpfs needs Linux';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}`;
}

export function unmount(dir: string): void {
  // Lazy: a file handle a failed test left open must not keep the mount (and the next run's space) around.
  spawnSync('umount', ['-l', dir]);
}

/** Fills the file system holding `dir` up to its last few KiB with one file; returns a function that frees it. */
export function fillDisk(dir: string, file = 'ballast'): () => void {
  const path = `${dir}/${file}`;
  // dd stops with "No space left on device" once the tmpfs is full; that is the point.
  spawnSync('dd', ['if=/dev/zero', `of=${path}`, 'bs=4k'], { stdio: 'ignore' });
  return () => {
    spawnSync('rm', ['-f', path]);
  };
}

type KeytarModule = Record<'getPassword' | 'setPassword' | 'deletePassword' | 'findCredentials', (...args: unknown[]) => Promise<unknown>>;

/**
 * The keychain going away mid-run, at the library's edge: keytar's own module (the object the app's keytar store
 * holds) answers every call the way it does when the Secret Service has gone from the bus, until `up()`. The real
 * keychain stays behind it, so what was stored before and after is real. `restore()` puts keytar back as it was.
 */
export function keychainOutage() {
  const api = createRequire(import.meta.url)('keytar') as KeytarModule;
  const names = ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const;
  const originals = Object.fromEntries(names.map((n) => [n, api[n]])) as KeytarModule;
  let down = false;
  let refused = 0;
  for (const n of names) {
    api[n] = (...args: unknown[]) => {
      if (!down) return originals[n](...args);
      refused++;
      return Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files'));
    };
  }
  return {
    down: () => { down = true; },
    up: () => { down = false; },
    get refused() { return refused; },
    restore: () => { Object.assign(api, originals); },
  };
}
