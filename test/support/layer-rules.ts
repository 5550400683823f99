import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The layer rules of docs/architecture.md as code: which runtime folder may import what, and inside main/ which floor
// may import which. Used by test/unit/layers.test.ts; ESLint's no-restricted-imports (eslint.config.js) says the same
// for editors, from the same floor table (main/floors.json).

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
      return specifier.startsWith('.') ? checkFloor(root, file, specifier) : null;
    default:
      return specifier.startsWith('.') && from === 'main/electron' ? checkFloor(root, file, specifier) : null;
  }
}

// ---- floors inside main/ ----

const FLOORS: string[][] = (JSON.parse(readFileSync(new URL('../../main/floors.json', import.meta.url), 'utf8')) as { floors: string[][] }).floors;

/** The floor entry (e.g. 'inbox', 'app.ts+config.ts') a path inside main/ belongs to, and its floor; null outside main/. */
export function floorOf(relPath: string): { entry: string; floor: number } | null {
  const p = relPath.split(sep).join('/');
  if (!p.startsWith('main/')) return null;
  const first = p.slice('main/'.length).split('/')[0]!;
  for (const [floor, entries] of FLOORS.entries()) {
    // An import names a root file without its extension ('../config'); a file path has it ('main/config.ts').
    for (const entry of entries) if (entry.split('+').some((n) => n === first || n === `${first}.ts`)) return { entry, floor };
  }
  return { entry: first, floor: -1 };
}

function checkFloor(root: string, file: string, specifier: string): string | null {
  const from = floorOf(file);
  const to = floorOf(relative(root, resolve(root, dirname(file), specifier)));
  if (!from || !to) return null;
  if (from.floor < 0) return `main/${from.entry} has no floor: add it to main/floors.json`;
  if (to.floor < 0) return `main/${to.entry} has no floor: add it to main/floors.json`;
  if (from.entry === to.entry) return null;
  if (to.floor > from.floor) return `floor ${from.floor} (${from.entry}) may not import floor ${to.floor} (${to.entry}): no import runs back up`;
  if (to.floor === from.floor) return `${from.entry} and ${to.entry} share floor ${from.floor} and stay independent of each other`;
  return null;
}

const TS_EXTENSIONS = ['.ts', '.tsx', '/index.ts'];

/** Import cycles between files under `dir` (relative imports only), each as the list of files around it. */
export function findImportCycles(root: string, dir: string): string[][] {
  const files = sourceFiles(join(root, dir)).map((f) => relative(root, f));
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets: string[] = [];
    for (const specifier of importsOf(readFileSync(join(root, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const base = relative(root, resolve(root, dirname(file), specifier));
      const target = [base, ...TS_EXTENSIONS.map((ext) => base + ext)].find((c) => known.has(c));
      if (target) targets.push(target);
    }
    edges.set(file, targets);
  }
  // Depth-first search; a grey node met again closes a cycle.
  const cycles: string[][] = [];
  const colour = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    colour.set(f, 'grey');
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (colour.get(t) === 'grey') cycles.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!colour.has(t)) visit(t);
    }
    stack.pop();
    colour.set(f, 'black');
  };
  for (const f of files) if (!colour.has(f)) visit(f);
  return cycles;
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
