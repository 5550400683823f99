import type { Db } from '../db/open';

// Internal, app-managed values (not owner settings): tunnel subdomain, registered notification URL, subscription id.
// Kept in the settings table under an `internal.` prefix, which the owner-facing SettingsRepo never returns.

export type AppStateKey =
  | 'tunnel.subdomain'
  | 'webhook.notificationUrl'
  | 'webhook.subscriptionId'
  | 'webhook.subscriptionState'
  /** The notification URL the owner's pasted signature key was saved for (manual mode). */
  | 'webhook.manualKeyUrl';

export class AppStateRepo {
  // Prepared once: the webhook receiver reads the notification URL for every request it verifies.
  private readonly s;

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
    const raw = this.s.get.get(`internal.${key}`) as string | undefined;
    return raw === undefined ? null : (JSON.parse(raw) as T);
  }

  set(key: AppStateKey, value: unknown): void {
    this.s.set.run(`internal.${key}`, JSON.stringify(value), Date.now());
  }

  delete(key: AppStateKey): void {
    this.s.delete.run(`internal.${key}`);
  }
}
