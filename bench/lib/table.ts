/** Renders rows as a fixed-width text table; the first row is the header. Numbers are right-aligned. */
export function renderTable(rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => ((align[i] ?? 'r') === 'l' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const [head, ...body] = rows;
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Milliseconds with precision that suits their size. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v < 10) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return v.toFixed(0);
}

export function int(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toString() : '–';
}

/** A share in percent, whole; '?' where it could not be read (e.g. /proc/stat off Linux). */
export function pct(v: number | null): string {
  return v === null ? '?' : `${v.toFixed(0)}%`;
}
