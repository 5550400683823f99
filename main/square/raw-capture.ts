import type { Square } from 'square';
import { isExactForJsonParse, rememberAnswerWire, rememberOneWire, rememberWireText } from './wire';
import { readWire } from './wire-reader';
import { arrayElementByteRanges } from './wire-slices';
import { squareTransport, type SquareAnswer } from './square-transport';

// Square answers in JSON; the SDK parses it into typed objects and we store Square's JSON beside our rows. Turning the
// typed objects back into JSON through the SDK's serialisers cost more than everything else we do with an order, so
// calls that store what they fetch capture the answer's text instead. The SDK takes a `fetch`; ours hands each answer's
// body to the call that asked for it, and is a plain pass-through for every other call.
//
// How an answer finds its call: the call passes a request header naming its sink, which our `fetch` takes off before
// the request leaves (Square never sees it). Not an AsyncLocalStorage: in Node 20 one enables async hooks on every
// promise of the thread for good, and the event path is made of promises (HTTP client, receiver, writer thread).

interface Sink {
  bodies: string[];
  /**
   * Set for answers listing orders: null until we have read them (wire-reader.ts, each knowing its wire text), and
   * then the SDK reads only the rest of the answer.
   */
  orders?: Square.Order[] | null;
}

/** The request header naming a call's sink; removed by capturingFetch, so it is never sent. */
export const CAPTURE_HEADER = 'x-taxpoynt-capture';

/** What a capturing call passes to the SDK method as its request options. */
export interface CaptureOptions {
  headers: Record<string, string>;
}

const sinks = new Map<string, Sink>();
let lastSink = 0;

/**
 * Runs `call` with a fresh sink named in its request options and returns once the answer is read. The sink is
 * forgotten and emptied when the call ends, so an answer's text and parsed orders are not kept alive by anything that
 * outlives the call (heap snapshots mid-step, when timers held them: 13,000 → 3,500 live bigints).
 */
async function withSink<T>(orders: boolean, call: (options: CaptureOptions) => Promise<T>, read: (value: T, sink: Sink) => void): Promise<T> {
  const sink: Sink = orders ? { bodies: [], orders: null } : { bodies: [] };
  const name = String(++lastSink);
  sinks.set(name, sink);
  try {
    const value = await call({ headers: { [CAPTURE_HEADER]: name } });
    // An SDK call that answered without our fetch seeing its answer was not given `options`: a bug here, not Square.
    if (!sink.bodies.length) throw new Error('raw-capture: the SDK call did not pass its capture options on');
    read(value, sink);
    return value;
  } finally {
    sinks.delete(name);
    sink.bodies = [];
    delete sink.orders;
  }
}

/** The sink a request names, and its headers without the name (what is sent). */
function sinkOf(init: RequestInit | undefined): { sink: Sink | undefined; init: RequestInit | undefined } {
  if (!init?.headers) return { sink: undefined, init };
  const headers = new Headers(init.headers);
  const name = headers.get(CAPTURE_HEADER);
  if (name === null) return { sink: undefined, init };
  headers.delete(CAPTURE_HEADER);
  return { sink: sinks.get(name), init: { ...init, headers } };
}

/** The `fetch` given to every SquareClient (over square-transport.ts, not the global fetch: that file says why). */
export const capturingFetch: typeof fetch = async (input, requestInit) => {
  const { sink, init } = sinkOf(requestInit);
  const res = await squareTransport(input, init);
  if (sink && res.ok) {
    if (sink.orders !== undefined) return answerWithText(res, ordersAnswer(res.buffer(), sink));
    const text = await res.text();
    sink.bodies.push(text);
    return answerWithText(res, text); // decoded once, for us and the SDK
  }
  // What the SDK reads of a Response, SquareAnswer has; the SDK's `fetch` option is typed as the global one.
  return res as unknown as Response;
};

/** The answer as the SDK will read it: `text` in place of the bytes (already decoded; for orders, the rest of it). */
function answerWithText(res: SquareAnswer, text: string): Response {
  return Object.assign(Object.create(res) as SquareAnswer, { text: () => Promise.resolve(text) }) as unknown as Response;
}

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
 * (see rememberAnswerWire), so storing them later needs no trip back through the SDK. `call` passes `options` to the
 * SDK method as its request options (that is how its answer finds it).
 */
export function keepingWire<T>(field: string, itemsOf: (value: T) => readonly { id?: string }[], call: (options: CaptureOptions) => Promise<T>): Promise<T> {
  return withSink(false, call, (value, sink) => rememberAnswerWire(itemsOf(value), sink.bodies.at(-1), field));
}

/**
 * keepingWire for an answer listing `orders` (BatchRetrieveOrders, SearchOrders): the SDK makes the call (sign-in,
 * Square-Version, errors, retries) and reads the rest of the answer; the orders are read from the table
 * (ordersAnswer) and put back where the SDK would have put them.
 */
export function keepingOrdersWire<T extends { orders?: Square.Order[] }>(call: (options: CaptureOptions) => Promise<T>): Promise<T> {
  return withSink(true, call, (value, sink) => {
    if (sink.orders) value.orders = sink.orders; // each already knows its wire text
    else rememberAnswerWire(value.orders ?? [], sink.bodies.at(-1), 'orders');
  });
}

/** keepingWire for an answer that holds one object under `field` (e.g. RetrieveCustomer's `customer`). */
export function keepingWireOf<T>(field: string, itemOf: (value: T) => { id?: string } | undefined, call: (options: CaptureOptions) => Promise<T>): Promise<T> {
  return withSink(false, call, (value, sink) => {
    const item = itemOf(value);
    if (item) rememberOneWire(item, sink.bodies.at(-1), field);
  });
}
