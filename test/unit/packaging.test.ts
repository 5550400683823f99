// `npm run dist` cannot run here (electron-builder downloads Electron, packaging tools and headers), so this checks what
// it would package: electron-builder.yml as electron-builder itself loads and validates it, the targets, the icons
// (real PNGs of the sizes each platform's converter needs, drawn by scripts/make-icons.mjs), the native modules kept
// out of the asar and rebuilt for Electron, the fuses, the main process's V8 flags, and which Node every command needs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { JS_FLAGS_SWITCH, MAIN_JS_FLAGS, RELAUNCH_MARKER_ENV, hasMainJsFlags, jsFlagsRelaunch } from '../../main/electron/js-flags';
import { EXPECTED_FUSES } from '../support/expected-fuses';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(ROOT, 'package.json'));

interface BuilderConfig {
  directories: { output: string; buildResources: string };
  files: Array<string | { filter: string[] }>;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  beforeBuild: string;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string; executableArgs: string[] };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; hardenedRuntime: boolean };
  nsis: Record<string, unknown>;
}

/** electron-builder's own loader and schema check (app-builder-lib comes with the electron-builder devDependency). */
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const semver = require('semver') as { satisfies(version: string, range: string): boolean };

interface IconScript {
  MASTER_ICON: { file: string; size: number };
  LINUX_ICON_SIZES: number[];
  BUILD_DIR: string;
  renderIcon(size: number): Buffer;
  crc32(bytes: Buffer): number;
  PNG_SIGNATURE: Buffer;
}
interface NativeScript {
  ELECTRON_JS_FLAGS_SWITCH: string;
  DESKTOP_TOOLING_NODE: string;
  NODE_TOO_OLD_FOR_DIST_MESSAGE: string;
  nodeAtLeast(version: string, minimum?: string): boolean;
  beforeBuild(): Promise<boolean>;
}

let config: BuilderConfig;
let icons: IconScript;
let native: NativeScript;

beforeAll(async () => {
  config = await builderConfig.getConfig(ROOT, 'electron-builder.yml', null);
  icons = (await import(new URL('../../scripts/make-icons.mjs', import.meta.url).href)) as IconScript;
  native = (await import(new URL('../../scripts/electron-native.mjs', import.meta.url).href)) as NativeScript;
});

/** Width, height and RGBA pixels of a PNG written by scripts/make-icons.mjs; every chunk's CRC is checked. */
function readPng(path: string): { width: number; height: number; colourType: number; pixels: Buffer } {
  const file = readFileSync(path);
  expect(file.subarray(0, 8).equals(icons.PNG_SIGNATURE), `${path} is a PNG`).toBe(true);
  let offset = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    expect(file.readUInt32BE(offset + 8 + length), `${path} ${type} CRC`).toBe(icons.crc32(file.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const width = ihdr!.readUInt32BE(0);
  const height = ihdr!.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)], 'filter type 0').toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colourType: ihdr![9]!, pixels };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema (a misspelt or misplaced key fails here, not on the release machine)', async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check has teeth: an unknown key is refused.
    await expect(builderConfig.validateConfiguration({ ...config, linux: { ...config.linux, bogus: true } as never }, new DebugLogger(false))).rejects.toThrow(
      /configuration/,
    );
  });

  it('builds AppImage + deb on Linux, an NSIS installer on Windows and a dmg on macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('ships only the built app: no sources, tests, source maps or the development .native/ folder', () => {
    const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(patterns).toEqual(['dist/**', '!dist/**/*.map', 'package.json']);
  });

  it('keeps the native addons out of app.asar and rebuilds them for Electron, without the Node headers trap', async () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**', '**/node_modules/keytar/**']));
    expect(config.npmRebuild).toBe(true);
    // The hook electron-builder loads is the script's named export, and it removes npm_config_nodedir.
    expect(config.beforeBuild).toBe('./scripts/electron-native.mjs');
    const before = process.env.npm_config_nodedir;
    process.env.npm_config_nodedir = '/usr';
    try {
      await expect(native.beforeBuild()).resolves.toBe(true);
      expect(process.env.npm_config_nodedir).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.npm_config_nodedir;
      else process.env.npm_config_nodedir = before;
    }
  });

  it('flips the fuses: no running as Node, no NODE_OPTIONS or inspector, code only from the checked app.asar', () => {
    expect(config.electronFuses).toEqual(EXPECTED_FUSES);
  });
});

describe('icons', () => {
  it('has a master icon of at least 512 px for macOS (and 256 px for Windows), as electron-builder requires', () => {
    expect(config.directories.buildResources).toBe('build');
    expect(config.mac.icon).toBe(`build/${icons.MASTER_ICON.file}`);
    expect(config.win.icon).toBe(`build/${icons.MASTER_ICON.file}`);
    const master = readPng(join(ROOT, config.mac.icon));
    expect(master).toMatchObject({ width: icons.MASTER_ICON.size, height: icons.MASTER_ICON.size, colourType: 6 });
    expect(master.width).toBeGreaterThanOrEqual(512);
  });

  it('has the Linux icon set, 16 to 512 px, each exactly the logo that scripts/make-icons.mjs draws', () => {
    expect(config.linux.icon).toBe('build/icons');
    expect(icons.LINUX_ICON_SIZES).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512]));
    for (const size of icons.LINUX_ICON_SIZES) {
      const png = readPng(join(ROOT, 'build', 'icons', `${size}x${size}.png`));
      expect({ width: png.width, height: png.height }).toEqual({ width: size, height: size });
      // Out of date (the logo changed, the script did not run) or hand-edited files fail here.
      expect(png.pixels.equals(icons.renderIcon(size)), `${size}x${size}.png matches the script`).toBe(true);
    }
  });

  it('draws a real picture: transparent corners, the teal square, the white T', () => {
    const size = 256;
    const px = icons.renderIcon(size);
    const at = (x: number, y: number) => [...px.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(at(0, 0)[3]).toBe(0);
    expect(at(20, 128)).toEqual([0x0f, 0x76, 0x6e, 255]);
    expect(at(128, 80)).toEqual([255, 255, 255, 255]);
    expect(existsSync(join(icons.BUILD_DIR, icons.MASTER_ICON.file))).toBe(true);
  });
});

describe('V8 flags of the Electron main process', () => {
  it('are the same flag as npm run serve uses, everywhere they are written', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toContain(`node ${MAIN_JS_FLAGS} `);
    expect(JS_FLAGS_SWITCH).toBe(`--js-flags=${MAIN_JS_FLAGS}`);
    expect(native.ELECTRON_JS_FLAGS_SWITCH).toBe(JS_FLAGS_SWITCH);
    expect(config.linux.executableArgs).toEqual([JS_FLAGS_SWITCH]);
    expect(readFileSync(join(ROOT, 'scripts/start-electron.mjs'), 'utf8')).toMatch(/spawn\(electron, \[ELECTRON_JS_FLAGS_SWITCH, PROJECT_ROOT/);
  });

  it('relaunches once when started without them, and never when they are there or it already relaunched', () => {
    expect(hasMainJsFlags(['/opt/app/taxpoynt-pos-desk', JS_FLAGS_SWITCH])).toBe(true);
    expect(hasMainJsFlags(['/e', `--js-flags=--expose-gc ${MAIN_JS_FLAGS}`])).toBe(true);
    expect(hasMainJsFlags(['/e', '--js-flags=--max-semi-space-size=320'])).toBe(false);
    expect(jsFlagsRelaunch(['/e', JS_FLAGS_SWITCH, '/project'], {})).toBeNull();
    expect(jsFlagsRelaunch(['C:\\App\\TaxPoynt POS Desk.exe', '--hidden'], {})).toEqual({ args: [JS_FLAGS_SWITCH, '--hidden'] });
    expect(jsFlagsRelaunch(['/e'], { [RELAUNCH_MARKER_ENV]: '1' })).toBeNull();
    // An AppImage relaunches its own file: the binary inside its mount disappears when this process exits.
    expect(jsFlagsRelaunch(['/tmp/.mount_Tax123/taxpoynt-pos-desk'], { APPIMAGE: '/home/o/TaxPoynt.AppImage' })).toEqual({
      execPath: '/home/o/TaxPoynt.AppImage',
      args: [JS_FLAGS_SWITCH],
    });
  });
});

describe('Node versions (README: 20.19+ for the app and tests, 22.13+ / 24+ for the desktop commands)', () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; optional?: boolean; engines?: { node?: string } }>;
  };
  const refusing = (node: string) =>
    Object.entries(lock.packages)
      .filter(([, p]) => p.engines?.node && !semver.satisfies(node, p.engines.node))
      .map(([path, p]) => ({ name: path.replace(/^.*node_modules\//, ''), dev: p.dev === true, optional: p.optional === true }));

  it('on Node 22.13 and 24 no installed package refuses the engine: npm ci prints no EBADENGINE warning', () => {
    for (const node of ['22.13.0', '24.0.0']) {
      // Optional wasm builds (cpu: wasm32) are never installed on a desktop, so npm never checks them.
      expect(refusing(node).filter((p) => !p.optional), `Node ${node}`).toEqual([]);
    }
    expect(native.DESKTOP_TOOLING_NODE).toBe('22.13.0');
  });

  it('on Node 20.19 only Electron\'s own tooling refuses, all development-only (serve and the tests never load it)', () => {
    expect(refusing('20.19.0')).toEqual(
      ['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'electron', 'node-abi'].map((name) => ({ name, dev: true, optional: false })),
    );
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=20.19');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('Node 22.13');
    expect(readme).toContain('20.19');
  });

  it('npm run dist stops first, in one sentence, on a Node its tools do not support', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('node scripts/electron-native.mjs --check-dist && npm run build && electron-builder --config electron-builder.yml');
    const run = spawnSync(process.execPath, ['scripts/electron-native.mjs', '--check-dist'], { cwd: ROOT, encoding: 'utf8' });
    if (native.nodeAtLeast(process.versions.node)) {
      expect(run.status).toBe(0);
    } else {
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(native.NODE_TOO_OLD_FOR_DIST_MESSAGE);
    }
    expect(native.nodeAtLeast('22.13.0')).toBe(true);
    expect(native.nodeAtLeast('24.1.0')).toBe(true);
    expect(native.nodeAtLeast('22.12.9')).toBe(false);
    expect(native.nodeAtLeast('20.20.2')).toBe(false);
  });
});
