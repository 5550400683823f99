import type { Square } from 'square';

/**
 * Collects order lookups made in the same tick into one BatchRetrieveOrders call (payments arriving together usually
 * need several orders). Orders Square does not return resolve to null.
 */
export class OrderBatcher {
  private pending = new Map<string, { resolve: (o: Square.Order | null) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(private readonly fetchMany: (ids: string[]) => Promise<Square.Order[]>) {}

  get(id: string): Promise<Square.Order | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(id, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    try {
      const orders = await this.fetchMany([...batch.keys()]);
      const byId = new Map(orders.map((o) => [o.id, o]));
      for (const [id, waiters] of batch) waiters.forEach((w) => w.resolve(byId.get(id) ?? null));
    } catch (err) {
      for (const waiters of batch.values()) waiters.forEach((w) => w.reject(err));
    }
  }
}
