import type { LineClassification } from '../../shared/domain';
import type { ExportMappings } from '../../shared/export';
import type { ExchangeRate } from '../../shared/settings';
import type { Db } from '../platform/db/open';

/** Items are remembered by their name as it appears on invoice lines, with case and inner spacing ignored. */
export const itemKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

const keyOf = (i: { item: string; catalogObjectId: string | null }) =>
  i.catalogObjectId ? `catalog:${i.catalogObjectId}` : `name:${itemKey(i.item)}`;

/**
 * The one owner of item_classifications and exchange_rates (migration 0007): the owner's per-item classifications
 * and naira exchange rates. `set` replaces a whole list in one transaction, as the settings screen edits it.
 */
export class MappingsRepo {
  constructor(private readonly db: Db) {}

  get(): ExportMappings {
    const items = this.db.prepare('SELECT item, catalog_object_id, kind, code, category FROM item_classifications ORDER BY item_key').all() as {
      item: string; catalog_object_id: string | null; kind: 'goods' | 'service'; code: string; category: string;
    }[];
    const rates = this.db.prepare('SELECT currency, date, rate FROM exchange_rates ORDER BY currency, date').all() as ExchangeRate[];
    return {
      itemClassifications: items.map((i) => ({
        item: i.item, catalogObjectId: i.catalog_object_id, classification: { kind: i.kind, code: i.code, category: i.category },
      })),
      exchangeRates: rates,
    };
  }

  set(patch: Partial<ExportMappings>, now: number): ExportMappings {
    this.db.transaction(() => {
      if (patch.itemClassifications) {
        this.db.prepare('DELETE FROM item_classifications').run();
        const ins = this.db.prepare(`INSERT INTO item_classifications (item_key, item, catalog_object_id, kind, code, category,
            updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_key) DO UPDATE SET item = excluded.item,
            kind = excluded.kind, code = excluded.code, category = excluded.category, updated_at = excluded.updated_at`);
        for (const i of patch.itemClassifications) {
          ins.run(keyOf(i), i.item.trim(), i.catalogObjectId, i.classification.kind, i.classification.code, i.classification.category, now);
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
  snapshot(): {
    hasCatalogItems: boolean;
    classificationOf(name: string, catalogObjectId: string | null): LineClassification | null;
    rateFor(currency: string, date: string): string | null;
  } {
    const m = this.get();
    const items = new Map(m.itemClassifications.map((i) => [keyOf(i), i.classification]));
    const rates = new Map(m.exchangeRates.map((r) => [`${r.currency} ${r.date}`, r.rate]));
    return {
      hasCatalogItems: m.itemClassifications.some((i) => i.catalogObjectId),
      // The catalog item first (names can be reused or renamed), then the name.
      classificationOf: (name, catalogObjectId) =>
        (catalogObjectId ? items.get(`catalog:${catalogObjectId}`) : undefined) ?? items.get(`name:${itemKey(name)}`) ?? null,
      rateFor: (currency, date) => rates.get(`${currency} ${date}`) ?? null,
    };
  }
}
