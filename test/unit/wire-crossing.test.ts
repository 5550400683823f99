import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { Square } from 'square';
import { describe, expect, it } from 'vitest';
import type { Fetched } from '../../main/pipeline/fetched';
import { packFetched, packOrders, unpackFetched, unpackOrders, withFullObjects, type PackedBatch } from '../../main/pipeline/wire-crossing';
import { fromWire, rememberWireText, toWireJson } from '../../main/square/wire';

// A batch's Square objects cross to the writer thread as their wire JSON text and are read again there. Through a
// real MessagePort (the structured clone the writer thread's messages go through): what arrives must be the objects
// the main thread had, the texts stored must be Square's, and objects shared within a batch must stay shared.

const fixture = JSON.parse(readFileSync(new URL('../fixtures/square/10-additive-tax.json', import.meta.url), 'utf8')) as {
  order: Record<string, unknown>;
  payments: Record<string, unknown>[];
};

function viaPort(batch: PackedBatch): PackedBatch {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(batch);
  const got = receiveMessageOnPort(port2)!.message as PackedBatch;
  port1.close();
  return got;
}

function sale(n: number) {
  const orderText = JSON.stringify({ ...fixture.order, id: `ORD-${n}` });
  const order = fromWire.order(JSON.parse(orderText));
  rememberWireText(order, orderText);
  const payment = fromWire.payment({ ...fixture.payments[0], id: `PAY-${n}`, order_id: `ORD-${n}` });
  return { order, orderText, payment };
}

describe('Square objects crossing to the writer thread', () => {
  it('arrive equal to the main thread’s, with Square’s JSON as their stored text, shared objects still shared', () => {
    const a = sale(1);
    const b = sale(2);
    const refund = fromWire.refund({ id: 'REF-1', payment_id: 'PAY-2', status: 'COMPLETED', amount_money: { amount: 100, currency: 'USD' }, created_at: '2026-01-01T00:00:00Z' });
    const fetched: (Fetched | null)[] = [
      { payment: a.payment, payments: [a.payment], order: a.order, merchantId: 'M1' },
      null,
      { refund, payment: b.payment, payments: [b.payment], order: b.order, returnOrder: null, merchantId: 'M1' },
      { ignored: true, payments: [], merchantId: 'M1' },
    ];
    const packed = packFetched(fetched);
    expect(packed.texts).toHaveLength(5); // two orders, two payments, one refund: each once
    expect(packed.wires).toEqual([]);
    const out = unpackFetched(viaPort(packed));

    expect(out[1]).toBeNull();
    expect(out[3]).toEqual({ ignored: true, payments: [], merchantId: 'M1' });
    expect(out[0]).toEqual(fetched[0]);
    expect(out[2]).toEqual(fetched[2]);
    expect(out[0]!.order!.totalMoney!.amount).toBe(a.order.totalMoney!.amount); // bigint amounts as the SDK gives them
    expect(typeof out[0]!.order!.totalMoney!.amount).toBe('bigint');
    expect(out[0]!.payments[0]).toBe(out[0]!.payment); // one object, as on the main thread
    expect(out[2]!.returnOrder).toBeNull();
    expect(toWireJson.order(out[0]!.order!)).toBe(a.orderText); // stored exactly as Square sent it
    expect(toWireJson.payment(out[2]!.payment!)).toBe(toWireJson.payment(b.payment));
    expect(toWireJson.refund(out[2]!.refund!)).toBe(toWireJson.refund(refund));
  });

  it('an object whose text JSON.parse would not read exactly, and a customer, cross as objects with their JSON', () => {
    const a = sale(3);
    // An order version past 2^53: JSON.parse would round it.
    const bigText = JSON.stringify({ ...fixture.order, id: 'ORD-BIG', version: 1 }).replace('"version":1', '"version":12345678901234567');
    const big: Square.Order = { ...fromWire.order(JSON.parse(bigText)), version: Number('12345678901234567') };
    rememberWireText(big, bigText);
    const customer = fromWire.customer({ id: 'CUST-1', given_name: 'Ada', email_address: 'ada@example.com' });
    const packed = packFetched([{ payment: a.payment, payments: [a.payment], order: big, customer, merchantId: 'M1' }]);
    expect(packed.texts.map(([kind]) => kind)).toEqual(['payment']);
    expect(packed.wires.map(([object]) => object)).toEqual([customer, big]);
    const [out] = unpackFetched(viaPort(packed));
    expect(out!.order).toEqual(big);
    expect(toWireJson.order(out!.order!)).toBe(bigText); // its exact text kept, not re-read
    expect(out!.customer).toEqual(customer);
    expect(JSON.parse(toWireJson.customer(out!.customer!))).toEqual({ id: 'CUST-1', given_name: 'Ada', email_address: 'ada@example.com' });
  });

  it('a sale whose draft was converted in hand crosses as its stored columns and text, parsed only when asked', () => {
    const a = sale(6);
    const b = sale(7);
    const inHand = { draft: null, paymentIds: ['PAY-6'], timezone: 'UTC' };
    const fetched: Fetched[] = [
      { payment: a.payment, payments: [a.payment], order: a.order, merchantId: 'M1', inHand },
      { payment: b.payment, payments: [b.payment], order: b.order, merchantId: 'M1' },
    ];
    const [withDraft, without] = unpackFetched(viaPort(packFetched(fetched)));
    // What storing reads, and Square's text to store, without the rest of the order.
    expect(withDraft!.order).toMatchObject({ id: 'ORD-6', locationId: a.order.locationId, state: a.order.state, version: a.order.version });
    expect(withDraft!.order!.lineItems).toBeUndefined();
    expect(withDraft!.payment).toMatchObject({ id: 'PAY-6', orderId: 'ORD-6', status: a.payment.status, createdAt: a.payment.createdAt });
    expect(toWireJson.order(withDraft!.order!)).toBe(a.orderText);
    expect(withDraft!.payments[0]).toBe(withDraft!.payment);
    // The event without a draft in hand arrives whole, and a stand-in becomes the whole object when asked.
    expect(without).toEqual(fetched[1]);
    const full = withFullObjects(withDraft!);
    expect(full.order).toEqual(a.order);
    expect(full.payment).toEqual(a.payment);
    expect(full.payments[0]).toBe(full.payment);
    expect(toWireJson.order(full.order!)).toBe(a.orderText);
    expect(withFullObjects(without!)).toBe(without);
  });

  it('a backfill page’s orders cross the same way', () => {
    const orders = [sale(4), sale(5)];
    const out = unpackOrders(viaPort(packOrders(orders.map((s) => s.order))));
    expect(out).toEqual(orders.map((s) => s.order));
    expect(out.map((o) => toWireJson.order(o))).toEqual(orders.map((s) => s.orderText));
  });
});
