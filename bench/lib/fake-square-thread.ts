import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BenchShop, ShopOperations } from './bench-shop';

// The fake Square in a worker thread (see bench-shop.ts for why). The bench runs under tsx; a worker thread does not
// inherit tsx's loader, so the thread starts from a line of plain JavaScript that loads its TypeScript through tsx's
// API.

export async function startThreadShop(): Promise<BenchShop> {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./fake-square-thread-main.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, {
    eval: true,
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const ready = new Promise<unknown>((resolve, reject) => waiting.set(0, { resolve, reject }));
  worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(`fake Square thread: ${m.error}`));
    else w?.resolve(m.value);
  });
  const failAll = (err: Error) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`fake Square thread exited (code ${code})`)));
  const call = <K extends keyof ShopOperations>(op: K, ...args: Parameters<ShopOperations[K]>): Promise<Awaited<ReturnType<ShopOperations[K]>>> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, args });
    });
  };
  const info = (await ready) as ReturnType<ShopOperations['init']>;
  return {
    where: 'thread',
    ...info,
    addSales: (n, spread) => call('addSales', n, spread),
    paymentCreatedBodies: (ids) => call('paymentCreatedBodies', ids),
    getOrder: (id) => call('getOrder', id),
    grantTokens: () => call('grantTokens'),
    location: () => call('location'),
    clearCalls: () => call('clearCalls'),
    handlerTimes: () => call('handlerTimes'),
    setPace: (pace) => call('setPace', pace),
    callCounts: () => call('callCounts'),
    resetCallCounts: () => call('resetCallCounts'),
    close: async () => {
      await call('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}
