import { summarize } from './stats';
import type { SummaryRow } from './report';

// bench:ui → the one report (bench/lib/report.ts). Targets from bench/ui.ts: first rows ≤ 300 ms, filter ≤ 100 ms.

export interface UiNumbers {
  count: number;
  firstRows: number[];
  filters: number[];
  api: { name: string; ms: number }[];
  rssMiB: number | null;
}

export function uiSummaryRows(u: UiNumbers): SummaryRow[] {
  const n = u.count.toLocaleString('en-GB');
  const searches = u.api.filter((a) => a.name.startsWith('search'));
  return [
    { metric: `first rows of the invoice list painted, ${n} invoices (p50)`, value: summarize(u.firstRows).p50, unit: 'ms', target: { op: '<=', value: 300 } },
    { metric: 'status filter applied to the list (p50)', value: summarize(u.filters).p50, unit: 'ms', target: { op: '<=', value: 100 } },
    { metric: 'slowest text search of the list over HTTP (p50)', value: searches.length ? Math.max(...searches.map((a) => a.ms)) : null, unit: 'ms' },
    { metric: `host memory with ${n} invoices`, value: u.rssMiB, unit: 'MiB' },
  ];
}
