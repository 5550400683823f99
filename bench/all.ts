// npm run bench — every benchmark, one after another, then one table of their headline numbers beside their targets
// and same-run baselines (bench/lib/report.ts). Each bench runs as `npm run bench:<name>` in a child process with
// its output in bench-results/<name>.log, so this console shows only progress and the table, which is also written
// to bench-results/report.md. Exits non-zero when a bench fails; a missed target is a result, not a failure.
//   npm run bench -- --only=export,dashboard   only these (in the report's order)
//   npm run bench -- --quick                   --quick to the benches that have it (webhooks, pipeline)
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  benchFailed,
  countOutcomes,
  machineLine,
  parseRunnerArgs,
  planRuns,
  readSummary,
  renderReport,
  RESULTS_DIR,
  summaryPath,
  type BenchOutcome,
} from './lib/report';
import { gitState, REPO_ROOT } from './lib/script';

const HEARTBEAT_MS = 30_000;

const clock = () => new Date().toISOString().slice(11, 19);

/** The bench running now: stopped with the runner, so an interrupted `npm run bench` leaves no bench behind. */
let current: ChildProcess | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    current?.kill(signal); // npm passes it on to the bench
    console.log(`\n${signal}: stopped${current ? ' the running bench' : ''}; no report written`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** The last non-empty line of a log, shortened: what a long bench is doing now. */
function lastLine(file: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    const line = text.trimEnd().split('\n').at(-1)?.trim() ?? '';
    return line.length > 110 ? `${line.slice(0, 107)}…` : line;
  } catch {
    return '';
  }
}

function runOne(script: string, args: string[], logFile: string): Promise<{ code: number | null; signal: string | null }> {
  const fd = openSync(logFile, 'w');
  const child = spawn('npm', ['run', script, ...(args.length ? ['--', ...args] : [])], { cwd: REPO_ROOT, stdio: ['ignore', fd, fd] });
  closeSync(fd); // the child holds its own copy
  current = child;
  const started = performance.now();
  const heartbeat = setInterval(() => {
    const s = Math.round((performance.now() - started) / 1000);
    console.log(`        ${clock()}  still running (${s} s): ${lastLine(logFile)}`);
  }, HEARTBEAT_MS);
  return new Promise((resolve) => {
    const done = (code: number | null, signal: string | null) => {
      clearInterval(heartbeat);
      current = undefined;
      resolve({ code, signal });
    };
    child.on('error', (err) => {
      writeFileSync(logFile, `\ncould not start npm: ${err.message}\n`, { flag: 'a' });
      done(127, null);
    });
    child.on('exit', (code, signal) => done(code, signal));
  });
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseRunnerArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const plan = planRuns(options);
  const startedAt = new Date().toISOString();
  const machine = machineLine();
  const git = gitState();
  const measured = git ? `${git.commit.slice(0, 7)}${git.dirtyFiles ? ` + ${git.dirtyFiles} uncommitted files` : ''}` : 'unknown';
  const t0 = performance.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  console.log(`npm run bench: ${plan.map((p) => p.name).join(', ')}${options.quick ? ' (--quick where a bench has it)' : ''}`);
  console.log(`machine ${machine}`);
  console.log(`code    ${measured}`);
  console.log('each bench writes its full output to bench-results/<name>.log; shared machines make the numbers noisy');

  const outcomes: BenchOutcome[] = [];
  for (const [i, p] of plan.entries()) {
    const logFile = join(RESULTS_DIR, `${p.name}.log`);
    const shown = relative(REPO_ROOT, logFile);
    // A summary left by an earlier run must never stand in for this one.
    rmSync(summaryPath(RESULTS_DIR, p.name), { force: true });
    console.log(`[${i + 1}/${plan.length}] ${clock()}  ${p.name}: npm run ${p.script}${p.args.length ? ` -- ${p.args.join(' ')}` : ''} > ${shown}`);
    const start = performance.now();
    const { code, signal } = await runOne(p.script, p.args, logFile);
    const seconds = (performance.now() - start) / 1000;
    const outcome: BenchOutcome = { name: p.name, exitCode: code, signal, seconds, log: shown, summary: readSummary(RESULTS_DIR, p.name) };
    outcomes.push(outcome);
    const state = benchFailed(outcome)
      ? `FAILED (${code === null ? `signal ${signal}` : `exit ${code}`}${outcome.summary.ok ? '' : `, ${outcome.summary.reason}`})`
      : `done, ${outcome.summary.ok ? outcome.summary.summary.rows.length : 0} results`;
    console.log(`        ${clock()}  ${p.name} ${state} in ${seconds.toFixed(0)} s`);
  }

  const report = renderReport({ machine, startedAt, code: measured, options: process.argv.slice(2), outcomes, totalSeconds: (performance.now() - t0) / 1000 });
  const reportFile = join(RESULTS_DIR, 'report.md');
  writeFileSync(reportFile, report);
  console.log('');
  console.log(report);
  console.log(`written to ${relative(REPO_ROOT, reportFile)}`);
  return countOutcomes(outcomes).failedBenches.length ? 1 : 0;
}

process.exitCode = await main();
