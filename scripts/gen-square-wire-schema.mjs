// Writes main/square/wire-schema.generated.ts: the shape of Square's Order, Payment and PaymentRefund (and every type
// they hold) as the installed square SDK defines it — each field's wire key, the SDK's name for it, what it holds
// (string, number, boolean, bigint, another type, a list, a map) and what null means. main/square/wire-reader.ts reads
// Square's JSON with it in one plain pass instead of the SDK's schema objects (docs/architecture.md, "Reading
// Square's answers"). Run after upgrading square: `node scripts/gen-square-wire-schema.mjs`; `--check` fails (exit 1)
// when the committed file no longer matches the installed SDK (the unit tests run it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOTS = ['Order', 'Payment', 'PaymentRefund'];
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'main/square/wire-schema.generated.ts');
const sdkDir = dirname(createRequire(join(repo, 'package.json')).resolve('square'));
const typesDir = join(sdkDir, 'serialization/types');
const sdkVersion = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).version;

// ---- a small tokenizer and parser for the generated schema modules (expressions of calls, members, literals) ----
function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (src[j] !== c) { if (src[j] === '\\') { s += src[j + 1]; j += 2; } else s += src[j++]; }
      tokens.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '=' && src[i + 1] === '>') { tokens.push({ t: '=>' }); i += 2; continue; }
    if (/[A-Za-z_$]/.test(c)) { let j = i; while (/[\w$]/.test(src[j] ?? '')) j++; tokens.push({ t: 'id', v: src.slice(i, j) }); i = j; continue; }
    if (/[0-9-]/.test(c)) { let j = i + 1; while (/[0-9.]/.test(src[j] ?? '')) j++; tokens.push({ t: 'num', v: src.slice(i, j) }); i = j; continue; }
    tokens.push({ t: c });
    i++;
  }
  return tokens;
}

function parseExpression(tokens) {
  let p = 0;
  const peek = () => tokens[p];
  const take = (t) => {
    const tok = tokens[p++];
    if (!tok || (t && tok.t !== t)) throw new Error(`expected ${t}, found ${tok ? tok.t : 'end'}`);
    return tok;
  };
  function primary() {
    const tok = take();
    if (tok.t === 'id') return { k: 'id', v: tok.v };
    if (tok.t === 'str' || tok.t === 'num') return { k: 'lit', v: tok.v };
    if (tok.t === '(') { take(')'); take('=>'); return { k: 'arrow', body: expr() }; }
    if (tok.t === '[') { const items = list(']'); return { k: 'array', items }; }
    if (tok.t === '{') {
      const props = [];
      while (peek().t !== '}') {
        const key = take().v;
        take(':');
        props.push({ key, value: expr() });
        if (peek().t === ',') take(',');
      }
      take('}');
      return { k: 'object', props };
    }
    throw new Error(`unexpected ${tok.t}`);
  }
  function list(close) {
    const items = [];
    while (peek().t !== close) { items.push(expr()); if (peek().t === ',') take(','); }
    take(close);
    return items;
  }
  function expr() {
    let node = primary();
    for (;;) {
      if (peek()?.t === '.') { take('.'); node = { k: 'member', of: node, name: take('id').v }; }
      else if (peek()?.t === '(') { take('('); node = { k: 'call', fn: node, args: list(')') }; }
      else return node;
    }
  }
  const node = expr();
  return node;
}

// ---- from the parsed expressions to kinds ----
// A kind is a string: str | num | bool | big | any | sdk (only the SDK can read it) | @Type | [kind] (list) |
// {kind} (map with string keys), optionally followed by |u (null reads as undefined) or |n (null stays null); without
// either, null is not allowed.
function kindOf(node) {
  // Modifiers wrap the schema they are called on: the outermost one decides what null means.
  if (node.k === 'call' && node.fn.k === 'member' && ['optional', 'optionalNullable', 'nullable'].includes(node.fn.name)) {
    const inner = kindOf(node.fn.of);
    const base = inner.kind.replace(/\|[un]$/, '');
    const nul = node.fn.name === 'optional' ? '|u' : '|n';
    return { kind: base + nul, optional: node.fn.name !== 'nullable' || inner.optional };
  }
  if (node.k === 'call' && node.fn.k === 'member' && node.fn.of.k === 'member' && node.fn.of.name === 'serialization') {
    const fn = node.fn.name;
    const arg = (i) => node.args[i];
    const simple = { string: 'str', number: 'num', boolean: 'bool', bigint: 'big', unknown: 'any', stringLiteral: 'str', enum_: 'str' };
    if (simple[fn]) return { kind: simple[fn], optional: false };
    if (fn === 'list') return { kind: `[${kindOf(arg(0)).kind}]`, optional: false };
    if (fn === 'record') return { kind: `{${kindOf(arg(1)).kind}}`, optional: false };
    if ((fn === 'lazyObject' || fn === 'lazy') && arg(0).k === 'arrow' && arg(0).body.k === 'member') return { kind: `@${arg(0).body.name}`, optional: false };
    return { kind: 'sdk', optional: false };
  }
  // Another type's schema, imported as <Type>_1.<Type>.
  if (node.k === 'member' && node.of.k === 'id' && /_1$/.test(node.of.v)) return { kind: `@${node.name}`, optional: false };
  return { kind: 'sdk', optional: false };
}

function describeType(name) {
  let src;
  try {
    src = readFileSync(join(typesDir, `${name}.js`), 'utf8');
  } catch {
    return { kind: 'sdk' };
  }
  const start = src.lastIndexOf(`exports.${name} = `);
  if (start < 0) return { kind: 'sdk' };
  const node = parseExpression(tokenize(src.slice(start + `exports.${name} = `.length)));
  const isObjectCall = node.k === 'call' && node.fn.k === 'member' && node.fn.name === 'object' && node.args[0]?.k === 'object';
  if (!isObjectCall) return { kind: kindOf(node).kind };
  const fields = {};
  for (const { key, value } of node.args[0].props) {
    const isProperty = value.k === 'call' && value.fn.k === 'member' && value.fn.name === 'property';
    const raw = isProperty ? value.args[0].v : key;
    const k = kindOf(isProperty ? value.args[1] : value);
    fields[raw] = [key, k.kind, k.optional ? 0 : 1];
  }
  return { fields };
}

const types = {};
const queue = [...ROOTS];
while (queue.length) {
  const name = queue.shift();
  if (types[name]) continue;
  types[name] = describeType(name);
  const kinds = types[name].fields ? Object.values(types[name].fields).map((f) => f[1]) : [types[name].kind];
  for (const k of kinds) for (const m of k.matchAll(/@(\w+)/g)) if (!types[m[1]]) queue.push(m[1]);
}

const names = Object.keys(types).sort();
const lines = [
  '// Generated by scripts/gen-square-wire-schema.mjs from the square SDK ' + sdkVersion + "'s serialisation schemas: do not edit.",
  '// Per type: wire key → [SDK name, kind, 1 when required]; a type that is not an object is its kind alone.',
  '// Kinds: str num bool big any sdk @Type [kind] {kind}; |u null reads as undefined, |n null stays null (see wire-reader.ts).',
  `export const SQUARE_SDK_VERSION = '${sdkVersion}';`,
  '',
  'export const WIRE_TYPES: Record<string, Record<string, readonly [string, string, 0 | 1]> | string> = {',
];
for (const name of names) {
  const t = types[name];
  if (!t.fields) { lines.push(`  ${name}: '${t.kind}',`); continue; }
  lines.push(`  ${name}: {`);
  for (const [raw, [key, kind, req]] of Object.entries(t.fields)) lines.push(`    ${JSON.stringify(raw)}: [${JSON.stringify(key)}, '${kind}', ${req}],`);
  lines.push('  },');
}
lines.push('};', '');
const text = lines.join('\n');

if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* missing: reported below */ }
  if (current !== text) {
    console.error(`${out} does not match the installed square SDK ${sdkVersion}: run node scripts/gen-square-wire-schema.mjs`);
    process.exit(1);
  }
  console.log(`wire schema matches square ${sdkVersion} (${names.length} types)`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${names.length} types from square ${sdkVersion}`);
}
