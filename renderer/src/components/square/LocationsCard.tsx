import { useState } from 'react';
import type { SquareLocationView } from '../../../../shared/square';
import { api } from '../../api';
import { useAction } from '../../hooks/useAction';
import { ErrorBanner } from '../ErrorBanner';
import { NoticeBanner } from '../NoticeBanner';

interface Props {
  locations: SquareLocationView[];
  onChanged: () => void;
}

const idsOf = (locations: SquareLocationView[]) => locations.filter((l) => l.selected).map((l) => l.id);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** Which of the merchant's Square locations are invoiced. A draft until "Save selection". */
export function LocationsCard({ locations, onChanged }: Props) {
  // null: follow what main says; an array: the owner's unsaved ticks.
  const [draft, setDraft] = useState<string[] | null>(null);

  const saved = idsOf(locations);
  const known = new Set(locations.map((l) => l.id));
  // A refresh may have removed a ticked location; never send an id main no longer knows.
  const selected = (draft ?? saved).filter((id) => known.has(id));
  const dirty = draft !== null && !sameSet(selected, saved);

  const { pending, error, failed, notice, setNotice, button } = useAction(
    {
      save: async () => {
        await api['square.locations.select']({ locationIds: selected });
        setDraft(null);
        return 'Location selection saved.';
      },
      refresh: async () => {
        const next = await api['square.locations.refresh']();
        return `Locations refreshed from Square: ${next.locations.length} found.`;
      },
    },
    onChanged,
  );

  function toggle(id: string, on: boolean) {
    setNotice(undefined);
    setDraft(on ? [...selected.filter((x) => x !== id), id] : selected.filter((x) => x !== id));
  }

  return (
    <section className="card card-flush" data-testid="square-locations">
      <div className="card-head card-head-padded">
        <div>
          <h2 className="card-title">Locations</h2>
          <p className="card-lead">Sales from the ticked locations become invoices, in each location’s currency.</p>
        </div>
        <button className="btn btn-secondary btn-small" data-testid="square-locations-refresh" {...button('refresh')}>
          {pending === 'refresh' ? 'Refreshing…' : 'Refresh locations'}
        </button>
      </div>
      {error !== undefined || notice ? (
        <div className="card-pad">
          <ErrorBanner error={error} title={failed === 'save' ? 'Could not save the selection' : 'Could not update the locations'} />
          <NoticeBanner notice={notice} testId="square-locations-notice" />
        </div>
      ) : null}
      {locations.length === 0 ? (
        <p className="card-pad muted" data-testid="square-locations-empty">
          Square returned no locations for this account. Add one in the Square Dashboard, then refresh.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table location-table">
            <thead>
              <tr>
                <th className="check-col">
                  <span className="visually-hidden">Invoice</span>
                </th>
                <th>Location</th>
                <th>Currency</th>
                <th>Country</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {locations.map((l) => {
                const id = `location-${l.id}`;
                const on = selected.includes(l.id);
                return (
                  <tr key={l.id} data-testid="square-location" data-location-id={l.id} className={on ? undefined : 'row-off'}>
                    <td className="check-col">
                      <input
                        id={id}
                        type="checkbox"
                        className="checkbox"
                        data-testid="square-location-checkbox"
                        checked={on}
                        disabled={pending !== null}
                        onChange={(e) => toggle(l.id, e.target.checked)}
                      />
                    </td>
                    <td>
                      <label htmlFor={id} className="location-name" data-testid="square-location-name">
                        {l.name}
                      </label>
                      <div className="row-note">
                        <code>{l.id}</code>
                      </div>
                    </td>
                    <td>
                      <span className="currency-code" data-testid="square-location-currency">
                        {l.currency}
                      </span>
                    </td>
                    <td data-testid="square-location-country">{l.country ?? <span className="muted">—</span>}</td>
                    <td className="kind">{l.status ? l.status.toLowerCase() : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="card-footer">
        <span className="muted" data-testid="square-locations-summary">
          {selected.length} of {locations.length} selected
          {dirty ? ' · unsaved changes' : ''}
          {selected.length === 0 && locations.length > 0 ? ' · no sales will be imported' : ''}
        </span>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={!dirty || pending !== null}
          onClick={() => {
            setDraft(null);
            setNotice(undefined);
          }}
        >
          Discard
        </button>
        <button className="btn btn-primary" data-testid="square-locations-save" {...button('save', !dirty)}>
          {pending === 'save' ? 'Saving…' : 'Save selection'}
        </button>
      </div>
    </section>
  );
}
