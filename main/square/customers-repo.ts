import type { Square } from 'square';
import type { Db } from '../platform/db/open';
import { customerWireSchema, parseCustomerWire } from './customer-wire';
import { toWire } from './wire';
import { stringifyBigintJson } from '../platform/bigint-json';

// Square customers as received (table square_customers), the cache the buyer of an invoice is filled from. Webhooks,
// catch-up sync and on-demand fetches all write here and arrive in any order, so the newest version wins: the later
// updated_at (compared as instants: Square writes fractions of a second with varying precision), then the higher
// version. Read back through the zod boundary (customer-wire.ts): a stored row is input too.

interface StoredVersion { updated_at: string; version: number | null }

/** -1, 0, 1: is (a) older than, the same as, or newer than (b)? */
function compareVersions(a: { updatedAt: string; version: number }, b: { updatedAt: string; version: number }): number {
  const ta = Date.parse(a.updatedAt);
  const tb = Date.parse(b.updatedAt);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb ? -1 : 1;
  if (Number.isNaN(ta) !== Number.isNaN(tb)) return Number.isNaN(ta) ? -1 : 1; // a dated version beats an undated one
  return Math.sign(a.version - b.version);
}

export class CustomersRepo {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      version: db.prepare(`SELECT updated_at, json_extract(raw_json, '$.version') AS version FROM square_customers WHERE id = ?`),
      raw: db.prepare('SELECT raw_json FROM square_customers WHERE id = ?').pluck(),
      upsert: db.prepare(`INSERT INTO square_customers (id, updated_at, raw_json, fetched_at) VALUES (@id, @updatedAt, @raw, @now)
        ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, raw_json = excluded.raw_json, fetched_at = excluded.fetched_at`),
    };
  }

  /** Stores the customer unless a newer version is stored; returns the newest stored customer. */
  upsert(customer: Square.Customer, now: number): Square.Customer {
    if (!customer.id) throw new Error('Square customer without id');
    const incoming = { updatedAt: customer.updatedAt ?? customer.createdAt ?? '', version: Number(customer.version ?? 0) };
    const stored = this.s.version.get(customer.id) as StoredVersion | undefined;
    if (stored) {
      const order = compareVersions(incoming, { updatedAt: stored.updated_at, version: Number(stored.version ?? 0) });
      if (order < 0) return this.get(customer.id)!;
      if (order === 0) return customer;
    }
    const wire = toWire.customer(customer);
    customerWireSchema.parse(wire); // what we store is read back through the same schema: refuse it now, not then
    this.s.upsert.run({ id: customer.id, updatedAt: incoming.updatedAt, raw: stringifyBigintJson(wire), now });
    return customer;
  }

  get(id: string): Square.Customer | null {
    const raw = this.s.raw.get(id) as string | undefined;
    return raw ? parseCustomerWire(JSON.parse(raw)) : null;
  }
}
