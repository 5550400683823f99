import { hasCommand, startPrivateKeyring, type PrivateKeyring } from '../../test/support/keyring';

/**
 * The app keeps the webhook signature key and Square tokens in the keychain (keytar). On Linux without a D-Bus session
 * the benches start the tests' private dbus-daemon + gnome-keyring-daemon and point this process at it; the caller
 * stops it at the end. Elsewhere (a desktop session, macOS, Windows) the real keychain is used and this returns
 * undefined.
 */
export function ensureSessionKeyring(): PrivateKeyring | undefined {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const missing = ['dbus-daemon', 'gnome-keyring-daemon'].filter((c) => !hasCommand(c));
  if (missing.length) throw new Error(`no D-Bus session and ${missing.join(', ')} not installed (install dbus-x11 gnome-keyring)`);
  const keyring = startPrivateKeyring();
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
  return keyring;
}
