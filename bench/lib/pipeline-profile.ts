import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

// A CPU profile of the bench's own process (app + fake Square share it, and its one JavaScript thread), taken with
// the inspector over one step, and a breakdown of where the samples went. A sample is charged to the first category
// whose rule matches any frame of its stack, so the order of CATEGORIES matters (most specific first).

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

type Frame = { fn: string; url: string };
const inFile = (f: Frame, path: string) => f.url.includes(path);
const fnIn = (f: Frame, fn: string, path: string) => f.fn === fn && inFile(f, path);

interface Category {
  name: string;
  match(stack: Frame[]): boolean;
}

const any = (pred: (f: Frame) => boolean) => (stack: Frame[]) => stack.some(pred);

/** Inside the worker's batch transaction (BatchCommitter.commitBatch; on the main thread only with --thread=main). */
const inCommit = (s: Frame[]) => s.some((f) => fnIn(f, 'commitBatch', '/main/pipeline/batch-committer.ts'));

export const CATEGORIES: Category[] = [
  { name: 'fake Square: its handlers, JSON and call log (test double, same thread)', match: any((f) => inFile(f, '/test/fakes/fake-square/')) },
  { name: 'keychain reads (keytar, D-Bus round trip)', match: any((f) => inFile(f, '/node_modules/keytar/')) },
  {
    name: "app: webhooks.status() on every 'webhooks.changed'",
    match: any((f) => fnIn(f, 'status', '/main/webhooks/webhook-service.ts')),
  },
  {
    name: 'app: connection reads (worker isConnected, receiver currentMerchantId)',
    match: any((f) => (f.fn === 'status' || f.fn === 'isConnected' || f.fn === 'currentMerchantId') && inFile(f, '/main/square/connection-service.ts')),
  },
  { name: 'worker: claim query (UPDATE … RETURNING)', match: any((f) => fnIn(f, 'claim', '/main/pipeline/inbox-claims.ts')) },
  { name: 'batch commit: convert order → invoice draft', match: (s) => inCommit(s) && s.some((f) => inFile(f, '/main/invoices/')) },
  {
    name: 'batch commit: Square objects to JSON for storage',
    match: (s) => inCommit(s) && s.some((f) => inFile(f, '/main/square/wire.ts') || inFile(f, '/node_modules/square/')),
  },
  { name: 'batch commit: SQLite statements, BEGIN/COMMIT (WAL append)', match: inCommit },
  { name: 'writer thread: calls posted to it (structured clone of batches and wires)', match: any((f) => inFile(f, '/main/pipeline/writer-thread.ts')) },
  {
    name: 'worker: event parse + Square SDK calls (fetch, response parsing)',
    match: any((f) => inFile(f, '/main/pipeline/') || inFile(f, '/node_modules/square/') || inFile(f, 'undici') || inFile(f, '/main/square/')),
  },
  {
    name: 'webhook receiver: read, verify, parse, group-commit insert, answer',
    match: any((f) => inFile(f, '/main/webhooks/') || inFile(f, '/main/host/read-body')),
  },
  { name: 'sync / backfill: pages → inbox', match: any((f) => inFile(f, '/main/sync/')) },
  { name: 'bench bookkeeping (bus listener, polling)', match: any((f) => inFile(f, '/bench/')) },
  { name: 'other app code (bus, repos, logger)', match: any((f) => inFile(f, '/main/')) },
  { name: 'node http/net/streams (both servers and the client; not attributable)', match: any((f) => f.url.startsWith('node:') || f.url === '') },
];
const GC = 'garbage collector';
const IDLE = 'idle (event loop waiting)';
const PROGRAM = 'V8/native without a JS frame';
const OTHER = 'other';

export interface CategoryShare {
  name: string;
  ms: number;
  share: number;
}

export function breakdown(p: CpuProfile): { totalMs: number; busyMs: number; categories: CategoryShare[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Samples taken while the inspector call that started the profiler returned are the profiler's, not the app's.
  const selfCache = new Map<number, boolean>();
  const isProfilerItself = (id: number): boolean => {
    let v = selfCache.get(id);
    if (v === undefined) {
      const cf = byId.get(id)!.callFrame;
      const up = parent.get(id);
      v = cf.functionName === 'startProfile' || cf.url === 'node:inspector' || (up !== undefined && isProfilerItself(up));
      selfCache.set(id, v);
    }
    return v;
  };
  const stackCache = new Map<number, string>();
  const classify = (id: number): string => {
    const cached = stackCache.get(id);
    if (cached) return cached;
    const leaf = byId.get(id)!.callFrame.functionName;
    let name: string;
    if (leaf === '(garbage collector)') name = GC;
    else if (leaf === '(idle)') name = IDLE;
    else if (leaf === '(program)') name = PROGRAM;
    else {
      const stack: Frame[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const cf = byId.get(at)!.callFrame;
        stack.push({ fn: cf.functionName, url: cf.url });
      }
      name = CATEGORIES.find((c) => c.match(stack))?.name ?? OTHER;
    }
    stackCache.set(id, name);
    return name;
  };
  const ms = new Map<string, number>();
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    if (isProfilerItself(id)) return;
    totalUs += dt;
    const c = classify(id);
    ms.set(c, (ms.get(c) ?? 0) + dt / 1000);
  });
  const totalMs = totalUs / 1000;
  const busyMs = totalMs - (ms.get(IDLE) ?? 0);
  const categories = [...ms]
    .map(([name, v]) => ({ name, ms: v, share: totalMs > 0 ? v / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs, busyMs, categories };
}

export interface RunningProfile {
  /** Stops sampling; optionally keeps the raw profile (open it in Chrome DevTools). */
  stop(saveTo?: string): Promise<CpuProfile>;
}

/** Starts sampling the bench's own process (every thread's JavaScript runs on the main thread here). */
export async function startProfile(intervalUs = 1000): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop(saveTo?: string) {
      try {
        const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
        if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
        return profile;
      } finally {
        session.disconnect();
      }
    },
  };
}
