#!/usr/bin/env node
// Builds the app's native modules (better-sqlite3, keytar) for Electron's ABI into .native/electron-<version>/,
// leaving node_modules (built for Node's ABI, used by `npm test`) untouched. main/electron/native.ts finds the result
// through the manifest written here. See docs/native-modules.md.
//
//   node scripts/electron-native.mjs                  build for the installed electron package (skips when current)
//   node scripts/electron-native.mjs --force          rebuild even when current
//   node scripts/electron-native.mjs --print-dir      print the build folder for the installed Electron and exit
//   node scripts/electron-native.mjs --check-electron exit 1 with one sentence when Electron's binary is missing
//   node scripts/electron-native.mjs --check-dist     exit 1 with one sentence when this Node is too old to package
//   node scripts/electron-native.mjs --runtime=node   diagnostic: the same build for this Node (works offline)
//
// Environment: TAXPOYNT_ELECTRON_HEADERS = a downloaded node-v<electron>-headers.tar.gz or its extracted folder, for
// machines that cannot reach https://electronjs.org/headers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

// Keep in step with main/electron/native.ts (NATIVE_ROOT_DIR, NATIVE_MANIFEST_FILE, NATIVE_MODULES, nativeBuildDir);
// test/unit/native-abi.test.ts compares them.
export const NATIVE_ROOT_DIR = '.native';
export const NATIVE_MANIFEST_FILE = 'manifest.json';
/** Module name → its addon, relative to the module folder. */
export const NATIVE_MODULES = {
  'better-sqlite3': 'build/Release/better_sqlite3.node',
  keytar: 'build/Release/keytar.node',
};
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export const MISSING_ELECTRON_MESSAGE =
  "Electron's binary is not installed on this machine: download it once with `npx install-electron` (needs the internet and Node 22.13 or newer), or run the app headless with `npm run serve` instead.";

/**
 * The oldest Node for the desktop commands (`npm start`'s binary download, `npm run dist`): electron@45 (its binary
 * download), @electron/get 5, @electron/rebuild 4 and node-abi 4, which electron-builder 26 uses to rebuild the native
 * modules, declare `engines.node >= 22.12.0`, and one of ESLint's packages wants 22.13 on the 22 line, so 22.13 is
 * the first Node on which `npm ci` installs everything without an engine warning. The app itself (serve, demo, tests)
 * runs on Node 20.19 too; see README.md and test/unit/packaging.test.ts.
 */
export const DESKTOP_TOOLING_NODE = '22.13.0';

export const NODE_TOO_OLD_FOR_DIST_MESSAGE =
  `Packaging needs Node ${DESKTOP_TOOLING_NODE} or newer (Electron's build tools require it); this is Node ${process.versions.node}.`;

/** True when `version` (e.g. process.versions.node) is at least `minimum`; both plain x.y.z. */
export function nodeAtLeast(version, minimum = DESKTOP_TOOLING_NODE) {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/**
 * Electron's command-line switch with the main process's V8 flags (main/electron/js-flags.ts explains why it must be
 * on the command line); `npm start` passes it, and test/unit/packaging.test.ts keeps the copies in step.
 */
export const ELECTRON_JS_FLAGS_SWITCH = '--js-flags=--max-semi-space-size=32';

export function nativeBuildDir(root, runtime, version) {
  return join(root, NATIVE_ROOT_DIR, `${runtime}-${version}`);
}

/** The installed electron npm package: its folder and version, or null when it is not installed. */
export function electronPackage(root = PROJECT_ROOT) {
  try {
    const pkgJson = createRequire(join(root, 'package.json')).resolve('electron/package.json');
    const { version } = JSON.parse(readFileSync(pkgJson, 'utf8'));
    return { dir: dirname(pkgJson), version };
  } catch {
    return null;
  }
}

/**
 * Path of the Electron executable, or null when it is missing. Mirrors node_modules/electron/index.js but never
 * downloads: `require('electron')` would try to fetch the binary first, which hangs or fails on an offline machine.
 */
export function findElectronBinary(root = PROJECT_ROOT, env = process.env) {
  const pkg = electronPackage(root);
  if (!pkg) return null;
  let executable;
  try {
    executable = readFileSync(join(pkg.dir, 'path.txt'), 'utf8').trim();
  } catch {
    executable = undefined;
  }
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    : executable
      ? join(pkg.dir, 'dist', executable)
      : null;
  if (!candidate) return null;
  try {
    return statSync(candidate).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

/** Versions of the native modules installed in node_modules (the sources we copy). */
export function installedModuleVersions(root = PROJECT_ROOT) {
  const versions = {};
  for (const name of Object.keys(NATIVE_MODULES)) {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    versions[name] = pkg.version;
  }
  return versions;
}

/**
 * True when `dir` already holds a complete build for this target: same runtime, version, platform and arch, the same
 * module versions as node_modules, and every addon file present.
 */
export function isBuildCurrent(dir, target) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, NATIVE_MANIFEST_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (
    manifest.runtime !== target.runtime ||
    manifest.version !== target.version ||
    manifest.platform !== target.platform ||
    manifest.arch !== target.arch
  ) {
    return false;
  }
  return Object.entries(target.modules).every(([name, version]) => {
    const entry = manifest.modules?.[name];
    return entry && entry.version === version && existsSync(resolve(dir, entry.binding));
  });
}

function log(message) {
  process.stderr.write(`electron-native: ${message}\n`);
}

/** node-gyp as installed for @electron/rebuild (a declared devDependency), else the hoisted one. */
function nodeGypScript(root) {
  const fromRoot = createRequire(join(root, 'package.json'));
  for (const base of ['@electron/rebuild/package.json', 'package.json']) {
    try {
      const req = base === 'package.json' ? fromRoot : createRequire(fromRoot.resolve(base));
      return req.resolve('node-gyp/bin/node-gyp.js');
    } catch {
      // try the next place
    }
  }
  throw new Error('node-gyp is not installed (it comes with @electron/rebuild); run `npm install`');
}

/**
 * Removes npm_config_nodedir (any case) from `env` in place; returns whether one was there. ~/.npmrc on some machines
 * sets nodedir to the local Node headers, and npm exports it to scripts. node-gyp then quietly builds against Node's
 * headers whatever --target says, producing a Node-ABI addon that Electron refuses to load.
 */
export function stripNodedir(env) {
  let removed = false;
  for (const key of Object.keys(env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') {
      delete env[key];
      removed = true;
    }
  }
  return removed;
}

/**
 * electron-builder `beforeBuild` hook (see electron-builder.yml): runs in electron-builder's process just before it
 * rebuilds node_modules for Electron with @electron/rebuild, whose node-gyp inherits process.env.
 */
export async function beforeBuild() {
  if (stripNodedir(process.env)) log('ignoring npm_config_nodedir (Node headers) for the Electron rebuild');
  return true; // true: electron-builder goes on to rebuild the native modules itself
}

/** node-gyp arguments and environment for one target. */
export function nodeGypInvocation(target, env = process.env) {
  const childEnv = { ...env };
  const args = ['rebuild', '--release', `--arch=${target.arch}`, `--target=${target.version}`];
  if (target.runtime === 'electron') {
    stripNodedir(childEnv);
    args.push('--runtime=electron', `--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`);
    const headers = env.TAXPOYNT_ELECTRON_HEADERS;
    if (headers) {
      args.push(statSync(headers).isDirectory() ? `--nodedir=${resolve(headers)}` : `--tarball=${resolve(headers)}`);
    }
  } else {
    args.push('--runtime=node');
    // Offline-friendly: use this Node's own headers when they are installed beside it (Debian's nodejs does that).
    const prefix = dirname(dirname(process.execPath));
    const hasNodedir = Object.keys(env).some((key) => key.toLowerCase() === 'npm_config_nodedir');
    if (!hasNodedir && existsSync(join(prefix, 'include', 'node', 'node_version.h'))) args.push(`--nodedir=${prefix}`);
  }
  return { args, env: childEnv };
}

function napiBuildVersion(moduleDir) {
  const pkg = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8'));
  const versions = pkg.binary?.napi_versions;
  return Array.isArray(versions) && versions.length > 0 ? Math.max(...versions.map(Number)) : undefined;
}

/**
 * Loads the addon in a child Node process. An Electron build must NOT load in Node (a different NODE_MODULE_VERSION;
 * N-API addons like keytar load in both and are not checked), a Node build must load. This catches the silent
 * "built against the wrong headers" failure before the app hits it.
 */
function checkAbi(target, name, binding) {
  const probe = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', binding], { encoding: 'utf8' });
  const loaded = probe.status === 0;
  if (target.runtime === 'node' && !loaded) {
    throw new Error(`${name} was built but does not load in Node ${process.version}:\n${probe.stderr}`);
  }
  if (target.runtime === 'electron' && loaded && name === 'better-sqlite3') {
    throw new Error(
      `${name} built for Electron ${target.version} loads in Node ${process.version}, so it was compiled against ` +
        "Node's headers (is nodedir set in an .npmrc?)",
    );
  }
}

/**
 * Copies each native module's sources from node_modules into a staging folder, builds it there with node-gyp for the
 * target, checks the result, writes the manifest, then moves the staging folder into place: an interrupted or failed
 * build never leaves a folder that looks complete.
 */
export function buildNativeModules({ root = PROJECT_ROOT, target, force = false }) {
  const dir = nativeBuildDir(root, target.runtime, target.version);
  if (!force && isBuildCurrent(dir, target)) {
    log(`native modules for ${target.runtime} ${target.version} are up to date in ${relative(root, dir)}`);
    return { dir, skipped: true };
  }
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const gyp = nodeGypScript(root);
    const modules = {};
    for (const [name, addon] of Object.entries(NATIVE_MODULES)) {
      const source = join(root, 'node_modules', name);
      const dest = join(staging, 'node_modules', name);
      const skip = join(source, 'build');
      // The sources only: the Node-ABI build folder stays behind.
      cpSync(source, dest, { recursive: true, filter: (p) => p !== skip && !p.startsWith(skip + sep) });
      const { args, env } = nodeGypInvocation(target);
      const napi = napiBuildVersion(dest);
      if (napi !== undefined) args.push(`--napi_build_version=${napi}`);
      log(`building ${name} ${target.modules[name]} for ${target.runtime} ${target.version} (${target.platform}-${target.arch})`);
      // cwd inside the project keeps require('node-addon-api') in keytar's binding.gyp resolving to node_modules.
      const result = spawnSync(process.execPath, [gyp, ...args], { cwd: dest, env, stdio: 'inherit' });
      if (result.status !== 0) {
        throw new Error(
          `building ${name} for ${target.runtime} ${target.version} failed (node-gyp exited with ${result.status ?? result.signal}). ` +
            (target.runtime === 'electron'
              ? `It needs Electron's headers (downloaded from ${ELECTRON_HEADERS_URL} into ~/.electron-gyp, or set ` +
                `TAXPOYNT_ELECTRON_HEADERS to node-v${target.version}-headers.tar.gz), python3 and a C++ compiler.`
              : 'It needs python3, a C++ compiler and the Node headers.'),
        );
      }
      const binding = join(dest, addon);
      if (!existsSync(binding)) throw new Error(`node-gyp succeeded but ${binding} is missing`);
      checkAbi(target, name, binding);
      // Object files are only needed while compiling; the addon is what we keep.
      for (const obj of ['obj', 'obj.target']) rmSync(join(dest, 'build', 'Release', obj), { recursive: true, force: true });
      modules[name] = { version: target.modules[name], binding: `node_modules/${name}/${addon}` };
    }
    const manifest = {
      runtime: target.runtime,
      version: target.version,
      platform: target.platform,
      arch: target.arch,
      abi: target.abi,
      builtAt: new Date().toISOString(),
      modules,
    };
    writeFileSync(join(staging, NATIVE_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    log(`built ${Object.keys(modules).join(', ')} into ${relative(root, dir)}`);
    return { dir, skipped: false };
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** The build target for the installed electron package (or, with runtime "node", for this Node). */
export function resolveTarget(runtime, root = PROJECT_ROOT) {
  const modules = installedModuleVersions(root);
  if (runtime === 'node') {
    return {
      runtime,
      version: process.versions.node,
      abi: process.versions.modules,
      platform: process.platform,
      arch: process.arch,
      modules,
    };
  }
  const pkg = electronPackage(root);
  if (!pkg) throw new Error('the electron package is not installed; run `npm install`');
  let abi;
  try {
    abi = readFileSync(join(pkg.dir, 'abi_version'), 'utf8').trim();
  } catch {
    abi = undefined;
  }
  return { runtime: 'electron', version: pkg.version, abi, platform: process.platform, arch: process.arch, modules };
}

export function main(argv = process.argv.slice(2)) {
  const flags = new Set(argv.filter((a) => !a.startsWith('--runtime=')));
  const runtime = argv.find((a) => a.startsWith('--runtime='))?.slice('--runtime='.length) ?? 'electron';
  const known = new Set(['--force', '--print-dir', '--check-electron', '--check-dist']);
  const unknown = [...flags].filter((f) => !known.has(f));
  if (unknown.length > 0 || (runtime !== 'electron' && runtime !== 'node')) {
    log(`unknown option ${unknown[0] ?? `--runtime=${runtime}`}; see the comment at the top of scripts/electron-native.mjs`);
    return 2;
  }
  if (flags.has('--check-dist')) {
    if (!nodeAtLeast(process.versions.node)) {
      process.stderr.write(`${NODE_TOO_OLD_FOR_DIST_MESSAGE}\n`);
      return 1;
    }
    return 0;
  }
  if (flags.has('--check-electron')) {
    const binary = findElectronBinary();
    if (!binary) {
      process.stderr.write(`${MISSING_ELECTRON_MESSAGE}\n`);
      return 1;
    }
    log(`Electron ${electronPackage()?.version} found at ${binary}`);
    return 0;
  }
  try {
    const target = resolveTarget(runtime);
    if (flags.has('--print-dir')) {
      process.stdout.write(`${relative(PROJECT_ROOT, nativeBuildDir(PROJECT_ROOT, target.runtime, target.version))}\n`);
      return 0;
    }
    buildNativeModules({ target, force: flags.has('--force') });
    return 0;
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main();
