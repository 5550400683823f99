import { serialization, type Square } from 'square';
import { isExactForJsonParse, rememberWire, rememberWireText, toWire, toWireJson } from '../square/wire';
import { readWire } from '../square/wire-reader';
import type { Fetched } from './fetched';

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

/**
 * What storing an order or payment reads of it (SquareObjectsRepo's upserts), taken from the object in hand: a sale
 * whose draft was converted in hand needs nothing else of its objects on the thread (see unpackFetched).
 */
export type StoredColumns = Pick<Square.Order, 'id' | 'locationId' | 'state' | 'version' | 'updatedAt'> | Pick<Square.Payment, 'id' | 'orderId' | 'locationId' | 'status' | 'updatedAt' | 'createdAt'>;

export interface PackedBatch {
  fetched: (PackedFetched | null)[];
  texts: [Kind, string, StoredColumns?][];
  wires: WirePair[];
}

function storedColumns(kind: Kind, o: object): StoredColumns | undefined {
  if (kind === 'order') {
    const { id, locationId, state, version, updatedAt } = o as Square.Order;
    return { id, locationId, state, version, updatedAt };
  }
  if (kind === 'payment') {
    const { id, orderId, locationId, status, updatedAt, createdAt } = o as Square.Payment;
    return { id, orderId, locationId, status, updatedAt, createdAt };
  }
  return undefined;
}

const isRef = (v: unknown): v is TextRef => typeof v === 'object' && v !== null && typeof (v as TextRef).$wireText === 'number';

/** Packs a batch's fetched events for the writer thread (see the file comment). */
export function packFetched(fetched: readonly (Fetched | null)[]): PackedBatch {
  const texts: [Kind, string, StoredColumns?][] = [];
  const wires: WirePair[] = [];
  const refs = new Map<object, TextRef>();
  const paired = new Set<object>();
  /** The event being packed has a draft in hand. */
  let stubbable = false;
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
    // Columns only for a sale with its draft in hand (the one kind the thread takes as stand-ins, see unpackFetched);
    // should a later event without a draft name the same object, the thread parses it whole anyway.
    const columns = stubbable ? storedColumns(kind, o) : undefined;
    const ref = { $wireText: texts.push(columns ? [kind, text, columns] : [kind, text]) - 1 };
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
    stubbable = !!f.inHand;
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

function parsed(kind: Kind, text: string): object {
  const object = read[kind](JSON.parse(text));
  rememberWireText(object, text);
  return object;
}

/** A stand-in for an object not parsed on the thread: its stored columns, its text, and how to parse it when needed. */
const STUB = Symbol('not parsed: stored columns and wire text only');
type Stub = { [STUB]: { kind: Kind; text: string; full?: object } };
const stubOf = (v: unknown): Stub[typeof STUB] | undefined => (v && typeof v === 'object' ? (v as Partial<Stub>)[STUB] : undefined);

function stub(kind: Kind, text: string, columns: StoredColumns): object {
  const object = { ...columns };
  Object.defineProperty(object, STUB, { value: { kind, text }, enumerable: false });
  rememberWireText(object, text);
  return object;
}

/**
 * On the thread: the fetched events again, each text parsed once and remembered as the object's wire JSON — except
 * the objects of sales whose draft was converted in hand (Fetched.inHand, draft-in-hand.ts). Storing them reads only
 * their stored columns and their text, so they arrive as stand-ins holding just that; parsing them again was about a
 * seventh of the thread's commit. Should the commit need the whole objects after all (storing changed something the
 * draft was made from), withFullObjects parses them then.
 */
export function unpackFetched(batch: PackedBatch): (Fetched | null)[] {
  for (const [object, wire] of batch.wires) {
    if (typeof wire === 'string') rememberWireText(object, wire);
    else rememberWire(object, wire);
  }
  // A text any event without a draft in hand refers to is parsed (one object per text, shared as on the main thread).
  const whole = new Set<number>();
  for (const f of batch.fetched) {
    if (!f || f.inHand) continue;
    for (const v of [f.payment, ...f.payments, f.refund, f.order, f.returnOrder]) if (isRef(v)) whole.add(v.$wireText);
  }
  const objects = batch.texts.map(([kind, text, columns], i) => (columns && !whole.has(i) ? stub(kind, text, columns) : parsed(kind, text)));
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

/**
 * The event with every stand-in parsed (unpackFetched): a stand-in met again (a sale's payment is also among its
 * payments) gives the same object. Events without stand-ins come back as they are.
 */
export function withFullObjects(f: Fetched): Fetched {
  const full = <T>(v: T): T => {
    const s = stubOf(v);
    if (!s) return v;
    return (s.full ??= parsed(s.kind, s.text)) as T;
  };
  if (![f.payment, ...f.payments, f.order].some((v) => stubOf(v))) return f;
  const out: Fetched = { ...f, payments: f.payments.map(full) };
  if (f.payment !== undefined) out.payment = full(f.payment);
  if (f.order !== undefined) out.order = full(f.order);
  return out;
}

/** A backfill page's orders, packed the same way. */
export function packOrders(orders: readonly Square.Order[]): PackedBatch {
  return packFetched(orders.map((order) => ({ order, payments: [], merchantId: null })));
}

/** On the thread: a page's orders again. */
export function unpackOrders(batch: PackedBatch): Square.Order[] {
  return unpackFetched(batch).map((f) => f!.order!);
}
