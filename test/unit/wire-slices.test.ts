import { describe, expect, it } from 'vitest';
import { arrayElementByteRanges, arrayElementTexts } from '../../main/square/wire-slices';

// The backfill stores each order's JSON cut from the SearchOrders answer as Square sent it (main/square/wire-slices.ts)
// instead of parsing the whole answer again: every cut must parse to exactly the element JSON.parse gives.

const elementsOf = (text: string, field: string) => (JSON.parse(text) as Record<string, unknown>)[field];

/** The same cut made on the answer's UTF-8 bytes; also checks the answer with the array emptied still parses. */
function byteCut(text: string, field: string): unknown[] | null {
  const bytes = Buffer.from(text, 'utf8');
  const r = arrayElementByteRanges(bytes, field);
  if (!r) return null;
  const rest = JSON.parse(`${bytes.toString('utf8', 0, r.start)}[]${bytes.toString('utf8', r.end)}`) as Record<string, unknown>;
  expect(rest).toEqual({ ...(JSON.parse(text) as Record<string, unknown>), [field]: [] });
  return r.elements.map(([from, to]) => JSON.parse(bytes.toString('utf8', from, to)) as unknown);
}

describe('arrayElementTexts', () => {
  it('cuts each element of the named top-level array, whatever strings, nesting and spaces hold', () => {
    const cases = [
      '{"orders":[{"id":"a","x":"q\\"}]"},{"id":"b","n":[1,2,{"y":"]"}]}],"cursor":"c"}',
      '{ "cursor" : "x", "orders" : [ ] }',
      '{"cursor":"x","errors":[{"a":1}], "orders" : [ {"id":"z"} , 2 , "s\\\\" , true, null, -1.5e3 ] }',
      '{\n  "orders": [\n    {"id": "é\\u00e9", "k": {"orders": [1]}}\n  ]\n}',
    ];
    for (const text of cases) {
      const cut = arrayElementTexts(text, 'orders');
      expect(cut?.map((t) => JSON.parse(t) as unknown)).toEqual(elementsOf(text, 'orders'));
      expect(byteCut(text, 'orders')).toEqual(elementsOf(text, 'orders'));
    }
  });

  it('agrees with JSON.parse on generated answers', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const chars = ['a', '"', '\\', ']', '}', '[', '{', ',', ':', ' ', 'é', '\n', '₦', '😀'];
    const str = () => Array.from({ length: Math.floor(rnd() * 8) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    const value = (depth: number): unknown => {
      const k = Math.floor(rnd() * (depth > 3 ? 4 : 6));
      if (k === 0) return str();
      if (k === 1) return Math.floor(rnd() * 1e6) - 5e5;
      if (k === 2) return rnd() < 0.5;
      if (k === 3) return null;
      if (k === 4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [str(), value(depth + 1)]));
    };
    for (let n = 0; n < 200; n++) {
      const answer = { cursor: str(), orders: Array.from({ length: Math.floor(rnd() * 5) }, () => value(0)), other: value(0) };
      const text = JSON.stringify(answer, null, n % 3 === 0 ? 2 : undefined);
      expect(arrayElementTexts(text, 'orders')?.map((t) => JSON.parse(t) as unknown)).toEqual(answer.orders);
      expect(byteCut(text, 'orders')).toEqual(answer.orders);
    }
  });

  it('gives null when the answer has no such array', () => {
    expect(arrayElementTexts('{"cursor":"x"}', 'orders')).toBeNull();
    expect(arrayElementTexts('{"orders":{"id":"a"}}', 'orders')).toBeNull();
    expect(arrayElementTexts('[1,2]', 'orders')).toBeNull();
    for (const text of ['{"cursor":"x"}', '{"orders":{"id":"a"}}', '[1,2]', '{"orders":[{"id":"a"}', '']) {
      expect(arrayElementByteRanges(Buffer.from(text), 'orders')).toBeNull();
    }
  });
});
