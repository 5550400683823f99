import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// What both benchmark scripts do around their measurements: say which code was measured, and when run directly,
// write the results to bench-results/ and exit with a status.

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** HEAD and how many files differ from it (under `paths`, or anywhere): others may be editing the tree. */
export function gitState(paths: string[] = []): { commit: string; dirtyFiles: number } | null {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const dirty = spawnSync('git', ['status', '--porcelain', ...(paths.length ? ['--', ...paths] : [])], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { commit: head.stdout.trim(), dirtyFiles: dirty.stdout.split('\n').filter(Boolean).length };
}

/** When `moduleUrl` is the script node was started with: runs the bench and writes bench-results/<resultFile>. */
export function runAsScript(moduleUrl: string, resultFile: string, run: () => Promise<unknown>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  run().then(
    (results) => {
      const file = join(REPO_ROOT, 'bench-results', resultFile);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      console.log(`results written to ${file}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
