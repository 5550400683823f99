import { hasCommand, startPrivateKeyring, type PrivateKeyring } from './keyring';

let keyring: PrivateKeyring | undefined;

export async function setup(): Promise<void> {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return;
  const missing = ['dbus-daemon', 'gnome-keyring-daemon'].filter((c) => !hasCommand(c));
  if (missing.length) {
    // No fallback: keychain tests then fail loudly, which is what CI must see.
    console.warn(`[keyring] ${missing.join(', ')} not installed; install dbus-x11 and gnome-keyring`);
    return;
  }
  keyring = startPrivateKeyring();
  // Workers are forked after global setup and inherit this, so keytar in every test finds the private bus.
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
}

export async function teardown(): Promise<void> {
  keyring?.stop();
}
