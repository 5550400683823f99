import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The layer rule of DESIGN.md as code: which folder may import what. Used by test/unit/layers.test.ts; ESLint's
// no-restricted-imports (eslint.config.js) says the same for editors.

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s*['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(source: string): string[] {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...withoutComments.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!).filter(Boolean);
}

type Layer = 'shared' | 'main' | 'main/electron' | 'preload' | 'renderer';

export function layerOf(relPath: string): Layer | null {
  const p = relPath.split(sep).join('/');
  if (p.startsWith('main/electron/')) return 'main/electron';
  for (const layer of ['shared', 'main', 'preload', 'renderer'] as const) if (p.startsWith(`${layer}/`)) return layer;
  return null;
}

/** Returns the rule broken by `specifier` imported from `file` (relative to root), or null. */
export function checkImport(root: string, file: string, specifier: string): string | null {
  const from = layerOf(file);
  if (!from) return null;
  const isElectron = specifier === 'electron' || specifier.startsWith('electron/');
  const isNode = specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);
  const target = specifier.startsWith('.') ? layerOf(relative(root, resolve(root, dirname(file), specifier))) : null;

  if (isElectron && from !== 'main/electron' && from !== 'preload') return 'only main/electron and preload may import electron';
  switch (from) {
    case 'shared':
      if (isNode) return 'shared/ is pure TypeScript: no node: modules';
      if (specifier.startsWith('.')) return target === 'shared' ? null : 'shared/ may import only shared/';
      return specifier === 'zod' ? null : 'shared/ may import only zod among packages';
    case 'renderer':
      if (isNode) return 'renderer may not import node: modules';
      if (target && target !== 'renderer' && target !== 'shared') return 'renderer talks to main only through the contract';
      return null;
    case 'preload':
      if (target && target !== 'preload' && target !== 'shared') return 'preload may import only electron and shared/';
      return null;
    case 'main':
      if (target === 'renderer' || target === 'preload' || target === 'main/electron') return 'main/ may not import renderer/, preload/ or main/electron/';
      return null;
    default:
      return null;
  }
}

const NODE_BUILTINS = new Set([
  'assert', 'buffer', 'child_process', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'http2', 'https', 'module',
  'net', 'os', 'path', 'process', 'querystring', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [full] : [];
  });
}

export function findLayerViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const top of ['shared', 'main', 'preload', 'renderer']) {
    let files: string[];
    try {
      files = sourceFiles(join(root, top));
    } catch {
      continue;
    }
    for (const full of files) {
      const file = relative(root, full);
      for (const specifier of importsOf(readFileSync(full, 'utf8'))) {
        const rule = checkImport(root, file, specifier);
        if (rule) violations.push({ file, specifier, rule });
      }
    }
  }
  return violations;
}
