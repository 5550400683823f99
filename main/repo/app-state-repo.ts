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
  constructor(private readonly db: Db) {}

  get<T = string>(key: AppStateKey): T | null {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(`internal.${key}`) as
      | { value_json: string }
      | undefined;
    return row ? (JSON.parse(row.value_json) as T) : null;
  }

  set(key: AppStateKey, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(`internal.${key}`, JSON.stringify(value), Date.now());
  }

  delete(key: AppStateKey): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(`internal.${key}`);
  }
}
