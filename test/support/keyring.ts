import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// keytar on Linux talks to a Secret Service over the D-Bus session bus. CI machines and headless shells have no
// session, so the tests start a private bus and an unlocked gnome-keyring on it. Nothing is mocked: keytar's real
// native code stores and reads real secrets.

export interface PrivateKeyring {
  busAddress: string;
  stop(): void;
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function startPrivateKeyring(): PrivateKeyring {
  const home = mkdtempSync(join(tmpdir(), 'tp-keyring-'));
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, '.local/share') };

  // --fork returns once the bus is listening; it prints the address and then the pid.
  const bus = spawnSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], {
    env,
    encoding: 'utf8',
    timeout: 10_000,
  });
  const [busAddress, pidText] = bus.stdout.trim().split('\n');
  if (bus.status !== 0 || !busAddress?.startsWith('unix:')) {
    throw new Error(`dbus-daemon did not start: ${bus.stderr || bus.error?.message}`);
  }
  const busPid = Number(pidText);

  // Without --foreground the daemon's parent returns only when the secrets component is registered on the bus.
  // The password goes on stdin without a newline: with one, no usable "login" collection appears (docs/testing.md).
  const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    env: { ...env, DBUS_SESSION_BUS_ADDRESS: busAddress },
    input: 'taxpoynt-test',
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (keyring.status !== 0) {
    process.kill(busPid, 'SIGTERM');
    throw new Error(`gnome-keyring-daemon did not start: ${keyring.stderr || keyring.error?.message}`);
  }

  return {
    busAddress,
    stop() {
      // gnome-keyring-daemon exits by itself when its session bus goes away.
      try {
        process.kill(busPid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
