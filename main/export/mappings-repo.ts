import type { LineClassification } from '../../shared/domain';
import type { ExportMappings } from '../../shared/export';
import type { ExchangeRate } from '../../shared/settings';
import type { Db } from '../platform/db/open';

/** Items are remembered by their name as it appears on invoice lines, with case and inner spacing ignored. */
export const itemKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The one owner of item_classifications and exchange_rates (migration 0007): the owner's per-item classifications
 * and naira exchange rates. `set` replaces a whole list in one transaction, as the settings screen edits it.
 */
export class MappingsRepo {
  constructor(private readonly db: Db) {}

  get(): ExportMappings {
    const items = this.db.prepare('SELECT item, kind, code, category FROM item_classifications ORDER BY item_key').all() as {
      item: string; kind: 'goods' | 'service'; code: string; category: string;
    }[];
    const rates = this.db.prepare('SELECT currency, date, rate FROM exchange_rates ORDER BY currency, date').all() as ExchangeRate[];
    return {
      itemClassifications: items.map((i) => ({ item: i.item, classification: { kind: i.kind, code: i.code, category: i.category } })),
      exchangeRates: rates,
    };
  }

  set(patch: Partial<ExportMappings>, now: number): ExportMappings {
    this.db.transaction(() => {
      if (patch.itemClassifications) {
        this.db.prepare('DELETE FROM item_classifications').run();
        const ins = this.db.prepare(`INSERT INTO item_classifications (item_key, item, kind, code, category, updated_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (item_key) DO UPDATE SET item = excluded.item, kind = excluded.kind,
            code = excluded.code, category = excluded.category, updated_at = excluded.updated_at`);
        for (const i of patch.itemClassifications) {
          ins.run(itemKey(i.item), i.item.trim(), i.classification.kind, i.classification.code, i.classification.category, now);
        }
      }
      if (patch.exchangeRates) {
        this.db.prepare('DELETE FROM exchange_rates').run();
        const ins = this.db.prepare(`INSERT INTO exchange_rates (currency, date, rate, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (currency, date) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at`);
        for (const r of patch.exchangeRates) ins.run(r.currency, r.date, r.rate, now);
      }
    }).immediate();
    return this.get();
  }

  /** Lookups for one export run, read once. */
  snapshot(): { classificationOf(name: string): LineClassification | null; rateFor(currency: string, date: string): string | null } {
    const m = this.get();
    const items = new Map(m.itemClassifications.map((i) => [itemKey(i.item), i.classification]));
    const rates = new Map(m.exchangeRates.map((r) => [`${r.currency} ${r.date}`, r.rate]));
    return {
      classificationOf: (name) => items.get(itemKey(name)) ?? null,
      rateFor: (currency, date) => rates.get(`${currency} ${date}`) ?? null,
    };
  }
}
