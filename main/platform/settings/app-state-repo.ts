import type { Db } from '../db/open';

// Internal, app-managed values (not owner settings): tunnel subdomain, registered notification URL, subscription id.
// Kept in the settings table under an `internal.` prefix, which the owner-facing SettingsRepo never returns.

export type AppStateKey =
  | 'tunnel.subdomain'
  | 'webhook.notificationUrl'
  | 'webhook.subscriptionId'
  | 'webhook.subscriptionState'
  /** The notification URL the owner's pasted signature key was saved for (manual mode). */
  | 'webhook.manualKeyUrl'
  /** The event types the subscription was last written with (comma-separated): an update may subscribe to more. */
  | 'webhook.subscribedEventTypes';

/**
 * One instance per app (the webhook service's), the only writer of these keys, so it keeps what it read or wrote in
 * memory (write-through): the webhook receiver reads the notification URL for every request it verifies.
 */
export class AppStateRepo {
  private readonly s;
  private readonly cache = new Map<AppStateKey, unknown>();

  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck(),
      set: db.prepare(
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      ),
      delete: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  get<T = string>(key: AppStateKey): T | null {
    if (this.cache.has(key)) return this.cache.get(key) as T | null;
    const raw = this.s.get.get(`internal.${key}`) as string | undefined;
    const value = raw === undefined ? null : (JSON.parse(raw) as T);
    this.cache.set(key, value);
    return value;
  }

  set(key: AppStateKey, value: unknown): void {
    const json = JSON.stringify(value);
    this.cache.delete(key);
    this.s.set.run(`internal.${key}`, json, Date.now());
    // What a later get would read back (a JSON round trip, so callers never share a mutable object with the cache).
    this.cache.set(key, JSON.parse(json));
  }

  delete(key: AppStateKey): void {
    this.cache.delete(key);
    this.s.delete.run(`internal.${key}`);
    this.cache.set(key, null);
  }
}
