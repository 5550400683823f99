import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Channel, ChannelInput, ChannelOutput } from '../shared/contract';

// The headless host as a child process of the demo (the same entry as `npm run serve`), and its HTTP API as the
// dashboard calls it. The demo connects it to the fake Square through this API only: no browser step, nothing the
// owner could not do from the screens.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const READY = /ready at (http:\/\/\S+?)#token=(\S+)/;

export interface DemoHost {
  /** The URL to open, token fragment included. */
  url: string;
  origin: string;
  token: string;
  call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** SIGTERM, then waits for the host to finish writing and exit. */
  stop(): Promise<void>;
}

export async function startDemoHost(env: Record<string, string>, timeoutMs = 60_000): Promise<DemoHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/host/serve.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  // The host's warnings and errors go on to the terminal: the owner of the demo should see them.
  child.stderr!.setEncoding('utf8').on('data', (d: string) => process.stderr.write(d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host printed no ready line in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with code ${code} before it was ready:\n${out}`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child, exited);
    throw err;
  });

  const origin = match[1]!.replace(/\/$/, '');
  const token = match[2]!;
  return {
    url: `${match[1]}#token=${token}`,
    origin,
    token,
    async call(channel, input) {
      const res = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      if (!res.ok) throw new Error(`${channel}: HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as ChannelOutput<typeof channel>;
    },
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Asks `check` until it answers true, at most `timeoutMs` (a script waiting for the host, not the UI). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
