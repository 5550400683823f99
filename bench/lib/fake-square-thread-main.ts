import { parentPort } from 'node:worker_threads';
import { startShop } from '../../test/support/pipeline-harness';
import { shopOperations, type ShopOperations } from './bench-shop';

// Runs inside the worker thread started by startThreadShop (bench/lib/fake-square-thread.ts): a fake Square shop,
// driven by { id, op, args } messages and answering { id, value } or { id, error }.

const port = parentPort!;
const ops = shopOperations(await startShop());

port.on('message', (m: { id: number; op: keyof ShopOperations; args: unknown[] }) => {
  void (async () => {
    try {
      const fn = ops[m.op] as (...args: unknown[]) => unknown;
      const value = await fn(...m.args);
      port.postMessage({ id: m.id, value });
      if (m.op === 'close') port.close();
    } catch (err) {
      port.postMessage({ id: m.id, error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  })();
});
port.postMessage({ id: 0, value: ops.init() });
