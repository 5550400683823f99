import { spawn, type ChildProcess } from 'node:child_process';

// The real headless entry point (what `npm run serve` runs after building the renderer) as a child process.
const TSX = 'node_modules/.bin/tsx';

/** Starts main/host/serve.ts; `env` is laid over this process's; a variable set to undefined is removed. */
export function startServe(env: Record<string, string | undefined>): ChildProcess {
  const merged: NodeJS.ProcessEnv = { ...process.env, TAXPOYNT_LOG_LEVEL: 'silent', TAXPOYNT_KEYCHAIN_SERVICE: 'TaxPoynt POS Desk serve test', TUNNEL: 'off', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return spawn(TSX, ['main/host/serve.ts'], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The URL of the one ready line; rejects (with what the host printed) if it exits first. */
export function readyUrl(child: ChildProcess): Promise<URL> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /ready at (http:\/\/\S+)\n/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}
