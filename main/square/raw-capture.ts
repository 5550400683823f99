import { AsyncLocalStorage } from 'node:async_hooks';
import type { Square } from 'square';
import { isExactForJsonParse, rememberAnswerWire, rememberOneWire, rememberWireText } from './wire';
import { readWire } from './wire-reader';
import { arrayElementByteRanges } from './wire-slices';

// Square answers in JSON; the SDK parses it into typed objects and we store Square's JSON beside our rows. Turning the
// typed objects back into JSON through the SDK's serialisers cost more than everything else we do with an order, so
// calls that store what they fetch capture the answer's text instead. The SDK takes a `fetch`; ours hands each answer's
// body to whoever asked for it in the current async context, and is a plain pass-through for everyone else.

interface Sink {
  bodies: string[];
  /**
   * Set for answers listing orders: null until we have read them (wire-reader.ts, each knowing its wire text), and
   * then the SDK reads only the rest of the answer.
   */
  orders?: Square.Order[] | null;
}

const sinks = new AsyncLocalStorage<Sink>();

/**
 * Runs `call` with a fresh sink and returns it emptied once read. Emptied because the sink outlives the call: every
 * timer started inside it (the HTTP client's, the SDK's) keeps the async context's store until it fires, and with
 * it a whole page of answer text and its parsed orders — kept alive past the next young-generation collections, so
 * copied and promoted to the old generation for nothing (heap snapshots mid-step: 13,000 → 3,500 live bigints).
 */
async function withSink<T>(orders: boolean, call: () => Promise<T>, read: (value: T, sink: Sink) => void): Promise<T> {
  const sink: Sink = orders ? { bodies: [], orders: null } : { bodies: [] };
  try {
    const value = await sinks.run(sink, call);
    read(value, sink);
    return value;
  } finally {
    sink.bodies = [];
    delete sink.orders;
  }
}

/** The `fetch` given to every SquareClient. */
export const capturingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const sink = sinks.getStore();
  if (!sink || !res.ok) return res;
  let forSdk: string;
  if (sink.orders === undefined) {
    forSdk = await res.text();
    sink.bodies.push(forSdk);
  } else {
    forSdk = ordersAnswer(Buffer.from(await res.arrayBuffer()), sink);
  }
  const copy = new Response(forSdk, { status: res.status, statusText: res.statusText, headers: res.headers });
  // The SDK reads the answer with text(): hand it the string already decoded, rather than encoding 3 MB of orders to
  // bytes and decoding them again.
  Object.defineProperty(copy, 'text', { value: () => Promise.resolve(forSdk) });
  return copy;
};

/**
 * An answer listing orders, from its bytes: each order is decoded, parsed and read on its own (with its text as Square
 * sent it, what is stored), and the SDK gets the rest of the answer with an empty `orders` — never the whole page as
 * one string (wire-slices.ts: past 128 KB a string costs ~40 times more a byte to make), and never an order read twice
 * (the SDK's own reading cost ~100 µs an order and most of the event path's garbage, the table ~15 µs;
 * docs/architecture.md, "Reading Square's answers"). Anything else — no `orders` list, a number JSON.parse would
 * round (past 2^53), an order only the SDK can read — goes to the SDK whole, as before.
 */
function ordersAnswer(bytes: Buffer, sink: Sink): string {
  sink.orders = null;
  // As fetch's text() reads it: a leading byte order mark is not part of the JSON.
  const json = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const read = ordersOneByOne(json);
  const forSdk = read ? read.rest : new TextDecoder().decode(bytes);
  if (read) sink.orders = read.orders;
  sink.bodies.push(forSdk);
  return forSdk;
}

function ordersOneByOne(bytes: Buffer): { orders: Square.Order[]; rest: string } | null {
  const ranges = arrayElementByteRanges(bytes, 'orders');
  if (!ranges) return null;
  const orders: Square.Order[] = [];
  for (const [from, to] of ranges.elements) {
    const text = bytes.toString('utf8', from, to);
    if (!isExactForJsonParse(text)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return null; // the SDK reports what is wrong with it
    }
    const order = readWire<Square.Order>('Order', raw);
    if (!order) return null;
    rememberWireText(order, text);
    orders.push(order);
  }
  return { orders, rest: `${bytes.toString('utf8', 0, ranges.start)}[]${bytes.toString('utf8', ranges.end)}` };
}

/**
 * Runs one SDK call and has the objects it returns (`itemsOf`) remember their wire JSON from the answer's `field`
 * (see rememberAnswerWire), so storing them later needs no trip back through the SDK.
 */
export function keepingWire<T>(field: string, itemsOf: (value: T) => readonly { id?: string }[], call: () => Promise<T>): Promise<T> {
  return withSink(false, call, (value, sink) => rememberAnswerWire(itemsOf(value), sink.bodies.at(-1), field));
}

/**
 * keepingWire for an answer listing `orders` (BatchRetrieveOrders, SearchOrders): the SDK makes the call (sign-in,
 * Square-Version, errors, retries) and reads the rest of the answer; the orders are read from the table
 * (ordersAnswer) and put back where the SDK would have put them.
 */
export function keepingOrdersWire<T extends { orders?: Square.Order[] }>(call: () => Promise<T>): Promise<T> {
  return withSink(true, call, (value, sink) => {
    if (sink.orders) value.orders = sink.orders; // each already knows its wire text
    else rememberAnswerWire(value.orders ?? [], sink.bodies.at(-1), 'orders');
  });
}

/** keepingWire for an answer that holds one object under `field` (e.g. RetrieveCustomer's `customer`). */
export function keepingWireOf<T>(field: string, itemOf: (value: T) => { id?: string } | undefined, call: () => Promise<T>): Promise<T> {
  return withSink(false, call, (value, sink) => {
    const item = itemOf(value);
    if (item) rememberOneWire(item, sink.bodies.at(-1), field);
  });
}
