import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory (MiB) of the node process serving `dataDir`: found by its environment, because `npm run serve`
 * runs it as a grandchild and other hosts may be running beside it. Linux only (/proc); null elsewhere.
 */
export function hostRssMiB(dataDir: string): number | null {
  if (process.platform !== 'linux') return null;
  const marker = `TAXPOYNT_DATA_DIR=${dataDir}\0`;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('node') || !cmd.includes('serve.ts')) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) return Math.round(Number(rss[1]) / 1024);
    } catch {
      // The process ended or is not ours to read.
    }
  }
  return null;
}
