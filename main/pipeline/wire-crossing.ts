import { serialization, type Square } from 'square';
import { isExactForJsonParse, rememberWire, rememberWireText, toWire, toWireJson } from '../square/wire';
import { readWire } from '../square/wire-reader';
import type { Fetched } from './batch-committer';

// How a batch's Square objects cross to the writer thread. An order, payment or refund crosses as its wire JSON text
// alone — what is stored — and the thread parses that text again with the same reader the main thread used
// (the generated table, else the SDK's own parse). A structured clone of the SDK's object graphs cost the main thread
// ~38 µs a sale to send and the thread ~24 µs to receive (a payment and its order); the texts ~15 µs and ~28 µs,
// reading included (docs/benchmarks.md, "Issue 18's targets, 2026-12-02 07:28"): the main thread, which also
// answers Square's webhooks, is the one spared. Customers, and the rare object whose text JSON.parse would not read
// exactly (an integer past 2^53), cross as objects with their wire JSON beside them, as before.

type Kind = 'order' | 'payment' | 'refund';

/** An object replaced by its place in `texts` (a key no Square object has). */
export interface TextRef {
  $wireText: number;
}

/** An SDK object and its wire JSON (customers, inexact texts): the clone of `object` on the thread is the object named. */
export type WirePair = [object, string | object];

type Packed<T> = T | TextRef;

/** Fetched with its orders, payments and refunds possibly replaced by TextRefs. */
export interface PackedFetched extends Omit<Fetched, 'payment' | 'payments' | 'refund' | 'order' | 'returnOrder'> {
  payment?: Packed<Square.Payment>;
  payments: Packed<Square.Payment>[];
  refund?: Packed<Square.PaymentRefund>;
  order?: Packed<Square.Order> | null;
  returnOrder?: Packed<Square.Order> | null;
}

export interface PackedBatch {
  fetched: (PackedFetched | null)[];
  texts: [Kind, string][];
  wires: WirePair[];
}

const isRef = (v: unknown): v is TextRef => typeof v === 'object' && v !== null && typeof (v as TextRef).$wireText === 'number';

/** Packs a batch's fetched events for the writer thread (see the file comment). */
export function packFetched(fetched: readonly (Fetched | null)[]): PackedBatch {
  const texts: [Kind, string][] = [];
  const wires: WirePair[] = [];
  const refs = new Map<object, TextRef>();
  const paired = new Set<object>();
  function pack<T extends object>(kind: Kind, o: T): Packed<T>;
  function pack<T extends object>(kind: Kind, o: T | null | undefined): Packed<T> | null | undefined;
  function pack<T extends object>(kind: Kind, o: T | null | undefined): Packed<T> | null | undefined {
    if (!o) return o;
    const known = refs.get(o);
    if (known) return known;
    const text = (toWireJson[kind] as (x: T) => string)(o);
    if (!isExactForJsonParse(text)) {
      if (!paired.has(o)) wires.push([o, text]);
      paired.add(o);
      return o;
    }
    // One object, one text: shared objects (a sale's payment, also among its payments) stay one object on the thread.
    const ref = { $wireText: texts.push([kind, text]) - 1 };
    refs.set(o, ref);
    return ref;
  }
  const customer = (c: Square.Customer | null | undefined) => {
    if (c && !paired.has(c)) {
      paired.add(c);
      wires.push([c, toWire.customer(c) as object]);
    }
  };
  const packed = fetched.map((f): PackedFetched | null => {
    if (!f) return null;
    customer(f.customer);
    customer(f.customerChange);
    const out: PackedFetched = { ...f, payments: f.payments.map((p) => pack('payment', p)) };
    if (f.payment !== undefined) out.payment = pack('payment', f.payment);
    if (f.refund !== undefined) out.refund = pack('refund', f.refund);
    if (f.order !== undefined) out.order = pack('order', f.order);
    if (f.returnOrder !== undefined) out.returnOrder = pack('order', f.returnOrder);
    return out;
  });
  return { fetched: packed, texts, wires };
}

// Read as the SDK reads Square's answers (its clients' own parse options): a text the main thread held an object for
// always reads here, whichever way that object was made. The generated table first, as on the main thread.
const AS_THE_SDK_READS = {
  unrecognizedObjectKeys: 'passthrough',
  allowUnrecognizedUnionMembers: true,
  allowUnrecognizedEnumValues: true,
  skipValidation: true,
} as const;
const read: Record<Kind, (raw: unknown) => object> = {
  order: (raw) => readWire<Square.Order>('Order', raw) ?? serialization.Order.parseOrThrow(raw, AS_THE_SDK_READS),
  payment: (raw) => readWire<Square.Payment>('Payment', raw) ?? serialization.Payment.parseOrThrow(raw, AS_THE_SDK_READS),
  refund: (raw) => readWire<Square.PaymentRefund>('PaymentRefund', raw) ?? serialization.PaymentRefund.parseOrThrow(raw, AS_THE_SDK_READS),
};

/** On the thread: the fetched events again, each text parsed once and remembered as the object's wire JSON. */
export function unpackFetched(batch: PackedBatch): (Fetched | null)[] {
  for (const [object, wire] of batch.wires) {
    if (typeof wire === 'string') rememberWireText(object, wire);
    else rememberWire(object, wire);
  }
  const objects = batch.texts.map(([kind, text]) => {
    const object = read[kind](JSON.parse(text));
    rememberWireText(object, text);
    return object;
  });
  const un = <T>(v: Packed<T & object> | null | undefined): T | null | undefined => (isRef(v) ? (objects[v.$wireText] as T) : (v as T | null | undefined));
  return batch.fetched.map((f): Fetched | null => {
    if (!f) return null;
    const out: Fetched = { ...f, payments: f.payments.map((p) => un<Square.Payment>(p)!) } as Fetched;
    if (f.payment !== undefined) out.payment = un<Square.Payment>(f.payment)!;
    if (f.refund !== undefined) out.refund = un<Square.PaymentRefund>(f.refund)!;
    if (f.order !== undefined) out.order = un<Square.Order>(f.order) ?? null;
    if (f.returnOrder !== undefined) out.returnOrder = un<Square.Order>(f.returnOrder) ?? null;
    return out;
  });
}

/** A backfill page's orders, packed the same way. */
export function packOrders(orders: readonly Square.Order[]): PackedBatch {
  return packFetched(orders.map((order) => ({ order, payments: [], merchantId: null })));
}

/** On the thread: a page's orders again. */
export function unpackOrders(batch: PackedBatch): Square.Order[] {
  return unpackFetched(batch).map((f) => f!.order!);
}
