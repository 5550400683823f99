import { AsyncLocalStorage } from 'node:async_hooks';
import type { Square } from 'square';
import { isExactForJsonParse, rememberAnswerWire, rememberListedWire, rememberOneWire } from './wire';
import { readWire } from './wire-reader';

// Square answers in JSON; the SDK parses it into typed objects and we store Square's JSON beside our rows. Turning the
// typed objects back into JSON through the SDK's serialisers cost more than everything else we do with an order, so
// calls that store what they fetch capture the answer's text instead. The SDK takes a `fetch`; ours hands each answer's
// body to whoever asked for it in the current async context, and is a plain pass-through for everyone else.

interface Sink {
  bodies: string[];
  /** Set for answers listing orders: we read them (wire-reader.ts) and the SDK reads the rest of the answer. */
  orders?: Square.Order[] | null;
  /** The answer's orders as parsed, when we read them: what they are paired with for storing. */
  listed?: readonly unknown[];
}

const sinks = new AsyncLocalStorage<Sink>();

/**
 * Runs `call` with a fresh sink and returns it emptied once read. Emptied because the sink outlives the call: every
 * timer started inside it (the HTTP client's, the SDK's) keeps the async context's store until it fires, and with
 * it a whole page of answer text and its parsed orders — kept alive past the next young-generation collections, so
 * copied and promoted to the old generation for nothing (measured: most of the webhook path's surviving bytes).
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
    delete sink.listed;
  }
}

/** The `fetch` given to every SquareClient. */
export const capturingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const sink = sinks.getStore();
  if (!sink || !res.ok) return res;
  const text = await res.text();
  sink.bodies.push(text);
  const forSdk = sink.orders === undefined ? text : withoutOrders(text, sink);
  const copy = new Response(forSdk, { status: res.status, statusText: res.statusText, headers: res.headers });
  // The SDK reads the answer with text(): hand it the string already decoded, rather than encoding 3 MB of orders to
  // bytes and decoding them again.
  Object.defineProperty(copy, 'text', { value: () => Promise.resolve(forSdk) });
  return copy;
};

/**
 * The answer without its `orders`, which are read here into sink.orders: the SDK's own reading of an order (its
 * JSON parser, then its schemas) cost ~100 µs and most of the event path's garbage, the table ~15 µs
 * (docs/architecture.md, "Reading Square's answers"). The whole answer goes to the SDK as before when an integer
 * past 2^53 could be in it (JSON.parse would round it; the SDK's parser does not) or an order is one only the SDK can
 * read.
 */
function withoutOrders(text: string, sink: Sink): string {
  sink.orders = null;
  if (!isExactForJsonParse(text)) return text;
  let answer: Record<string, unknown> | null;
  try {
    answer = JSON.parse(text) as Record<string, unknown> | null;
  } catch {
    return text; // the SDK reports what is wrong with it
  }
  const listed = answer?.orders;
  if (!Array.isArray(listed)) return text;
  const orders: Square.Order[] = [];
  for (const raw of listed) {
    const order = readWire<Square.Order>('Order', raw);
    if (!order) return text;
    orders.push(order);
  }
  sink.orders = orders;
  sink.listed = listed;
  delete answer!.orders;
  return JSON.stringify(answer);
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
 * (withoutOrders) and put back where the SDK would have put them.
 */
export function keepingOrdersWire<T extends { orders?: Square.Order[] }>(call: () => Promise<T>): Promise<T> {
  return withSink(true, call, (value, sink) => {
    const body = sink.bodies.at(-1);
    if (sink.orders && sink.listed && body !== undefined) {
      // Already checked exact and parsed in withoutOrders: neither is done again.
      value.orders = sink.orders;
      rememberListedWire(sink.orders, body, 'orders', sink.listed);
    } else rememberAnswerWire(value.orders ?? [], body, 'orders');
  });
}

/** keepingWire for an answer that holds one object under `field` (e.g. RetrieveCustomer's `customer`). */
export function keepingWireOf<T>(field: string, itemOf: (value: T) => { id?: string } | undefined, call: () => Promise<T>): Promise<T> {
  return withSink(false, call, (value, sink) => {
    const item = itemOf(value);
    if (item) rememberOneWire(item, sink.bodies.at(-1), field);
  });
}
