import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TaskCancelledError } from 'cockatiel';
import { afterEach, describe, expect, it } from 'vitest';
import { createSquarePolicy } from '../../main/pipeline/square-policy';
import { eventFailureWords } from '../../shared/transactions';

// The per-call timeout of every Square call: a call that hangs is aborted (its request really cancelled), one that
// answers is left alone.

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

describe('Square call policy', () => {
  it('aborts a call that does not answer in time, cancelling its request, and counts it as a failure', async () => {
    let requests = 0;
    let closed = 0;
    server = http.createServer((req) => {
      requests += 1;
      req.socket.on('close', () => (closed += 1)); // never answered: only our abort ends it
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/orders/batch-retrieve`;
    const policy = createSquarePolicy({ timeoutMs: 150, maxRetries: 0, breakAfter: 100 });
    const started = Date.now();
    await expect(policy.execute((signal) => fetch(url, { method: 'POST', body: '{}', signal }))).rejects.toBeInstanceOf(TaskCancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => closed).toBe(1);
    expect(requests).toBe(1);
  });

  it('gives up on a call that ignores its signal once the time is up, and still counts it as a failure', async () => {
    const policy = createSquarePolicy({ timeoutMs: 100, maxRetries: 0, breakAfter: 1 });
    let release: (v: number) => void = () => undefined;
    const started = Date.now();
    const failed = await policy.execute(() => new Promise<number>((r) => (release = r))).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(TaskCancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
    // What the event keeps as its error, and what the Transactions screen makes of it.
    expect(eventFailureWords((failed as Error).message, 'pending')).toMatch(/could not reach Square/);
    release(1); // answering late changes nothing
    expect(policy.breakerState()).toBe('open'); // breakAfter 1: the timeout was counted against Square
  });

  it('passes on what a call threw, untouched', async () => {
    const policy = createSquarePolicy({ timeoutMs: 1_000, maxRetries: 0 });
    const refused = Object.assign(new Error('refused'), { statusCode: 400 });
    await expect(policy.execute(() => Promise.reject(refused))).rejects.toBe(refused);
  });

  it('leaves the signal of a call that answered alone, and gives its value', async () => {
    const policy = createSquarePolicy({ timeoutMs: 1_000 });
    let seen: AbortSignal | null = null;
    await expect(policy.execute(async (signal) => ((seen = signal), 42))).resolves.toBe(42);
    expect(seen!.aborted).toBe(false);
  });
});
