import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { signedPaymentBodies, type SignedBody } from './payload';
import type { Counts, FromGenerator, StepOutcome, StepSpec, ToGenerator } from './protocol';
import { CONN_ERROR, RawHttpPool, requestBytes, TIMEOUT } from './raw-http-pool';
import { summarize } from './stats';

// Open-loop load generator, run as a child process (fork) so it never shares an event loop or a core with the
// server under test. Request i is sent at start + i/rate whatever happened to earlier requests: a slow answer
// never delays later sends (no coordinated omission). Bodies are built and signed before the clock starts.

const PENDING = 0;

function send(msg: FromGenerator): void {
  process.send!(msg);
}

async function runStep(spec: StepSpec, bodies: SignedBody[]): Promise<StepOutcome> {
  if (spec.host !== '127.0.0.1') throw new Error('the load generator only talks to 127.0.0.1');
  const total = bodies.length;
  const warmCount = Math.round((spec.rate * spec.warmupMs) / 1000);
  const interval = 1000 / spec.rate;
  const requests = bodies.map((b) =>
    requestBytes(spec.host, spec.port, spec.path, { 'Content-Type': 'application/json', 'X-Square-Hmacsha256-Signature': b.signature }, b.body),
  );
  let socketsOpened = 0;
  const sendAt = new Float64Array(total);
  const endAt = new Float64Array(total);
  const status = new Int16Array(total);
  let completed = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const finish = (i: number, code: number) => {
    if (status[i] !== PENDING) return;
    status[i] = code;
    endAt[i] = performance.now();
    if (++completed === total) allDone();
  };
  const pool = new RawHttpPool(
    { host: spec.host, port: spec.port, maxSockets: spec.maxSockets, timeoutMs: spec.timeoutMs, onDone: finish, onConnect: () => (socketsOpened += 1) },
    () => performance.now(),
  );
  const fire = (i: number) => {
    sendAt[i] = performance.now();
    pool.send(i, requests[i]!);
  };

  const cpu0 = process.cpuUsage();
  const start = performance.now() + 2;
  const intended = (i: number) => start + i * interval;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && intended(next) <= now) fire(next++);
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, intended(next) - performance.now()));
    };
    setTimeout(tick, 2);
  });
  // Everything is sent; wait for the answers, but not forever.
  const deadline = intended(total - 1) + spec.drainMs;
  await Promise.race([done, new Promise((r) => setTimeout(r, Math.max(0, deadline - performance.now())).unref())]);
  for (let i = 0; i < total; i++) if (status[i] === PENDING) finish(i, TIMEOUT);
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  pool.destroy();

  const statusCodes: Record<string, number> = {};
  const all: Counts = { sent: total, ok: 0, non200: 0, timeouts: 0, connErrors: 0 };
  const measured: Counts = { sent: total - warmCount, ok: 0, non200: 0, timeouts: 0, connErrors: 0 };
  const lat: number[] = [];
  const latSched: number[] = [];
  const lag: number[] = [];
  let lastMeasuredEnd = intended(warmCount);
  for (let i = 0; i < total; i++) {
    const code = status[i]!;
    const key = code === TIMEOUT ? 'timeout' : code === CONN_ERROR ? 'connection error' : String(code);
    statusCodes[key] = (statusCodes[key] ?? 0) + 1;
    const buckets = i >= warmCount ? [all, measured] : [all];
    for (const c of buckets) {
      if (code === 200) c.ok += 1;
      else if (code === TIMEOUT) c.timeouts += 1;
      else if (code === CONN_ERROR) c.connErrors += 1;
      else c.non200 += 1;
    }
    if (i < warmCount) continue;
    lag.push(sendAt[i]! - intended(i));
    if (code === 200) {
      lat.push(endAt[i]! - sendAt[i]!);
      latSched.push(endAt[i]! - intended(i));
      if (endAt[i]! > lastMeasuredEnd) lastMeasuredEnd = endAt[i]!;
    }
  }
  const windowMs = Math.max(spec.durationMs, lastMeasuredEnd - intended(warmCount));
  return {
    rate: spec.rate,
    all,
    measured,
    latency: summarize(lat),
    latencyFromSchedule: summarize(latSched),
    scheduleLag: summarize(lag),
    achievedRate: measured.ok / (windowMs / 1000),
    generatorCpuPct: ((cpu.user + cpu.system) / 1000 / (end - start)) * 100,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
    socketsOpened,
    runMs: end - start,
    bodyBytes: bodies[0]?.body.length ?? 0,
    statusCodes,
    ...(spec.recordSendTimes ? { sendEpochMs: Array.from(sendAt, (t) => performance.timeOrigin + t) } : {}),
  };
}

/** Bodies another bench built (StepSpec.bodiesFile): one `<signature>\t<body>` line each, used in file order. */
function bodiesFromFile(file: string, total: number): SignedBody[] {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  if (lines.length < total) throw new Error(`${file} has ${lines.length} bodies, the step needs ${total}`);
  return lines.slice(0, total).map((line) => {
    const tab = line.indexOf('\t');
    return { signature: line.slice(0, tab), body: Buffer.from(line.slice(tab + 1), 'utf8') };
  });
}

if (!process.send) throw new Error('bench/lib/load-generator.ts runs as a child process of bench/webhooks.ts');

let prepared: { id: number; spec: StepSpec; bodies: SignedBody[] } | null = null;
let seq = 0;

process.on('message', (msg: ToGenerator) => {
  if (msg.kind === 'exit') {
    process.disconnect();
    return;
  }
  if (msg.kind === 'prepare') {
    const t0 = performance.now();
    const total = Math.round((msg.spec.rate * (msg.spec.warmupMs + msg.spec.durationMs)) / 1000);
    let bodies: SignedBody[];
    if (msg.spec.bodiesFile) {
      try {
        bodies = bodiesFromFile(msg.spec.bodiesFile, total);
      } catch (err) {
        send({ kind: 'error', id: msg.id, message: (err as Error).message });
        return;
      }
    } else {
      bodies = signedPaymentBodies(total, msg.spec.notificationUrl, msg.spec.signatureKey, seq);
      seq += total;
    }
    prepared = { id: msg.id, spec: msg.spec, bodies };
    send({ kind: 'ready', id: msg.id, prepareMs: performance.now() - t0 });
    return;
  }
  const p = prepared;
  prepared = null;
  if (!p || p.id !== msg.id) {
    send({ kind: 'error', id: msg.id, message: 'run without a matching prepare' });
    return;
  }
  runStep(p.spec, p.bodies).then(
    (outcome) => send({ kind: 'result', id: msg.id, outcome }),
    (err: unknown) => send({ kind: 'error', id: msg.id, message: (err as Error).stack ?? String(err) }),
  );
});
