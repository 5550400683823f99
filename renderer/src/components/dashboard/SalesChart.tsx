import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardSummary } from '../../../../shared/dashboard';
import { currencyExponent } from '../../../../shared/money';
import { money } from '../../format';

type Range = 'hours' | 'days';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const compactFormats = new Map<string, Intl.NumberFormat>();

/** Axis ticks: "₦25K" rather than "₦25,000.00"; the tooltip gives the exact amount. */
function compactMoney(minor: number, currency: string): string {
  let f = compactFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat('en-GB', { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1 });
    } catch {
      f = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });
    }
    compactFormats.set(currency, f);
  }
  return f.format(minor / 10 ** currencyExponent(currency));
}

/**
 * Net sales per hour today and per day over 30 days, one currency at a time (amounts in different currencies do not
 * add up). Recharts draws SVG and sets styles through the DOM, never an inline <style>, so it works under the CSP.
 */
export function SalesChart({ chart, timeZone }: { chart: DashboardSummary['chart']; timeZone: string }) {
  const [range, setRange] = useState<Range>('hours');
  const [picked, setPicked] = useState<string>();
  const series = chart.series.find((s) => s.currency === picked) ?? chart.series[0];

  const data = !series
    ? []
    : range === 'hours'
      ? series.hours.map((net, h) => ({ label: String(h).padStart(2, '0'), name: `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`, net }))
      : series.days.map((net, i) => {
          const label = dayLabel.format(new Date(`${chart.days[i]}T00:00:00Z`));
          return { label, name: label, net };
        });
  const total = data.reduce((sum, d) => sum + d.net, 0);

  return (
    <section className="card sales-chart" aria-labelledby="sales-chart-title">
      <div className="sales-chart-head">
        <h2 className="card-title" id="sales-chart-title">
          Net sales {range === 'hours' ? 'today, per hour' : 'over the last 30 days'}
        </h2>
        <div className="segmented" role="group" aria-label="Period">
          <button type="button" aria-pressed={range === 'hours'} data-testid="chart-range-hours" onClick={() => setRange('hours')}>
            Today
          </button>
          <button type="button" aria-pressed={range === 'days'} data-testid="chart-range-days" onClick={() => setRange('days')}>
            30 days
          </button>
        </div>
      </div>
      {chart.series.length > 1 ? (
        <div className="segmented segmented-small" role="group" aria-label="Currency">
          {chart.series.map((s) => (
            <button
              key={s.currency}
              type="button"
              aria-pressed={s.currency === series?.currency}
              data-testid={`chart-currency-${s.currency}`}
              onClick={() => setPicked(s.currency)}
            >
              {s.currency}
            </button>
          ))}
        </div>
      ) : null}
      {!series ? (
        <p className="muted sales-chart-empty" data-testid="sales-chart-empty">
          No sales in the last 30 days yet. Each sale shows up here as it arrives.
        </p>
      ) : (
        <figure className="sales-chart-figure" data-testid="sales-chart" data-currency={series.currency} data-range={range} data-total={total}>
          <figcaption className="visually-hidden">
            Net sales in {series.currency}, {range === 'hours' ? 'per hour today' : 'per day for 30 days'}: {money(total, series.currency)} in all.
          </figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid vertical={false} className="sales-chart-grid" />
              <XAxis dataKey="label" tickLine={false} interval={range === 'hours' ? 2 : 4} className="sales-chart-axis" />
              <YAxis tickFormatter={(v: number) => compactMoney(v, series.currency)} tickLine={false} axisLine={false} width={64} className="sales-chart-axis" />
              <Tooltip
                cursor={{ className: 'sales-chart-cursor' }}
                formatter={(value) => [money(Number(value), series.currency), 'Net sales']}
                labelFormatter={(_label, payload) => String((payload?.[0]?.payload as { name?: string } | undefined)?.name ?? '')}
                wrapperClassName="sales-chart-tooltip"
                contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)', color: 'var(--text)', borderRadius: 8 }}
              />
              <Bar dataKey="net" className="sales-chart-bar" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <p className="card-note">
            {money(total, series.currency)} {range === 'hours' ? 'today' : 'in 30 days'}, refunds subtracted. Times in the shop’s time zone ({timeZone}).
          </p>
        </figure>
      )}
    </section>
  );
}
