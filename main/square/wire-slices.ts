// The JSON text of each element of one top-level array of an answer (SearchOrders' `orders`, a list's `payments`),
// cut from the answer as Square sent it. The SDK parses the answer into its own objects; the wire JSON we store
// beside them is then these slices, where parsing the whole answer again (3 MB for 1,000 orders) and writing each
// order back out cost the main thread about as much as the SDK's own parse, half of it in garbage.
//
// It scans UTF-8 bytes: every character that shapes JSON (quotes, brackets, braces, commas, backslashes) is ASCII,
// and no byte of a multi-byte UTF-8 sequence is below 0x80. Bytes matter for big answers: each order is then decoded
// on its own, never the whole page as one string (a string of more than 128 KB is allocated outside V8's young
// generation: ~12 µs an order to make, measured, against ~0.3 µs for each order's own text).
//
// A scanner, not a parser: it only finds where values begin and end (strings, nesting), and assumes valid JSON (the
// SDK parses the same answer, or the caller parses each element). Anything unexpected gives null.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const decoder = new TextDecoder();

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the string starting at `i` (its opening quote), or -1. */
function endOfString(text: Uint8Array, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf(QUOTE, j);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > i && text[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value starting at `i` (no leading space), or -1. */
function endOfValue(text: Uint8Array, i: number): number {
  const c = text[i];
  if (c === QUOTE) return endOfString(text, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text[j];
      if (d === QUOTE) {
        j = endOfString(text, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  // number, true, false, null
  let j = i;
  while (j < text.length) {
    const d = text[j]!;
    if (d === COMMA || d === RBRACE || d === RBRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

function skipSpace(text: Uint8Array, i: number): number {
  while (i < text.length && isSpace(text[i]!)) i++;
  return i;
}

/** Where one top-level array is: its brackets [start, end) and each element's [start, end). */
export interface ArrayRanges {
  start: number;
  end: number;
  elements: [number, number][];
}

/**
 * Where the array under the top-level key `field` of an answer's UTF-8 bytes and its elements are, so each element
 * can be decoded on its own; null when there is none or on surprise.
 */
export function arrayElementByteRanges(text: Uint8Array, field: string): ArrayRanges | null {
  let i = skipSpace(text, 0);
  if (text[i] !== LBRACE) return null;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== RBRACE) {
    if (text[i] !== QUOTE) return null;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return null;
    const key = decoder.decode(text.subarray(i + 1, keyEnd - 1));
    i = skipSpace(text, keyEnd);
    if (text[i] !== COLON) return null;
    i = skipSpace(text, i + 1);
    if (key === field) {
      if (text[i] !== LBRACKET) return null;
      const start = i;
      const elements: [number, number][] = [];
      i = skipSpace(text, i + 1);
      if (text[i] === RBRACKET) return { start, end: i + 1, elements };
      for (;;) {
        const end = endOfValue(text, i);
        if (end < 0) return null;
        elements.push([i, end]);
        i = skipSpace(text, end);
        const c = text[i];
        if (c === RBRACKET) return { start, end: i + 1, elements };
        if (c !== COMMA) return null;
        i = skipSpace(text, i + 1);
      }
    }
    const end = endOfValue(text, i);
    if (end < 0) return null;
    i = skipSpace(text, end);
    if (text[i] === COMMA) i = skipSpace(text, i + 1);
  }
  return null;
}

/** The text of each element of the array under the top-level key `field`; null when there is none or on surprise. */
export function arrayElementTexts(text: string, field: string): string[] | null {
  const bytes = Buffer.from(text, 'utf8');
  const r = arrayElementByteRanges(bytes, field);
  return r && r.elements.map(([from, to]) => bytes.toString('utf8', from, to));
}
