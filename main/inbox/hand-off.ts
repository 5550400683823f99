// Objects already parsed from an event's body, handed by whoever made the event (a backfill reading SearchOrders
// pages, the webhook receiver) to the pipeline that will process it, by event_id: the pipeline then skips parsing the
// stored body again (JSON.parse of the envelope and the Square SDK's parse of the order: about a third of the main
// thread's work per sale in a backfill, docs/benchmarks.md). Memory only, bounded, a pure optimisation: a miss (evicted, after a
// restart, a retry) parses the stored body as before, and the stored body is what the object was made from.

/** Most objects held: a backfill keeps at most a few thousand sales ahead of the pipeline (backfill-job.ts). */
const DEFAULT_MAX = 12_000;
/** Most webhook envelopes held (each a few KB): a backlog beyond this many is parsed from the inbox again. */
export const WEBHOOK_HAND_OFF_MAX = 5_000;

export class ParsedHandOff<T extends object = object> {
  private readonly items = new Map<string, T>();

  constructor(private readonly max = DEFAULT_MAX) {}

  /** Keeps `value` for `eventId`; past the bound the oldest is dropped (its event is parsed from the inbox instead). */
  put(eventId: string, value: T): void {
    this.items.delete(eventId);
    this.items.set(eventId, value);
    if (this.items.size > this.max) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
  }

  /** The object handed for `eventId`, once: a later attempt of the same event parses the stored body. */
  take(eventId: string): T | undefined {
    const v = this.items.get(eventId);
    if (v !== undefined) this.items.delete(eventId);
    return v;
  }

  get size(): number {
    return this.items.size;
  }
}
