import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { groupAlive } from './process-group';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READY = /ready at (http:\/\/\S+?)#token=(\S+)/;

export interface ServeHandle {
  /** The full URL `npm run serve` printed, token fragment included. */
  url: string;
  origin: string;
  token: string;
  /** Everything the host wrote so far, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Runs `npm run serve` as a user would, in its own process group (npm → sh → tsx → node), and waits for the
 * "ready at …#token=…" line. stop() sends SIGTERM to the whole group and waits until every process in it is gone.
 */
export async function startServe(opts: {
  dataDir: string;
  token: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<ServeHandle> {
  const child = spawn('npm', ['run', 'serve', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TAXPOYNT_DATA_DIR: opts.dataDir,
      TAXPOYNT_API_PORT: '0',
      TAXPOYNT_API_TOKEN: opts.token,
      TAXPOYNT_LOG_LEVEL: 'warn',
      // Its own keychain service, so e2e runs never read or write a real install's secrets.
      TAXPOYNT_KEYCHAIN_SERVICE: `TaxPoynt POS Desk e2e ${process.pid}`,
      // The real keychain (the test run's own Secret Service): a missing one fails loudly instead of using a file.
      TAXPOYNT_SECRET_STORE: 'keychain',
      NO_COLOR: '1',
      // Tests never reach the public tunnel server; a test that wants a tunnel passes TUNNEL_HOST of its own.
      TUNNEL: 'off',
      ...opts.env,
    },
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = () => stopGroup(child, exited);
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm run serve printed no ready line in ${opts.timeoutMs ?? 60_000} ms:\n${out}`)),
        opts.timeoutMs ?? 60_000,
      );
      const check = () => {
        const m = READY.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout!.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm run serve exited with code ${code} before it was ready:\n${out}`));
      });
    });
    const origin = match[1]!.replace(/\/$/, '');
    return { url: `${match[1]}#token=${match[2]}`, origin, token: match[2]!, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
  await exited;
  // npm may exit before its grandchildren; wait for the whole group, and only then force it.
  const deadline = Date.now() + 10_000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}
