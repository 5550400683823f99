import { useEffect, useState } from 'react';
import { itemClassificationSchema, type ExportMappings } from '../../../../shared/export';
import { exchangeRateSchema } from '../../../../shared/settings';
import { api } from '../../api';
import { errorField, errorMessage } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useQuery } from '../../hooks/useQuery';
import { ErrorBanner } from '../ErrorBanner';
import { Loading } from '../Loading';
import { NoticeBanner } from '../NoticeBanner';

interface RateRow {
  currency: string;
  date: string;
  rate: string;
}
interface ItemRow {
  item: string;
  catalogObjectId: string;
  kind: 'goods' | 'service';
  code: string;
  category: string;
}

const toRateRows = (m: ExportMappings): RateRow[] => m.exchangeRates.map((r) => ({ ...r }));
const toItemRows = (m: ExportMappings): ItemRow[] =>
  m.itemClassifications.map((c) => ({
    item: c.item,
    catalogObjectId: c.catalogObjectId ?? '',
    kind: c.classification.kind,
    code: c.classification.code,
    category: c.classification.category,
  }));
const itemInput = (r: ItemRow) => ({
  item: r.item,
  catalogObjectId: r.catalogObjectId.trim() || null,
  classification: { kind: r.kind, code: r.code.trim(), category: r.category },
});
const rateInput = (r: RateRow) => ({ currency: r.currency.trim().toUpperCase(), date: r.date, rate: r.rate.trim() });

/** Row problems by "rates.3" / "items.0", from the shared rules (main checks the same again). */
function rowProblems(rates: RateRow[], items: ItemRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  rates.forEach((r, i) => {
    const p = exchangeRateSchema.safeParse(rateInput(r));
    if (!p.success) out[`rates.${i}`] = p.error.issues[0]?.message ?? 'Check this row';
  });
  items.forEach((r, i) => {
    const p = itemClassificationSchema.safeParse(itemInput(r));
    if (!p.success) out[`items.${i}`] = p.error.issues[0]?.message ?? 'Check this row';
  });
  return out;
}

/** main's field path ("exchangeRates.2.rate") → our row key ("rates.2"). */
function serverRow(field: string | undefined): string | undefined {
  const m = /^(exchangeRates|itemClassifications)\.(\d+)/.exec(field ?? '');
  return m ? `${m[1] === 'exchangeRates' ? 'rates' : 'items'}.${m[2]}` : undefined;
}

function RowError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <div className="field-error" id={id} data-testid="mapping-row-error">
      {text}
    </div>
  ) : null;
}

/** The last cell of a mapping row: removes it from the form (saved with the rest). */
function RemoveRowCell({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <td className="num">
      <button type="button" className="btn btn-secondary btn-small btn-danger-text" aria-label={label} onClick={onRemove}>
        Remove
      </button>
    </td>
  );
}

/**
 * Exchange rates to naira (for sales not in NGN) and each Square item's classification, as two small tables saved
 * together.
 */
export function MappingsCard() {
  const loaded = useQuery(() => api['export.mappings.get'](), 'export.mappings');
  const [rates, setRates] = useState<RateRow[] | null>(null);
  const [items, setItems] = useState<ItemRow[] | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!loaded.data) return;
    setRates(toRateRows(loaded.data));
    setItems(toItemRows(loaded.data));
  }, [loaded.data]);

  const action = useAction({
    save: async () => {
      if (!rates || !items) return;
      const found = rowProblems(rates, items);
      setProblems(found);
      if (Object.keys(found).length) throw new Error('Nothing was saved: fix the rows marked below.');
      const next = await api['export.mappings.set']({ exchangeRates: rates.map(rateInput), itemClassifications: items.map(itemInput) });
      setRates(toRateRows(next));
      setItems(toItemRows(next));
      loaded.reload();
      return 'Exchange rates and item classifications saved.';
    },
  });
  const failedRow = serverRow(errorField(action.error));
  const problemOf = (key: string) => problems[key] ?? (failedRow === key ? errorMessage(action.error) : undefined);
  const busy = action.pending !== null;

  const editRate = (i: number, patch: Partial<RateRow>) => rates && setRates(rates.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const editItem = (i: number, patch: Partial<ItemRow>) => items && setItems(items.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section className="card mappings-card" aria-labelledby="mappings-title" data-testid="mappings-card">
      <h2 className="card-title" id="mappings-title">
        Exchange rates and item classifications
      </h2>
      <p className="card-lead">Needed for export. Saved together with “Save rates and items”.</p>
      <ErrorBanner error={loaded.error} title="Could not load exchange rates and item classifications" onRetry={loaded.reload} />
      {!rates || !items ? (
        loaded.error ? null : <Loading label="Loading…" />
      ) : (
        <form
          noValidate
          onSubmit={action.submit('save')}
          onChange={() => action.setNotice(undefined)}
        >
          <h3 className="mapping-title" id="rates-title">
            Naira exchange rates
          </h3>
          <p className="field-help">For sales in another currency: how many naira one unit was worth on the day of the sale.</p>
          <div className="table-wrap">
            <table className="table table-compact mapping-table" aria-labelledby="rates-title" data-testid="rates-table">
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">Date</th>
                  <th scope="col">Naira per unit</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rates.map((r, i) => {
                  const err = problemOf(`rates.${i}`);
                  const errId = `rate-${i}-error`;
                  const invalid = err ? { 'aria-invalid': true as const, 'aria-describedby': errId } : {};
                  return (
                    <tr key={i} data-testid="rate-row">
                      <td>
                        <input
                          className={`input input-currency${err ? ' input-invalid' : ''}`}
                          aria-label={`Currency, row ${i + 1}`}
                          placeholder="USD"
                          maxLength={3}
                          value={r.currency}
                          data-testid="rate-currency"
                          {...invalid}
                          onChange={(e) => editRate(i, { currency: e.target.value.toUpperCase() })}
                        />
                      </td>
                      <td>
                        <input
                          type="date"
                          className="input"
                          aria-label={`Date, row ${i + 1}`}
                          value={r.date}
                          data-testid="rate-date"
                          {...invalid}
                          onChange={(e) => editRate(i, { date: e.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          className="input"
                          inputMode="decimal"
                          aria-label={`Naira per unit, row ${i + 1}`}
                          placeholder="1520.50"
                          value={r.rate}
                          data-testid="rate-value"
                          {...invalid}
                          onChange={(e) => editRate(i, { rate: e.target.value })}
                        />
                        <RowError id={errId} text={err} />
                      </td>
                      <RemoveRowCell label={`Remove rate row ${i + 1}`} onRemove={() => setRates(rates.filter((_, j) => j !== i))} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {rates.length === 0 ? <p className="muted mapping-empty">No rates yet.</p> : null}
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid="rate-add"
            onClick={() => setRates([...rates, { currency: '', date: '', rate: '' }])}
          >
            Add a rate
          </button>

          <h3 className="mapping-title" id="items-title">
            Item classifications
          </h3>
          <p className="field-help">
            Remembered for every sale of the item. The Square catalog ID is optional: without it the item is matched by
            its name.
          </p>
          <div className="table-wrap">
            <table className="table table-compact mapping-table" aria-labelledby="items-title" data-testid="items-table">
              <thead>
                <tr>
                  <th scope="col">Item name</th>
                  <th scope="col">Square catalog ID</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Code</th>
                  <th scope="col">Category</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((r, i) => {
                  const err = problemOf(`items.${i}`);
                  const errId = `item-${i}-error`;
                  const invalid = err ? { 'aria-invalid': true as const, 'aria-describedby': errId } : {};
                  return (
                    <tr key={i} data-testid="item-row">
                      <td>
                        <input
                          className={`input${err ? ' input-invalid' : ''}`}
                          aria-label={`Item name, row ${i + 1}`}
                          placeholder="Jollof rice"
                          value={r.item}
                          data-testid="item-name"
                          {...invalid}
                          onChange={(e) => editItem(i, { item: e.target.value })}
                        />
                        <RowError id={errId} text={err} />
                      </td>
                      <td>
                        <input
                          className="input"
                          aria-label={`Square catalog ID, row ${i + 1} (optional)`}
                          placeholder="Optional"
                          value={r.catalogObjectId}
                          data-testid="item-catalog"
                          onChange={(e) => editItem(i, { catalogObjectId: e.target.value })}
                        />
                      </td>
                      <td>
                        <select
                          className="input"
                          aria-label={`Kind, row ${i + 1}`}
                          value={r.kind}
                          data-testid="item-kind"
                          onChange={(e) => editItem(i, { kind: e.target.value as ItemRow['kind'] })}
                        >
                          <option value="goods">Goods</option>
                          <option value="service">Service</option>
                        </select>
                      </td>
                      <td>
                        <input
                          className="input input-code"
                          aria-label={`Code, row ${i + 1}`}
                          placeholder={r.kind === 'goods' ? '1006.30' : '5610'}
                          value={r.code}
                          data-testid="item-code"
                          {...invalid}
                          onChange={(e) => editItem(i, { code: e.target.value })}
                        />
                      </td>
                      <td>
                        <input
                          className="input"
                          aria-label={`Category, row ${i + 1}`}
                          placeholder={r.kind === 'goods' ? 'Rice' : 'Restaurants'}
                          value={r.category}
                          data-testid="item-category"
                          onChange={(e) => editItem(i, { category: e.target.value })}
                        />
                      </td>
                      <RemoveRowCell label={`Remove item row ${i + 1}`} onRemove={() => setItems(items.filter((_, j) => j !== i))} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {items.length === 0 ? <p className="muted mapping-empty">No items yet.</p> : null}
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid="item-add"
            onClick={() => setItems([...items, { item: '', catalogObjectId: '', kind: 'goods', code: '', category: '' }])}
          >
            Add an item
          </button>
          <ErrorBanner error={action.error} title="Could not save exchange rates and items" />
          <NoticeBanner notice={action.notice} testId="mappings-notice" />
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => {
                if (loaded.data) {
                  setRates(toRateRows(loaded.data));
                  setItems(toItemRows(loaded.data));
                }
                setProblems({});
                action.reset();
              }}
            >
              Discard
            </button>
            <button type="submit" className="btn btn-primary" data-testid="mappings-save" disabled={busy}>
              {action.pending === 'save' ? 'Saving…' : 'Save rates and items'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
