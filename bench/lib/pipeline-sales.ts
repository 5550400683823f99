import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { FakeSquare } from '../../test/fakes/fake-square/index';
import { signSquare } from '../../test/support/webhook-client';

// Sales for bench/pipeline.ts: real orders + payments in the fake Square (so the pipeline's order fetch finds them),
// and the signed payment.created webhooks Square would send for them.

/** Two lines and one additive tax: the pipeline writes one invoice row, two line rows and one tax row per sale. */
export const SALE_SHAPE = {
  lines: [
    { name: 'Latte', unitPrice: 450, quantity: 2 },
    { name: 'Bagel', unitPrice: 300 },
  ],
  taxes: [{ name: 'Sales tax', percentage: '8.875' }],
};

export interface SaleBatch {
  paymentIds: string[];
  orderIds: string[];
  /** Time to create them in the fake, ms. */
  createMs: number;
}

/** `n` completed sales at one location; `createdAt(i)` spreads them over a date range (backfill), default now. */
export function addSales(fake: FakeSquare, locationId: string, n: number, createdAt?: (i: number) => string): SaleBatch {
  const t0 = performance.now();
  const paymentIds: string[] = new Array(n);
  const orderIds: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { order, payment } = fake.addSale({ locationId, ...SALE_SHAPE, ...(createdAt ? { createdAt: createdAt(i) } : {}) });
    paymentIds[i] = payment.id;
    orderIds[i] = order.id;
  }
  return { paymentIds, orderIds, createMs: performance.now() - t0 };
}

/**
 * Writes webhook bodies (the payment.created events the fake builds for Square), signed for `notificationUrl`,
 * one `<signature>\t<body>` line each (the load generator's StepSpec.bodiesFile format). Returns the body size.
 */
export function writeSignedBodies(file: string, bodies: string[], notificationUrl: string, key: string): { bodyBytes: number } {
  const lines: string[] = new Array(bodies.length);
  let bodyBytes = 0;
  bodies.forEach((body, i) => {
    bodyBytes = Buffer.byteLength(body);
    lines[i] = `${signSquare(notificationUrl, body, key)}\t${body}`;
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { bodyBytes };
}
