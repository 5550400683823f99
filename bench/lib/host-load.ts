import { readdirSync, readFileSync } from 'node:fs';

export interface CpuTimes {
  /** Busy time over all cores (user+nice+system+irq+softirq), ms. */
  busyMs: number;
  /** Time the hypervisor ran someone else on our vCPUs, ms. */
  stealMs: number;
}

// USER_HZ is 100 on every Linux that node supports.
const TICK_MS = 10;

/** Whole-machine CPU counters from /proc/stat (Linux); null elsewhere. */
export function readCpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return { busyMs: (user! + nice! + system! + irq! + softirq!) * TICK_MS, stealMs: (steal ?? 0) * TICK_MS };
  } catch {
    return null;
  }
}

/**
 * CPU used during a window by processes other than the bench (server + generator), in % of one core, and vCPU
 * steal. The bench shares its machine: a busy neighbour shows up here, not silently in the latencies.
 */
export function foreignLoad(
  before: CpuTimes | null,
  after: CpuTimes | null,
  ownCpuMs: number,
  wallMs: number,
): { otherCpuPct: number; stealPct: number } | null {
  if (!before || !after || wallMs <= 0) return null;
  const other = Math.max(0, after.busyMs - before.busyMs - ownCpuMs);
  return { otherCpuPct: (other / wallMs) * 100, stealPct: ((after.stealMs - before.stealMs) / wallMs) * 100 };
}

/** CPU time of each thread of this process so far (Linux: /proc/self/task), ms by thread id; null elsewhere. */
export function readThreadTimes(): Map<number, number> | null {
  try {
    const out = new Map<number, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ', 2)[1]!.split(' ');
        out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      } catch {
        // the thread ended meanwhile
      }
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * CPU per event over a window by thread: the main thread (the app's: receiver, worker, SDK), the busiest other
 * thread (in the pipeline's steps its writer thread) and all the others together (the fake Square's thread, V8's
 * garbage-collection helpers, the checkpointer), µs per event.
 */
export function threadSplit(before: Map<number, number> | null, after: Map<number, number> | null, events: number): { mainUs: number; busiestOtherUs: number; restUs: number } | null {
  if (!before || !after || events <= 0) return null;
  const deltas: number[] = [];
  let mainMs = 0;
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) mainMs = d;
    else deltas.push(d);
  }
  deltas.sort((a, b) => b - a);
  const busiest = deltas[0] ?? 0;
  const rest = deltas.slice(1).reduce((a, b) => a + b, 0);
  return { mainUs: (mainMs * 1000) / events, busiestOtherUs: (busiest * 1000) / events, restUs: (rest * 1000) / events };
}
