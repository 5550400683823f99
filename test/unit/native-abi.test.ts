// The native-module ABI split (docs/native-modules.md): `npm start` without an Electron binary, the build folder and
// up-to-date rules of scripts/electron-native.mjs, and how main/electron/native.ts picks the Electron builds.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NATIVE_MANIFEST_FILE,
  NATIVE_MODULES,
  NATIVE_ROOT_DIR,
  isAbiMismatch,
  nativeBuildDir,
  resolveNativeBindings,
  type NativeManifest,
} from '../../main/electron/native';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT_URL = new URL('../../scripts/electron-native.mjs', import.meta.url).href;
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string })
  .version;

interface Target {
  runtime: string;
  version: string;
  platform: string;
  arch: string;
  modules: Record<string, string>;
}
/** The parts of scripts/electron-native.mjs these tests use (a .mjs without type declarations). */
interface ElectronNativeScript {
  NATIVE_ROOT_DIR: string;
  NATIVE_MANIFEST_FILE: string;
  NATIVE_MODULES: Record<string, string>;
  MISSING_ELECTRON_MESSAGE: string;
  nativeBuildDir(root: string, runtime: string, version: string): string;
  isBuildCurrent(dir: string, target: Target): boolean;
  findElectronBinary(root?: string, env?: NodeJS.ProcessEnv): string | null;
  nodeGypInvocation(target: Target, env?: NodeJS.ProcessEnv): { args: string[]; env: NodeJS.ProcessEnv };
  stripNodedir(env: NodeJS.ProcessEnv): boolean;
}

let script: ElectronNativeScript;
let tmp: string;

beforeAll(async () => {
  script = (await import(SCRIPT_URL)) as ElectronNativeScript;
  tmp = mkdtempSync(join(tmpdir(), 'tp-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A fake app root: node_modules/<module>/package.json plus, optionally, a complete .native build. */
function fakeAppRoot(name: string, options: { build?: Partial<NativeManifest>; versions?: Record<string, string> } = {}) {
  const appRoot = join(tmp, name);
  const versions = { 'better-sqlite3': '12.11.1', keytar: '7.9.0', ...options.versions };
  for (const [mod, version] of Object.entries(versions)) {
    mkdirSync(join(appRoot, 'node_modules', mod), { recursive: true });
    writeFileSync(join(appRoot, 'node_modules', mod, 'package.json'), JSON.stringify({ name: mod, version }));
  }
  if (options.build) {
    const dir = nativeBuildDir(appRoot, 'electron', ELECTRON_VERSION);
    const modules: NativeManifest['modules'] = {};
    for (const [mod, addon] of Object.entries(script.NATIVE_MODULES)) {
      const binding = `node_modules/${mod}/${addon}`;
      mkdirSync(dirname(join(dir, binding)), { recursive: true });
      writeFileSync(join(dir, binding), 'not really an addon');
      modules[mod] = { version: versions[mod as keyof typeof versions]!, binding };
    }
    const manifest: NativeManifest = {
      runtime: 'electron',
      version: ELECTRON_VERSION,
      platform: process.platform,
      arch: process.arch,
      modules,
      ...options.build,
    };
    writeFileSync(join(dir, NATIVE_MANIFEST_FILE), JSON.stringify(manifest));
  }
  return appRoot;
}

describe('npm start without an Electron binary', () => {
  it('prints one sentence pointing at `npm run serve` and exits non-zero before building anything', () => {
    // ELECTRON_OVERRIDE_DIST_PATH (honoured by electron's own launcher too) points at an empty folder, so the binary
    // is missing on every machine, including ones where Electron is installed.
    const empty = mkdtempSync(join(tmp, 'no-electron-'));
    const started = Date.now();
    const run = spawnSync(process.execPath, ['scripts/start-electron.mjs'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toContain('npm run serve');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toBe(script.MISSING_ELECTRON_MESSAGE);
    expect(run.stdout).toBe('');
    // No `npm run build` ran: that alone takes seconds and prints vite's output.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('electron-native --check-electron (used by `npm run dist`) fails the same way', () => {
    const run = spawnSync(process.execPath, ['scripts/electron-native.mjs', '--check-electron'], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'nowhere') },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm run serve');
  });

  it('finds the binary when one exists, without downloading', () => {
    const dist = mkdtempSync(join(tmp, 'electron-dist-'));
    // path.txt (written by electron's installer) names the executable inside dist/; electron's launcher looks for that
    // name inside ELECTRON_OVERRIDE_DIST_PATH, or for "electron" when the installer never ran (as on this machine).
    let name = 'electron';
    try {
      name = readFileSync(join(ROOT, 'node_modules/electron/path.txt'), 'utf8').trim() || name;
    } catch {
      // installer never ran
    }
    mkdirSync(dirname(join(dist, name)), { recursive: true });
    writeFileSync(join(dist, name), '');
    expect(script.findElectronBinary(ROOT, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(join(dist, name));
    expect(script.findElectronBinary(join(tmp, 'no-project'), {})).toBeNull();
  });
});

describe('scripts/electron-native.mjs', () => {
  it('agrees with main/electron/native.ts on folder, manifest and module list', () => {
    expect(script.NATIVE_ROOT_DIR).toBe(NATIVE_ROOT_DIR);
    expect(script.NATIVE_MANIFEST_FILE).toBe(NATIVE_MANIFEST_FILE);
    expect(Object.keys(script.NATIVE_MODULES).sort()).toEqual([...NATIVE_MODULES].sort());
    expect(script.nativeBuildDir('/app', 'electron', '45.5.0')).toBe(nativeBuildDir('/app', 'electron', '45.5.0'));
  });

  it('--print-dir names the folder for the installed Electron, outside node_modules', () => {
    const run = spawnSync(process.execPath, ['scripts/electron-native.mjs', '--print-dir'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(join(NATIVE_ROOT_DIR, `electron-${ELECTRON_VERSION}`));
  });

  it('treats a build as current only when runtime, version, platform, arch, module versions and files match', () => {
    const appRoot = fakeAppRoot('current', { build: {} });
    const dir = nativeBuildDir(appRoot, 'electron', ELECTRON_VERSION);
    const target: Target = {
      runtime: 'electron',
      version: ELECTRON_VERSION,
      platform: process.platform,
      arch: process.arch,
      modules: { 'better-sqlite3': '12.11.1', keytar: '7.9.0' },
    };
    expect(script.isBuildCurrent(dir, target)).toBe(true);
    expect(script.isBuildCurrent(dir, { ...target, version: '46.0.0' })).toBe(false);
    expect(script.isBuildCurrent(dir, { ...target, arch: target.arch === 'x64' ? 'arm64' : 'x64' })).toBe(false);
    expect(script.isBuildCurrent(dir, { ...target, modules: { ...target.modules, 'better-sqlite3': '12.12.0' } })).toBe(false);
    rmSync(join(dir, 'node_modules/keytar', script.NATIVE_MODULES.keytar!));
    expect(script.isBuildCurrent(dir, target)).toBe(false);
    expect(script.isBuildCurrent(join(tmp, 'nothing-here'), target)).toBe(false);
  });

  it('builds against Electron headers even when an .npmrc sets nodedir (which would silently give a Node ABI)', () => {
    const target: Target = { runtime: 'electron', version: '45.5.0', platform: 'linux', arch: 'x64', modules: {} };
    const { args, env } = script.nodeGypInvocation(target, { npm_config_nodedir: '/usr', PATH: '/bin' });
    expect(env.npm_config_nodedir).toBeUndefined();
    expect(env.PATH).toBe('/bin');
    expect(args).toEqual(
      expect.arrayContaining(['rebuild', '--runtime=electron', '--target=45.5.0', '--arch=x64', '--dist-url=https://electronjs.org/headers']),
    );
    expect(args.some((a) => a.startsWith('--nodedir'))).toBe(false);
  });

  it("strips nodedir in any case for electron-builder's rebuild too (its beforeBuild hook)", () => {
    const env: NodeJS.ProcessEnv = { npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr', PATH: '/bin' };
    expect(script.stripNodedir(env)).toBe(true);
    expect(env).toEqual({ PATH: '/bin' });
    expect(script.stripNodedir(env)).toBe(false);
  });
});

describe('resolveNativeBindings (main/electron/native.ts)', () => {
  it('uses the .native build when its manifest matches this Electron and node_modules', () => {
    const appRoot = fakeAppRoot('match', { build: {} });
    const dir = nativeBuildDir(appRoot, 'electron', ELECTRON_VERSION);
    const result = resolveNativeBindings({ appRoot, electronVersion: ELECTRON_VERSION, isPackaged: false });
    expect(result).toEqual({
      source: 'native-dir',
      sqliteNativeBinding: join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      keytarNativeBinding: join(dir, 'node_modules/keytar/build/Release/keytar.node'),
      problems: [],
    });
  });

  it('uses the defaults in a packaged app (electron-builder rebuilt node_modules for Electron)', () => {
    const appRoot = fakeAppRoot('packaged', { build: {} });
    expect(resolveNativeBindings({ appRoot, electronVersion: ELECTRON_VERSION, isPackaged: true })).toEqual({
      source: 'packaged',
      problems: [],
    });
  });

  it('falls back to the defaults with a problem that says what to run when the build is missing or stale', () => {
    const missing = resolveNativeBindings({ appRoot: fakeAppRoot('missing'), electronVersion: ELECTRON_VERSION, isPackaged: false });
    expect(missing.source).toBe('default');
    expect(missing.sqliteNativeBinding).toBeUndefined();
    expect(missing.problems.join('\n')).toContain('scripts/electron-native.mjs');

    const otherElectron = resolveNativeBindings({
      appRoot: fakeAppRoot('other-version', { build: { version: '44.0.0' } }),
      electronVersion: ELECTRON_VERSION,
      isPackaged: false,
    });
    expect(otherElectron.sqliteNativeBinding).toBeUndefined();
    expect(otherElectron.problems.join('\n')).toContain('44.0.0');

    const otherArch = resolveNativeBindings({
      appRoot: fakeAppRoot('other-arch', { build: {} }),
      electronVersion: ELECTRON_VERSION,
      isPackaged: false,
      arch: 'riscv64',
    });
    expect(otherArch.source).toBe('default');
  });

  it('refuses an addon whose JavaScript half in node_modules has a different version', () => {
    const appRoot = fakeAppRoot('upgraded', { build: {} });
    writeFileSync(
      join(appRoot, 'node_modules/better-sqlite3/package.json'),
      JSON.stringify({ name: 'better-sqlite3', version: '12.99.0' }),
    );
    const result = resolveNativeBindings({ appRoot, electronVersion: ELECTRON_VERSION, isPackaged: false });
    expect(result.sqliteNativeBinding).toBeUndefined();
    expect(result.keytarNativeBinding).toBeDefined();
    expect(result.problems.join('\n')).toMatch(/better-sqlite3 12\.99\.0 is installed but 12\.11\.1 was built/);
  });

  it('refuses a manifest binding that points outside its build folder', () => {
    const appRoot = fakeAppRoot('escape', { build: {} });
    const dir = nativeBuildDir(appRoot, 'electron', ELECTRON_VERSION);
    const manifest = JSON.parse(readFileSync(join(dir, NATIVE_MANIFEST_FILE), 'utf8')) as NativeManifest;
    manifest.modules['better-sqlite3']!.binding = '../../node_modules/better-sqlite3/package.json';
    writeFileSync(join(dir, NATIVE_MANIFEST_FILE), JSON.stringify(manifest));
    const result = resolveNativeBindings({ appRoot, electronVersion: ELECTRON_VERSION, isPackaged: false });
    expect(result.sqliteNativeBinding).toBeUndefined();
  });

  it('recognises the ABI mismatch error Node throws for a wrong-ABI addon', () => {
    expect(
      isAbiMismatch(
        new Error(
          "The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 140. " +
            'This version of Node.js requires NODE_MODULE_VERSION 115.',
        ),
      ),
    ).toBe(true);
    expect(isAbiMismatch(new Error('SQLITE_CANTOPEN'))).toBe(false);
  });
});
