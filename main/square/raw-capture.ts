import { AsyncLocalStorage } from 'node:async_hooks';
import { rememberAnswerWire, rememberOneWire } from './wire';

// Square answers in JSON; the SDK parses it into typed objects and we store Square's JSON beside our rows. Turning the
// typed objects back into JSON through the SDK's serialisers cost more than everything else we do with an order, so
// calls that store what they fetch capture the answer's text instead. The SDK takes a `fetch`; ours hands each answer's
// body to whoever asked for it in the current async context, and is a plain pass-through for everyone else.

const sinks = new AsyncLocalStorage<string[]>();

/** The `fetch` given to every SquareClient. */
export const capturingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const sink = sinks.getStore();
  if (!sink || !res.ok) return res;
  const text = await res.text();
  sink.push(text);
  const copy = new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
  // The SDK reads the answer with text(): hand it the string already decoded, rather than encoding 3 MB of orders to
  // bytes and decoding them again.
  Object.defineProperty(copy, 'text', { value: () => Promise.resolve(text) });
  return copy;
};

/**
 * Runs one SDK call and has the objects it returns (`itemsOf`) remember their wire JSON from the answer's `field`
 * (see rememberAnswerWire), so storing them later needs no trip back through the SDK.
 */
export async function keepingWire<T>(field: string, itemsOf: (value: T) => readonly { id?: string }[], call: () => Promise<T>): Promise<T> {
  const bodies: string[] = [];
  const value = await sinks.run(bodies, call);
  rememberAnswerWire(itemsOf(value), bodies.at(-1), field);
  return value;
}

/** keepingWire for an answer that holds one object under `field` (e.g. RetrieveCustomer's `customer`). */
export async function keepingWireOf<T>(field: string, itemOf: (value: T) => { id?: string } | undefined, call: () => Promise<T>): Promise<T> {
  const bodies: string[] = [];
  const value = await sinks.run(bodies, call);
  const item = itemOf(value);
  if (item) rememberOneWire(item, bodies.at(-1), field);
  return value;
}
