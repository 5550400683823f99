import { describe, expect, it } from 'vitest';
import { CAPTURE_HEADER, keepingOrdersWire, keepingWire, type CaptureOptions } from '../../main/square/raw-capture';
import { toWireJson } from '../../main/square/wire';
import { withFakeShop } from '../support/fake-shop-client';

// How an answer finds the call that asked for it (main/square/raw-capture.ts): a request header naming the call's
// sink, taken off by our fetch before the request leaves. These run the real SDK against the fake Square over HTTP.

describe('capturing Square answers for the call that asked', () => {
  const TOKEN = 'EAAAraw-capture-token-1';
  const started = withFakeShop(TOKEN);
  // Read at each use: the hooks give every test its own fake.
  const fake = () => started.current.fake;
  const app = () => started.current.capturing();
  const sale = (name: string) => fake().addSale({ locationId: started.current.location.id, lines: [{ name, unitPrice: 250, quantity: 1 }] });

  it('takes its header off before the request leaves: Square gets the SDK headers only', async () => {
    const id = sale('Latte').order.id;
    const res = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: [id] }, o));
    expect(res.orders?.map((o) => o.id)).toEqual([id]);
    const [call] = fake().callsTo('/v2/orders/batch-retrieve');
    expect(call).toBeDefined();
    expect(Object.keys(call!.headers)).not.toContain(CAPTURE_HEADER);
    expect(call!.headers['square-version']).toBeTruthy();
    expect(call!.token).toBe(TOKEN);
  });

  it('calls in flight together each get their own answer, with its own orders and their text', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => sale(`Item ${i}`).order.id);
    const client = app();
    const answers = await Promise.all(ids.map((id) => keepingOrdersWire((o) => client.orders.batchGet({ orderIds: [id] }, o))));
    for (const [i, res] of answers.entries()) {
      expect(res.orders?.map((o) => o.id)).toEqual([ids[i]]);
      expect(JSON.parse(toWireJson.order(res.orders![0]!))).toEqual(fake().getOrder(ids[i]!));
    }
  });

  it('keeps each listed payment with the JSON Square sent for it', async () => {
    const made = [sale('Tea'), sale('Cake')].map((s) => s.payment.id);
    const page = await keepingWire('payments', (p) => p.data, (o: CaptureOptions) => app().payments.list({ locationId: started.current.location.id }, o));
    expect(page.data.map((p) => p.id).sort()).toEqual([...made].sort());
    for (const p of page.data) expect(JSON.parse(toWireJson.payment(p))).toEqual(fake().getPayment(p.id!));
  });

  it('a call that does not pass its options on fails loudly rather than storing JSON the SDK wrote back out', async () => {
    const id = sale('Scone').order.id;
    await expect(keepingOrdersWire(() => app().orders.batchGet({ orderIds: [id] }))).rejects.toThrow(/did not pass its capture options/);
  });

  it('a call outside any capture goes through untouched, and a later one still captures', async () => {
    const id = sale('Bagel').order.id;
    const plain = await app().orders.batchGet({ orderIds: [id] });
    expect(plain.orders?.map((o) => o.id)).toEqual([id]);
    const captured = await keepingOrdersWire((o) => app().orders.batchGet({ orderIds: [id] }, o));
    expect(captured).toStrictEqual(plain);
  });
});
