import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './script';

// One report over every benchmark (`npm run bench`, bench/all.ts). Each bench keeps its own detailed output and, at
// its end, writes a small summary of its headline numbers (bench-results/<name>.summary.json) in this one shape:
// a value, its target when an issue set one, and a baseline measured in the same run when the bench has one. The
// runner reads the summaries and renders one table. Everything here but writeSummary is pure or reads one file, so
// the table can be tested without running a benchmark.

export const RESULTS_DIR = join(REPO_ROOT, 'bench-results');

const targetSchema = z.object({ op: z.enum(['<=', '>=']), value: z.number() });
const rowSchema = z.object({
  /** What was measured, in words an owner can read ("webhook → invoice p99 at 500/s"). */
  metric: z.string().min(1),
  /** null: the bench could not measure it in this run (the target, if any, then counts as missed). */
  value: z.number().nullable(),
  unit: z.string(),
  target: targetSchema.optional(),
  /** The same quantity for a reference measured in the same run (a raw server, a floor, the old path). */
  baseline: z.object({ value: z.number(), label: z.string().min(1) }).optional(),
  /** A short qualifier shown after the value ("extrapolated", "did not keep up"). */
  note: z.string().optional(),
});
const summarySchema = z.object({
  bench: z.string().min(1),
  machine: z.string(),
  startedAt: z.string(),
  /** Run with --quick: every phase briefly, a smoke test of the bench rather than numbers. */
  quick: z.boolean().optional(),
  rows: z.array(rowSchema),
});

export type SummaryTarget = z.infer<typeof targetSchema>;
export type SummaryRow = z.infer<typeof rowSchema>;
export type BenchSummary = z.infer<typeof summarySchema>;

/** The benchmarks `npm run bench` runs, in this order (the report's order too); `quick`: the bench accepts --quick. */
export const BENCHES = [
  { name: 'webhooks', quick: true },
  { name: 'pipeline', quick: true },
  { name: 'ui', quick: false },
  { name: 'export', quick: false },
  { name: 'dashboard', quick: false },
] as const;

export type BenchName = (typeof BENCHES)[number]['name'];

/** What the numbers were measured on, in one line (the benches' own output has the long form). */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  const load = os.loadavg().map((n) => n.toFixed(2)).join(' ');
  return `${cpu}, ${os.availableParallelism()} cores, ${gib} GiB · ${process.platform} ${os.release()} ${process.arch} · Node ${process.version} · load average ${load}`;
}

export const summaryPath = (dir: string, name: string) => join(dir, `${name}.summary.json`);

/** Written by each bench at its end: its headline numbers for the one report. Returns the file written. */
export function writeSummary(name: string, rows: SummaryRow[], dir = RESULTS_DIR): string {
  const summary: BenchSummary = {
    bench: name,
    machine: machineLine(),
    // When this bench's process started: the summary describes the whole run, not the moment it was written.
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    quick: process.argv.includes('--quick'),
    rows: rows.map((r) => rowSchema.parse(r)),
  };
  mkdirSync(dir, { recursive: true });
  const file = summaryPath(dir, name);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}

export type SummaryRead = { ok: true; summary: BenchSummary } | { ok: false; reason: string };

export function readSummary(dir: string, name: string): SummaryRead {
  const file = summaryPath(dir, name);
  if (!existsSync(file)) return { ok: false, reason: 'no summary written' };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { ok: false, reason: `summary is not JSON (${(err as Error).message})` };
  }
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `summary has an unexpected shape (${parsed.error.issues[0]?.path.join('.') ?? '?'}: ${parsed.error.issues[0]?.message ?? '?'})` };
  if (parsed.data.bench !== name) return { ok: false, reason: `summary names another bench (${parsed.data.bench})` };
  return { ok: true, summary: parsed.data };
}

export type Verdict = 'met' | 'missed' | 'no target';

/** A target is met only by a measured value on its side of the limit; not measured counts as missed. */
export function verdict(row: SummaryRow): Verdict {
  if (!row.target) return 'no target';
  if (row.value === null || !Number.isFinite(row.value)) return 'missed';
  return (row.target.op === '<=' ? row.value <= row.target.value : row.value >= row.target.value) ? 'met' : 'missed';
}

/** A number at a precision that suits its size, with thousands separators. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const withUnit = (v: number, unit: string) => (unit ? `${formatNumber(v)} ${unit}` : formatNumber(v));

export function formatTarget(t: SummaryTarget, unit: string): string {
  return `${t.op === '<=' ? '≤' : '≥'} ${withUnit(t.value, unit)}`;
}

/** How one bench run ended, as the runner saw it. */
export interface BenchOutcome {
  name: string;
  /** null: killed by a signal. */
  exitCode: number | null;
  signal?: string | null;
  seconds: number;
  /** The bench's full output. */
  log: string;
  summary: SummaryRead;
}

/** Failed: a non-zero exit, a signal, or a run that ended without a readable summary. */
export const benchFailed = (o: BenchOutcome) => o.exitCode !== 0 || !o.summary.ok;

export interface ReportCounts {
  met: number;
  missed: number;
  noTarget: number;
  failedBenches: string[];
}

export function countOutcomes(outcomes: BenchOutcome[]): ReportCounts {
  const counts: ReportCounts = { met: 0, missed: 0, noTarget: 0, failedBenches: [] };
  for (const o of outcomes) {
    if (benchFailed(o)) counts.failedBenches.push(o.name);
    if (!o.summary.ok) continue;
    for (const row of o.summary.summary.rows) {
      const v = verdict(row);
      if (v === 'met') counts.met += 1;
      else if (v === 'missed') counts.missed += 1;
      else counts.noTarget += 1;
    }
  }
  return counts;
}

const HEADER = ['benchmark', 'metric', 'result', 'target', 'met?', 'baseline (same run)'];

/** The table's cells: benches in BENCHES order (others after, by name), each bench's rows in the order it wrote them. */
export function reportCells(outcomes: BenchOutcome[]): string[][] {
  const rank = (name: string) => {
    const i = BENCHES.findIndex((b) => b.name === name);
    return i === -1 ? BENCHES.length : i;
  };
  const sorted = [...outcomes].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const cells: string[][] = [];
  for (const o of sorted) {
    const label = o.summary.ok && o.summary.summary.quick ? `${o.name} (quick)` : o.name;
    if (benchFailed(o)) {
      const how = o.exitCode === null ? `killed (${o.signal ?? 'signal'})` : o.exitCode !== 0 ? `exit code ${o.exitCode}` : 'exit code 0';
      const why = o.summary.ok ? '' : `, ${o.summary.reason}`;
      cells.push([label, '(the run)', `**FAILED**: ${how}${why} after ${formatNumber(Math.round(o.seconds))} s; see ${o.log}`, '', '', '']);
    }
    if (!o.summary.ok) continue;
    for (const row of o.summary.summary.rows) {
      const v = verdict(row);
      const value = row.value === null ? 'not measured' : withUnit(row.value, row.unit);
      cells.push([
        label,
        row.metric,
        row.note ? `${value} (${row.note})` : value,
        row.target ? formatTarget(row.target, row.unit) : '–',
        v === 'met' ? 'yes' : v === 'missed' ? '**no**' : '–',
        row.baseline ? `${withUnit(row.baseline.value, row.unit)} (${row.baseline.label})` : '–',
      ]);
    }
  }
  return cells;
}

/** A Markdown table padded to fixed widths, so it reads the same in a terminal and in docs/benchmarks.md. */
export function markdownTable(header: string[], rows: string[][]): string {
  const escape = (c: string) => c.replaceAll('|', '\\|');
  const all = [header, ...rows].map((r) => r.map(escape));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ')} |`;
  return [line(all[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...all.slice(1).map(line)].join('\n');
}

export interface ReportInput {
  machine: string;
  startedAt: string;
  /** Which code was measured ("1364f82", "1364f82 + 3 uncommitted files"). */
  code: string;
  /** The command line options the run was given (shown, so a quick run is never read as a full one). */
  options: string[];
  outcomes: BenchOutcome[];
  totalSeconds: number;
}

export function renderReport(r: ReportInput): string {
  const c = countOutcomes(r.outcomes);
  const when = r.startedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const lines = [
    `Machine: ${r.machine}`,
    `Run: ${when}, ${formatNumber(Math.round(r.totalSeconds))} s in all, \`npm run bench${r.options.length ? ` -- ${r.options.join(' ')}` : ''}\`, code ${r.code}`,
    '',
    markdownTable(HEADER, reportCells(r.outcomes)),
    '',
    `Targets: ${c.met} met, ${c.missed} missed (${c.noTarget} rows without a target). ` +
      (c.failedBenches.length ? `Benchmarks failed: ${c.failedBenches.join(', ')}.` : `Every benchmark ran to the end (${r.outcomes.length}).`),
    `Time per benchmark: ${r.outcomes.map((o) => `${o.name} ${formatNumber(Math.round(o.seconds))} s`).join(', ')}.`,
  ];
  return `${lines.join('\n')}\n`;
}

export interface RunnerOptions {
  only: BenchName[];
  quick: boolean;
}

/** `--only=webhooks,export` and `--quick`; anything else is a mistake worth stopping for. */
export function parseRunnerArgs(argv: string[]): RunnerOptions {
  const known = BENCHES.map((b) => b.name) as string[];
  let only: BenchName[] = BENCHES.map((b) => b.name);
  let quick = false;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a.startsWith('--only=')) {
      const names = a.slice('--only='.length).split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !known.includes(n));
      if (unknown.length || !names.length) throw new Error(`--only: unknown benchmark ${unknown.join(', ') || '(none given)'}; known: ${known.join(', ')}`);
      // Always in the report's order, whatever order they were named in.
      only = BENCHES.map((b) => b.name).filter((n) => names.includes(n));
    } else throw new Error(`unknown option ${a}; use --only=${known.join(',')} and/or --quick`);
  }
  return { only, quick };
}

/** The npm script and the arguments each selected bench is run with. */
export function planRuns(o: RunnerOptions): { name: BenchName; script: string; args: string[] }[] {
  return BENCHES.filter((b) => o.only.includes(b.name)).map((b) => ({
    name: b.name,
    script: `bench:${b.name}`,
    args: o.quick && b.quick ? ['--quick'] : [],
  }));
}
