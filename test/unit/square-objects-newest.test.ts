import { afterEach, describe, expect, it } from 'vitest';
import type { Square } from 'square';
import { migrate } from '../../main/platform/db/migrate';
import { openDatabase, type Db } from '../../main/platform/db/open';
import { SquareObjectsRepo } from '../../main/square/square-objects-repo';
import { tempDir } from '../support/temp-app';

// Deliveries arrive out of order: whatever order the versions of one object come in, the newest is what is stored
// and what the pipeline works from, and a copy of the stored version changes nothing.

let db: Db | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const order = (version: number, note: string): Square.Order =>
  ({ id: 'ORD1', locationId: 'L1', state: 'COMPLETED', version, updatedAt: `2026-11-0${version}T10:00:00Z`, referenceId: note }) as Square.Order;
const payment = (updatedAt: string, status: string): Square.Payment =>
  ({ id: 'PAY1', orderId: 'ORD1', locationId: 'L1', status, createdAt: '2026-11-01T09:00:00Z', updatedAt }) as Square.Payment;

describe('Square objects: newest wins', () => {
  it('keeps the newest order version whatever the arrival order, and says which one is stored', () => {
    db = openDatabase(tempDir('objects-newest'));
    migrate(db);
    const repo = new SquareObjectsRepo(db);
    const changes = () => (db!.prepare('SELECT total_changes()').pluck().get() as number);

    expect(repo.upsertOrder(order(2, 'second'), 1).referenceId).toBe('second');
    // An older copy arriving late: the stored v2 comes back, nothing is written.
    const before = changes();
    expect(repo.upsertOrder(order(1, 'first'), 2)).toMatchObject({ version: 2, referenceId: 'second' });
    expect(changes()).toBe(before);
    // The same version again: the object in hand, nothing written.
    expect(repo.upsertOrder(order(2, 'second'), 3).referenceId).toBe('second');
    expect(changes()).toBe(before);
    // A newer one replaces it.
    expect(repo.upsertOrder(order(3, 'third'), 4).referenceId).toBe('third');
    expect(repo.order('ORD1')).toMatchObject({ version: 3, referenceId: 'third' });
    expect(repo.orderVersion('ORD1')).toBe(3);
  });

  it('keeps the newest payment by updated_at', () => {
    db = openDatabase(tempDir('objects-newest'));
    migrate(db);
    const repo = new SquareObjectsRepo(db);
    repo.upsertPayment(payment('2026-11-01T09:05:00Z', 'COMPLETED'), 1);
    expect(repo.upsertPayment(payment('2026-11-01T09:01:00Z', 'APPROVED'), 2).status).toBe('COMPLETED');
    expect(repo.payment('PAY1')?.status).toBe('COMPLETED');
    expect(repo.upsertPayment(payment('2026-11-01T09:09:00Z', 'REFUNDED'), 3).status).toBe('REFUNDED');
    expect(repo.payment('PAY1')?.status).toBe('REFUNDED');
    expect(repo.paymentIdsForOrder('ORD1')).toEqual(['PAY1']);
  });
});
