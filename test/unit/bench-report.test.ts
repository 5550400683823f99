import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countOutcomes,
  markdownTable,
  parseRunnerArgs,
  planRuns,
  readSummary,
  renderReport,
  reportCells,
  summaryPath,
  verdict,
  writeSummary,
  type BenchOutcome,
  type BenchSummary,
  type SummaryRow,
} from '../../bench/lib/report';
import { dashboardSummaryRows } from '../../bench/lib/summary-dashboard';
import { exportSummaryRows } from '../../bench/lib/summary-export';
import { pipelineSummaryRows } from '../../bench/lib/summary-pipeline';
import { webhookSummaryRows } from '../../bench/lib/summary-webhooks';
import type { PipelineBenchResults } from '../../bench/pipeline';
import type { WebhookBenchResults } from '../../bench/webhooks';

// The one report of `npm run bench` (bench/all.ts): summaries read from real files, the table's verdicts, order and
// failed benches. No benchmark runs here.

const summary = (bench: string, rows: SummaryRow[], quick = false): BenchSummary => ({
  bench, machine: 'test machine', startedAt: '2026-12-01T09:00:00.000Z', quick, rows,
});
const ran = (s: BenchSummary, seconds = 60): BenchOutcome => ({
  name: s.bench, exitCode: 0, seconds, log: `bench-results/${s.bench}.log`, summary: { ok: true, summary: s },
});

const met: SummaryRow = { metric: 'ack p99 at 100/s', value: 5.32, unit: 'ms', target: { op: '<=', value: 100 }, baseline: { value: 4.11, label: 'raw node:http' } };
const missed: SummaryRow = { metric: 'sustained rate', value: 1250, unit: 'events/s', target: { op: '>=', value: 2500 }, note: 'search stopped early' };
const noTarget: SummaryRow = { metric: 'host memory', value: 226, unit: 'MiB' };

describe('verdict', () => {
  it('is met on the right side of the limit, inclusive, for both directions', () => {
    expect(verdict({ metric: 'a', value: 50, unit: 'ms', target: { op: '<=', value: 50 } })).toBe('met');
    expect(verdict({ metric: 'a', value: 50.01, unit: 'ms', target: { op: '<=', value: 50 } })).toBe('missed');
    expect(verdict({ metric: 'a', value: 2500, unit: '/s', target: { op: '>=', value: 2500 } })).toBe('met');
    expect(verdict({ metric: 'a', value: 2499, unit: '/s', target: { op: '>=', value: 2500 } })).toBe('missed');
  });

  it('counts a target that was not measured as missed, and a row without a target as neither', () => {
    expect(verdict({ metric: 'a', value: null, unit: 's', target: { op: '<=', value: 30 } })).toBe('missed');
    expect(verdict(noTarget)).toBe('no target');
  });
});

describe('reportCells', () => {
  it('renders met, missed and no-target rows with their target, verdict and same-run baseline', () => {
    const cells = reportCells([ran(summary('webhooks', [met, missed, noTarget]))]);
    expect(cells).toEqual([
      ['webhooks', 'ack p99 at 100/s', '5.32 ms', '≤ 100 ms', 'yes', '4.11 ms (raw node:http)'],
      ['webhooks', 'sustained rate', '1,250 events/s (search stopped early)', '≥ 2,500 events/s', '**no**', '–'],
      ['webhooks', 'host memory', '226 MiB', '–', '–', '–'],
    ]);
  });

  it('orders benches as npm run bench runs them, unknown ones last, and keeps each bench’s own row order', () => {
    const outcomes = [
      ran(summary('dashboard', [{ metric: 'd1', value: 1, unit: 'ms' }])),
      ran(summary('zzz-extra', [{ metric: 'z1', value: 1, unit: 'ms' }])),
      ran(summary('webhooks', [{ metric: 'w2', value: 1, unit: 'ms' }, { metric: 'w1', value: 1, unit: 'ms' }])),
      ran(summary('export', [{ metric: 'e1', value: 1, unit: 's' }])),
    ];
    expect(reportCells(outcomes).map((c) => `${c[0]}:${c[1]}`)).toEqual(['webhooks:w2', 'webhooks:w1', 'export:e1', 'dashboard:d1', 'zzz-extra:z1']);
  });

  it('shows a failed bench as a row with its exit code and log, and marks a quick run', () => {
    const failed: BenchOutcome = { name: 'ui', exitCode: 1, seconds: 12.4, log: 'bench-results/ui.log', summary: { ok: false, reason: 'no summary written' } };
    const cells = reportCells([failed, ran(summary('pipeline', [met], true))]);
    expect(cells[0]).toEqual(['pipeline (quick)', met.metric, '5.32 ms', '≤ 100 ms', 'yes', '4.11 ms (raw node:http)']);
    expect(cells[1]![0]).toBe('ui');
    expect(cells[1]![2]).toBe('**FAILED**: exit code 1, no summary written after 12 s; see bench-results/ui.log');
    const killed: BenchOutcome = { ...failed, exitCode: null, signal: 'SIGKILL' };
    expect(reportCells([killed])[0]![2]).toContain('killed (SIGKILL)');
  });
});

describe('renderReport and countOutcomes', () => {
  it('counts targets met and missed and names failed benches, including one that exited 0 without a summary', () => {
    const silent: BenchOutcome = { name: 'export', exitCode: 0, seconds: 5, log: 'bench-results/export.log', summary: { ok: false, reason: 'no summary written' } };
    const outcomes = [ran(summary('webhooks', [met, missed, noTarget])), silent];
    expect(countOutcomes(outcomes)).toEqual({ met: 1, missed: 1, noTarget: 1, failedBenches: ['export'] });
    const text = renderReport({ machine: 'AMD EPYC, 2 cores', startedAt: '2026-12-01T09:30:12.345Z', code: 'abc1234', options: ['--quick'], outcomes, totalSeconds: 1234.4 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Machine: AMD EPYC, 2 cores');
    expect(lines[1]).toBe('Run: 2026-12-01 09:30 UTC, 1,234 s in all, `npm run bench -- --quick`, code abc1234');
    expect(lines[3]).toMatch(/^\| benchmark +\| metric +\| result +\| target +\| met\? +\| baseline \(same run\) +\|$/);
    expect(text).toContain('Targets: 1 met, 1 missed (1 rows without a target). Benchmarks failed: export.');
    expect(text).toContain('Time per benchmark: webhooks 60 s, export 5 s.');
  });

  it('says every bench ran when none failed', () => {
    const text = renderReport({ machine: 'm', startedAt: '2026-12-01T09:30:12.345Z', code: 'c', options: [], outcomes: [ran(summary('ui', [met]))], totalSeconds: 3 });
    expect(text).toContain('`npm run bench`, code c');
    expect(text).toContain('Targets: 1 met, 0 missed (0 rows without a target). Every benchmark ran to the end (1).');
  });
});

describe('markdownTable', () => {
  it('pads every column to one width (by characters, not bytes) and escapes pipes inside cells', () => {
    const t = markdownTable(['a', 'b'], [['≤ 1', 'x|y'], ['long cell', '']]).split('\n');
    expect(t).toEqual([
      '| a         | b    |',
      '|-----------|------|',
      '| ≤ 1       | x\\|y |',
      '| long cell |      |',
    ]);
  });
});

describe('summary files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-report-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what writeSummary wrote, with the machine and the process start', () => {
    const file = writeSummary('export', [met, { metric: 'not run', value: null, unit: 's', target: { op: '<=', value: 30 } }], dir);
    expect(file).toBe(summaryPath(dir, 'export'));
    const read = readSummary(dir, 'export');
    if (!read.ok) throw new Error(read.reason);
    expect(read.summary.bench).toBe('export');
    expect(read.summary.rows).toEqual([met, { metric: 'not run', value: null, unit: 's', target: { op: '<=', value: 30 } }]);
    expect(read.summary.machine).toMatch(/cores, .* GiB · .* · Node v\d+/);
    expect(Date.parse(read.summary.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ bench: 'export', quick: false });
  });

  it('refuses a row that is not in the shared shape when writing', () => {
    expect(() => writeSummary('export', [{ metric: '', value: 1, unit: 'ms' }], dir)).toThrow();
  });

  it('says why a summary cannot be used: missing, not JSON, wrong shape, another bench', () => {
    expect(readSummary(dir, 'ui')).toEqual({ ok: false, reason: 'no summary written' });
    writeFileSync(summaryPath(dir, 'ui'), '{"bench": "ui", ');
    expect(readSummary(dir, 'ui')).toMatchObject({ ok: false, reason: expect.stringMatching(/^summary is not JSON/) });
    writeFileSync(summaryPath(dir, 'ui'), JSON.stringify({ ...summary('ui', []), rows: [{ metric: 'x', value: '12', unit: 'ms' }] }));
    expect(readSummary(dir, 'ui')).toMatchObject({ ok: false, reason: expect.stringContaining('rows.0.value') });
    writeFileSync(summaryPath(dir, 'ui'), JSON.stringify(summary('export', [])));
    expect(readSummary(dir, 'ui')).toEqual({ ok: false, reason: 'summary names another bench (export)' });
  });
});

describe('runner options', () => {
  it('runs every bench in the report order, --only in that order whatever the order named, --quick only where supported', () => {
    expect(planRuns(parseRunnerArgs([])).map((p) => p.name)).toEqual(['webhooks', 'pipeline', 'ui', 'export', 'dashboard']);
    const plan = planRuns(parseRunnerArgs(['--only=dashboard,pipeline,export', '--quick']));
    expect(plan).toEqual([
      { name: 'pipeline', script: 'bench:pipeline', args: ['--quick'] },
      { name: 'export', script: 'bench:export', args: [] },
      { name: 'dashboard', script: 'bench:dashboard', args: [] },
    ]);
  });

  it('stops on an unknown bench or option instead of running something else', () => {
    expect(() => parseRunnerArgs(['--only=webhook'])).toThrow(/unknown benchmark webhook/);
    expect(() => parseRunnerArgs(['--only='])).toThrow(/none given/);
    expect(() => parseRunnerArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});

describe('bench summaries', () => {
  it('export: time against the file-creation floor for NRS JSON, memory against the process at start', () => {
    const child = (format: string, ms: number, peak: number, ok = true) => ({ format, ms, peakRssMb: peak, startRssMb: 66, ok, files: 1, bytes: 1, phases: {} });
    const rows = exportSummaryRows([child('nrs-json', 12_000, 280), child('csv', 3_300, 236, false)], 14_800, 50_000, { ms: 10_000, mb: 300 });
    expect(rows.map((r) => [r.metric, r.value, verdict(r), r.baseline?.value, r.note])).toEqual([
      ['NRS JSON export, 50,000 invoices: time', 12, 'missed', 14.8, undefined],
      ['NRS JSON export, 50,000 invoices: peak memory', 280, 'met', 66, undefined],
      ['CSV export, 50,000 invoices: time', 3.3, 'met', undefined, 'export refused'],
      ['CSV export, 50,000 invoices: peak memory', 236, 'met', 66, 'export refused'],
    ]);
  });

  it('dashboard: each read at the slower of the two shops', () => {
    const s = (name: string, p95: number) => ({ name, count: 20, mean: 1, p50: 1, p95, p99: p95, p999: p95, max: p95 });
    const rows = dashboardSummaryRows({ count: 100_000, results: { year: [s('last sale', 0.1), s('chart', 2)], month: [s('last sale', 0.2), s('chart', 60)] } });
    expect(rows.map((r) => [r.metric, r.value, verdict(r)])).toEqual([
      ['last sale: p95 at 100,000 documents', 0.2, 'met'],
      ['chart: p95 at 100,000 documents', 60, 'missed'],
    ]);
  });

  it('webhooks: p99 per rate beside the raw server, loss counted over the fixed steps, a zero rate explained', () => {
    const step = (target: string, rate: number, p99: number, sent: number, stored: number) =>
      ({ target, rate, outcome: { latency: { p99 }, all: { sent } }, server: { stored }, errors: 0 });
    const r = {
      fixed: [step('baseline', 100, 4, 600, 600), step('receiver', 100, 150, 600, 598), step('baseline', 500, 6, 3000, 3000), step('receiver', 500, 20, 3000, 3000)],
      maxSustained: { receiver: { rate: 0, stoppedBy: 'target' }, baseline: { rate: 2000, stoppedBy: 'load generator' } },
    } as unknown as WebhookBenchResults;
    const rows = webhookSummaryRows(r);
    expect(rows.map((x) => [x.metric, x.value, verdict(x), x.baseline?.value])).toEqual([
      ['acknowledgement p99 at 100/s', 150, 'missed', 4],
      ['acknowledgement p99 at 500/s', 20, 'met', 6],
      ['webhooks lost at 100, 500/s', 2, 'missed', 0],
      ['highest rate with zero loss, p99 ≤ 100 ms', 0, 'no target', 2000],
    ]);
    expect(rows[3]!.note).toBe('below the lowest rate tried, 100/s');
    expect(rows[3]!.baseline!.label).toBe("raw node:http, at least; the load generator stopped the search");
  });

  it('pipeline: the latency target up to 500/s only, targets from the bench, an extrapolated backfill said so', () => {
    const step = (rate: number, p99: number, pass = true, missing = 0) =>
      ({ rate, endToEnd: { p99 }, pass, loss: { missing, duplicates: 0 }, history: 20_000 });
    const r = {
      fixed: [step(100, 30), step(500, 60), step(1000, 900, false, 3)],
      search: [step(1250, 400)],
      history: step(100, 45),
      maxSustained: { rate: 1250, stoppedBy: 'pipeline' },
      baselines: { sqlite: { eventsPerSec: 4300 } },
      backfill: [{ orders: 20_000, invoicedMs: 12_700, zeroLoss: true, completed: true }],
      backfill100k: { measured: false, seconds: 63.5, basis: 'linear' },
      targets: { p99Ms: 50, eventsPerSec: 2500, backfill100kSec: 30 },
    } as unknown as PipelineBenchResults;
    const rows = pipelineSummaryRows(r);
    expect(rows.map((x) => [x.metric, x.value, verdict(x), x.note])).toEqual([
      ['webhook → invoice p99 at 100/s', 30, 'met', undefined],
      ['webhook → invoice p99 at 500/s', 60, 'missed', undefined],
      ['webhook → invoice p99 at 1000/s', 900, 'no target', 'did not keep up'],
      ['webhook → invoice p99 at 100/s, 20,000 events already in the inbox', 45, 'met', undefined],
      ['sustained rate, zero loss', 1250, 'missed', undefined],
      ['sales lost or invoiced twice, all rate steps', 3, 'missed', undefined],
      ['backfill of 20,000 orders, all invoiced', 12.7, 'no target', undefined],
      ['backfill of 100,000 orders, all invoiced', 63.5, 'missed', 'extrapolated'],
    ]);
    expect(rows[4]!.target).toEqual({ op: '>=', value: 2500 });
    expect(rows[4]!.baseline).toEqual({ value: 4300, label: 'SQLite alone, same rows per sale' });
  });
});
