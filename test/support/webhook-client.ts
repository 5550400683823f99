import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';

export function signSquare(notificationUrl: string, body: string | Buffer, key: string): string {
  return createHmac('sha256', key).update(notificationUrl).update(body).digest('base64');
}

export function squareEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  const paymentId = `PAY_${randomUUID().slice(0, 8)}`;
  return {
    merchant_id: 'MERCHANT_1',
    location_id: 'LOC_1',
    type: 'payment.created',
    event_id: randomUUID(),
    created_at: '2026-11-25T10:00:00Z',
    data: { type: 'payment', id: paymentId, object: { payment: { id: paymentId, status: 'COMPLETED' } } },
    ...over,
  };
}

export interface PostResult {
  status: number;
  body: string;
}

/** POSTs raw bytes to the receiver (no client-side re-serialisation), optionally signed. */
export function postWebhook(
  port: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/webhooks/square',
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    // The server may answer 413 and close while a large body is still being written: once an answer has arrived,
    // a broken pipe on the rest of the upload does not matter. Before that, it is a failed delivery.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.end(body);
  });
}
