import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../main/platform/db/open';
import { summarize, type Summary } from './stats';

// The floors bench/pipeline.ts compares the pipeline with, measured in the same run on the same machine:
//  (a) SQLite alone: the rows one sale becomes, written the way the pipeline commits them (one IMMEDIATE transaction
//      per event) into a database opened exactly like the app's (same schema and indexes, WAL, synchronous=NORMAL);
//  (b) loopback HTTP alone: a node:http server in this process answering a JSON body the size of the Square order
//      the pipeline fetches per sale, fetched with global fetch (undici, keep-alive) as the Square SDK does.

export interface SqliteBaseline {
  events: number;
  eventsPerSec: number;
  /** Per event (one transaction), ms. */
  latency: Summary;
  rowsPerEvent: { invoices: number; lines: number; taxes: number };
}

export function sqliteBaseline(events: number): SqliteBaseline {
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-sqlite-'));
  const db = openDatabase(dir);
  try {
    const invoice = db.prepare(`INSERT INTO invoices (kind, source_key, number, irn, status, currency, issue_date, issued_at,
        line_extension_minor, tax_exclusive_minor, tax_total_minor, tax_inclusive_minor, payable_minor, merchant_id,
        location_id, source_payment_id, source_order_id, source_version, created_at, updated_at)
      VALUES ('invoice', @sourceKey, @number, @irn, 'draft', 'USD', '2026-11-25', '2026-11-25T10:00:00-05:00',
        1200, 1200, 107, 1307, 1307, 'MBENCH', 'LBENCH', @paymentId, @orderId, '1', @now, @now)`);
    const line = db.prepare(`INSERT INTO invoice_lines (invoice_id, line_no, name, quantity, unit_price_minor, gross_minor,
        tax_minor, line_extension_minor, total_minor, tax_percent, source_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const tax = db.prepare(`INSERT INTO invoice_taxes (invoice_id, seq, name, category, percent, tax_type, taxable_minor, tax_minor)
      VALUES (?, 1, 'Sales tax', 'STANDARD_VAT', '8.875', 'ADDITIVE', 1200, 107)`);
    const write = db.transaction((i: number) => {
      const now = Date.now();
      const id = Number(
        invoice.run({ sourceKey: `order:O${i}`, number: `INV-${i}`, irn: `IRN-${i}`, paymentId: `P${i}`, orderId: `O${i}`, now }).lastInsertRowid,
      );
      line.run(id, 1, 'Latte', '2', 450, 900, 80, 900, 980, '8.875', `L1-${i}`);
      line.run(id, 2, 'Bagel', '1', 300, 300, 27, 300, 327, '8.875', `L2-${i}`);
      tax.run(id);
    });
    // A short untimed warm-up, then every event timed on its own.
    for (let i = 0; i < 200; i++) write.immediate(-1 - i);
    const lat = new Float64Array(events);
    const t0 = performance.now();
    for (let i = 0; i < events; i++) {
      const s = performance.now();
      write.immediate(i);
      lat[i] = performance.now() - s;
    }
    const wall = performance.now() - t0;
    return { events, eventsPerSec: events / (wall / 1000), latency: summarize(lat), rowsPerEvent: { invoices: 1, lines: 2, taxes: 1 } };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface HttpBaseline {
  concurrency: number;
  durationMs: number;
  responseBytes: number;
  requests: number;
  requestsPerSec: number;
  latency: Summary;
  errors: number;
}

/**
 * Closed loop: `concurrency` requests in flight for `durationMs` (after a short warm-up), each a POST with a small
 * JSON body answered with `responseBody`, read and JSON-parsed by the client. Server and client share this process
 * and its thread, as the fake Square and the app do in the pipeline bench.
 */
export async function httpBaseline(responseBody: string, concurrency: number, durationMs: number): Promise<HttpBaseline> {
  const payload = Buffer.from(responseBody);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/orders/batch-retrieve`;
  let errors = 0;
  const one = async (i: number) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: JSON.stringify({ order_ids: [`ORDER_${i}`] }),
    });
    if (res.status !== 200) errors += 1;
    await res.json();
  };
  const run = async (ms: number, record: number[] | null) => {
    const end = performance.now() + ms;
    let seq = 0;
    const loop = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await one(seq++);
        } catch {
          errors += 1;
        }
        record?.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
  };
  try {
    await run(500, null);
    errors = 0;
    const lat: number[] = [];
    const t0 = performance.now();
    await run(durationMs, lat);
    const wall = performance.now() - t0;
    return {
      concurrency,
      durationMs,
      responseBytes: payload.length,
      requests: lat.length,
      requestsPerSec: lat.length / (wall / 1000),
      latency: summarize(lat),
      errors,
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
