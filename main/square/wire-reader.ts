import { WIRE_TYPES } from './wire-schema.generated';

// Square's JSON (snake_case, amounts as numbers) → the SDK's typed objects (camelCase, amounts as bigint), in one plain
// pass over a table generated from the SDK's own schemas (wire-schema.generated.ts). The SDK's schema objects do the
// same walk with a closure, a breadcrumb array and an options object per field: per order that was ~60 µs and most of
// the garbage the event path made (docs/architecture.md, "Reading Square's answers"). The result is the one the SDK's
// parse gives (test/unit/wire-reader.test.ts compares them); anything the table cannot answer for exactly — a value
// of the wrong type, a missing required field, a union — reads as undefined, and the caller asks the SDK instead, so
// the SDK's answer (or its error) stays the rule.

export type WireRoot = 'Order' | 'Payment' | 'PaymentRefund';

const FAIL = Symbol('only the SDK can read this');
type Reader = (raw: unknown) => unknown;

const readers = new Map<string, Reader>();

function typeReader(name: string): Reader {
  let reader = readers.get(name);
  if (!reader) {
    // Types refer to each other (and may to themselves): resolve on first use.
    let compiled: Reader | undefined;
    reader = (raw) => (compiled ??= compileType(name))(raw);
    readers.set(name, reader);
  }
  return reader;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function compileType(name: string): Reader {
  const t = WIRE_TYPES[name];
  if (t === undefined) return () => FAIL;
  if (typeof t === 'string') return compileKind(t);
  const fields = new Map<string, { key: string; read: Reader; required: boolean }>();
  let requiredCount = 0;
  for (const [raw, [key, kind, required]] of Object.entries(t)) {
    fields.set(raw, { key, read: compileKind(kind), required: required === 1 });
    if (required === 1) requiredCount += 1;
  }
  return (raw) => {
    if (!isPlainObject(raw)) return FAIL;
    const out: Record<string, unknown> = {};
    let required = 0;
    for (const key in raw) {
      // A key that would set the prototype is left to the SDK.
      if (key === '__proto__') return FAIL;
      const value = raw[key];
      const field = fields.get(key);
      if (field === undefined) {
        // Unknown to this SDK (a newer Square field): kept as sent, as the SDK does.
        out[key] = value;
        continue;
      }
      if (field.required) required += 1;
      const read = field.read(value);
      if (read === FAIL) return FAIL;
      out[field.key] = read;
    }
    return required === requiredCount ? out : FAIL;
  };
}

function compileKind(kind: string): Reader {
  const nul = kind.endsWith('|u') ? 'undefined' : kind.endsWith('|n') ? 'null' : 'refused';
  const base = nul === 'refused' ? compileBase(kind) : compileBase(kind.slice(0, -2));
  if (nul === 'refused') return (v) => (v === null ? FAIL : base(v));
  const onNull = nul === 'undefined' ? undefined : null;
  return (v) => (v === null ? onNull : base(v));
}

function compileBase(kind: string): Reader {
  switch (kind) {
    case 'str':
      return (v) => (typeof v === 'string' ? v : FAIL);
    case 'num':
      return (v) => (typeof v === 'number' ? v : FAIL);
    case 'bool':
      return (v) => (typeof v === 'boolean' ? v : FAIL);
    case 'big':
      // Only integers JSON.parse kept exact: past 2^53 the caller must have used the SDK's own parser.
      return (v) => (typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : FAIL);
    case 'any':
      return (v) => v;
    case 'sdk':
      return () => FAIL;
  }
  if (kind.startsWith('@')) return typeReader(kind.slice(1));
  if (kind.startsWith('[') && kind.endsWith(']')) {
    const element = compileKind(kind.slice(1, -1));
    return (v) => {
      if (!Array.isArray(v)) return FAIL;
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const read = element(v[i]);
        if (read === FAIL) return FAIL;
        out[i] = read;
      }
      return out;
    };
  }
  if (kind.startsWith('{') && kind.endsWith('}')) {
    const value = compileKind(kind.slice(1, -1));
    return (v) => {
      if (!isPlainObject(v)) return FAIL;
      const out: Record<string, unknown> = {};
      for (const key in v) {
        if (key === '__proto__') return FAIL;
        const read = value(v[key]);
        if (read === FAIL) return FAIL;
        out[key] = read;
      }
      return out;
    };
  }
  throw new Error(`wire schema: unknown kind ${kind}`);
}

/**
 * `raw` (Square's JSON for a `type`, from JSON.parse) as the SDK's object, or undefined when only the SDK can say
 * (then parse it with the SDK: see wire.ts).
 */
export function readWire<T>(type: WireRoot, raw: unknown): T | undefined {
  const read = typeReader(type)(raw);
  return read === FAIL ? undefined : (read as T);
}
