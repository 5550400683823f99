import { readFileSync } from 'node:fs';

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
