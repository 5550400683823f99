import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  kernel: string;
  arch: string;
  node: string;
  v8: string;
  betterSqlite3: string;
  sqlite: string;
  tmpdir: string;
  tmpdirFs: string;
  loadAvg: number[];
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What the numbers were measured on: they mean little without it. */
export function machineInfo(sqliteVersion: string): MachineInfo {
  const cpus = os.cpus();
  const fs = process.platform === 'linux' ? spawnSync('stat', ['-f', '-c', '%T', os.tmpdir()], { encoding: 'utf8' }).stdout?.trim() : '';
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: process.platform,
    kernel: os.release(),
    arch: process.arch,
    node: process.version,
    v8: process.versions.v8,
    betterSqlite3: packageVersion('better-sqlite3'),
    sqlite: sqliteVersion,
    tmpdir: os.tmpdir(),
    tmpdirFs: fs || 'unknown',
    loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export function formatMachine(m: MachineInfo): string {
  return [
    `date        ${m.date}`,
    `cpu         ${m.cpuModel}, ${m.cores} cores available, ${m.memoryGiB} GiB RAM`,
    `os          ${m.platform} ${m.kernel} ${m.arch}, load average ${m.loadAvg.join(' ')}`,
    `node        ${m.node} (V8 ${m.v8})`,
    `sqlite      ${m.sqlite} via better-sqlite3 ${m.betterSqlite3}; data dir under ${m.tmpdir} (${m.tmpdirFs})`,
  ].join('\n');
}
