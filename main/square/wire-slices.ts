// The JSON text of each element of one top-level array of an answer (SearchOrders' `orders`, a list's `payments`),
// cut from the answer's text as Square sent it. The SDK parses the answer into its own objects; the wire JSON we
// store beside them is then these slices, where parsing the whole answer again (3 MB for 1,000 orders) and writing
// each order back out cost the main thread about as much as the SDK's own parse, half of it in garbage.
//
// A scanner, not a parser: it only finds where values begin and end (strings, nesting), and assumes the text is valid
// JSON — the SDK has just parsed it. Anything unexpected gives null and the caller parses instead.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the string starting at `i` (its opening quote), or -1. */
function endOfString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > i && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the value starting at `i` (no leading space), or -1. */
function endOfValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return endOfString(text, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
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
    const d = text.charCodeAt(j);
    if (d === COMMA || d === RBRACE || d === RBRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The text of each element of the array under the top-level key `field`; null when there is none or on surprise. */
export function arrayElementTexts(text: string, field: string): string[] | null {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== LBRACE) return null;
  i = skipSpace(text, i + 1);
  while (i < text.length && text.charCodeAt(i) !== RBRACE) {
    if (text.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return null;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return null;
    i = skipSpace(text, i + 1);
    if (key === field) {
      if (text.charCodeAt(i) !== LBRACKET) return null;
      const out: string[] = [];
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === RBRACKET) return out;
      for (;;) {
        const end = endOfValue(text, i);
        if (end < 0) return null;
        out.push(text.slice(i, end));
        i = skipSpace(text, end);
        const c = text.charCodeAt(i);
        if (c === RBRACKET) return out;
        if (c !== COMMA) return null;
        i = skipSpace(text, i + 1);
      }
    }
    const end = endOfValue(text, i);
    if (end < 0) return null;
    i = skipSpace(text, end);
    if (text.charCodeAt(i) === COMMA) i = skipSpace(text, i + 1);
  }
  return null;
}
