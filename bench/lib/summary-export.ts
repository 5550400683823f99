import type { ChildResult } from './export-child';
import type { SummaryRow } from './report';

// bench:export → the one report (bench/lib/report.ts): each format's time and peak memory against the export's
// targets. Baselines from the same run: for NRS JSON's time, creating as many small files with nothing else (its
// floor on this disk); for memory, the measured child's RSS before the export started.

const LABEL: Record<string, string> = { 'nrs-json': 'NRS JSON', csv: 'CSV' };

export function exportSummaryRows(results: ChildResult[], floorMs: number, count: number, targets: { ms: number; mb: number }): SummaryRow[] {
  const n = count.toLocaleString('en-GB');
  return results.flatMap((r): SummaryRow[] => {
    const name = LABEL[r.format] ?? r.format;
    const refused = r.ok ? {} : { note: 'export refused' };
    return [
      {
        metric: `${name} export, ${n} invoices: time`,
        value: r.ms / 1000,
        unit: 's',
        target: { op: '<=', value: targets.ms / 1000 },
        ...(r.format === 'nrs-json' ? { baseline: { value: floorMs / 1000, label: `creating ${n} small files alone` } } : {}),
        ...refused,
      },
      {
        metric: `${name} export, ${n} invoices: peak memory`,
        value: r.peakRssMb,
        unit: 'MB',
        target: { op: '<=', value: targets.mb },
        baseline: { value: r.startRssMb, label: 'the process before the export' },
        ...refused,
      },
    ];
  });
}
