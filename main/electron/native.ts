// Where the Electron shell finds native modules built for Electron's ABI. Pure (node:fs/node:path only) so the rules
// are tested in plain Node; see docs/native-modules.md for the whole story.
//
// node_modules keeps the Node-ABI builds that `npm install` made, because `npm test` runs in Node. For `npm start`,
// scripts/electron-native.mjs builds copies of better-sqlite3 and keytar for Electron into
// .native/electron-<version>/ and writes a manifest there; this module reads it. A packaged app has had its
// node_modules rebuilt for Electron by electron-builder, so it uses the defaults.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

/** Folder (under the app root) holding one sub-folder per runtime build; in .gitignore, never packaged. */
export const NATIVE_ROOT_DIR = '.native';
export const NATIVE_MANIFEST_FILE = 'manifest.json';
/** The modules with native code the app loads. scripts/electron-native.mjs keeps the same list. */
export const NATIVE_MODULES = ['better-sqlite3', 'keytar'] as const;
export type NativeModuleName = (typeof NATIVE_MODULES)[number];

/** What scripts/electron-native.mjs writes into .native/<runtime>-<version>/manifest.json. */
export interface NativeManifest {
  runtime: string;
  version: string;
  platform: string;
  arch: string;
  modules: Record<string, { version: string; binding: string }>;
}

export function nativeBuildDir(appRoot: string, runtime: string, version: string): string {
  return join(appRoot, NATIVE_ROOT_DIR, `${runtime}-${version}`);
}

export interface NativeLookup {
  /** Folder holding package.json and node_modules (app.getAppPath() in the shell). */
  appRoot: string;
  /** process.versions.electron */
  electronVersion: string;
  isPackaged: boolean;
  platform?: string;
  arch?: string;
  fs?: { existsSync(path: string): boolean; readFileSync(path: string, encoding: 'utf8'): string };
}

export interface NativeBindings {
  /** For better-sqlite3's `nativeBinding` option (AppConfig.sqliteNativeBinding); undefined = default build. */
  sqliteNativeBinding?: string;
  /** For loadKeytar(nativeBinding); undefined = default build. */
  keytarNativeBinding?: string;
  source: 'packaged' | 'native-dir' | 'default';
  /** Why a module falls back to the default build; the shell logs it. */
  problems: string[];
}

const REBUILD_HINT = 'run `node scripts/electron-native.mjs` (npm start does it before launching Electron)';

export function resolveNativeBindings(lookup: NativeLookup): NativeBindings {
  if (lookup.isPackaged) return { source: 'packaged', problems: [] };
  const fs = lookup.fs ?? { existsSync, readFileSync };
  const platform = lookup.platform ?? process.platform;
  const arch = lookup.arch ?? process.arch;
  const dir = nativeBuildDir(lookup.appRoot, 'electron', lookup.electronVersion);
  const manifestPath = join(dir, NATIVE_MANIFEST_FILE);

  let manifest: NativeManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as NativeManifest;
  } catch {
    return {
      source: 'default',
      problems: [`No Electron ${lookup.electronVersion} build of the native modules in ${dir}; ${REBUILD_HINT}`],
    };
  }
  if (
    manifest.runtime !== 'electron' ||
    manifest.version !== lookup.electronVersion ||
    manifest.platform !== platform ||
    manifest.arch !== arch
  ) {
    return {
      source: 'default',
      problems: [
        `${manifestPath} describes ${manifest.runtime} ${manifest.version} ${manifest.platform}-${manifest.arch}, ` +
          `not electron ${lookup.electronVersion} ${platform}-${arch}; ${REBUILD_HINT}`,
      ],
    };
  }

  const problems: string[] = [];
  const found: Partial<Record<NativeModuleName, string>> = {};
  for (const name of NATIVE_MODULES) {
    const entry = manifest.modules?.[name];
    if (!entry || typeof entry.binding !== 'string' || isAbsolute(entry.binding)) {
      problems.push(`${manifestPath} has no entry for ${name}; ${REBUILD_HINT}`);
      continue;
    }
    // The JavaScript half of the module still comes from node_modules: it must be the version the binary was built
    // from, or a newer lib/ could call into an older addon.
    const installed = installedVersion(fs, lookup.appRoot, name);
    if (installed !== entry.version) {
      problems.push(`${name} ${installed ?? '(missing)'} is installed but ${entry.version} was built for Electron; ${REBUILD_HINT}`);
      continue;
    }
    const binding = resolve(dir, entry.binding);
    if (!binding.startsWith(dir + sep) || !fs.existsSync(binding)) {
      problems.push(`${binding} is missing; ${REBUILD_HINT}`);
      continue;
    }
    found[name] = binding;
  }
  return {
    source: Object.keys(found).length > 0 ? 'native-dir' : 'default',
    sqliteNativeBinding: found['better-sqlite3'],
    keytarNativeBinding: found.keytar,
    problems,
  };
}

function installedVersion(fs: NonNullable<NativeLookup['fs']>, appRoot: string, name: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(join(appRoot, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True for the error Node/Electron throws when a .node file was built for another ABI. The shell turns it into a
 * sentence that says what to run instead of a stack trace.
 */
export function isAbiMismatch(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message);
}
