import { AsyncLocalStorage } from 'node:async_hooks';

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
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
};

/** Runs one SDK call and returns its result with the JSON bodies of the successful answers it received. */
export async function withRawBodies<T>(call: () => Promise<T>): Promise<{ value: T; bodies: string[] }> {
  const bodies: string[] = [];
  const value = await sinks.run(bodies, call);
  return { value, bodies };
}
