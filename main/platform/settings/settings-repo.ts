import type { Db } from '../db/open';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/settings';

/** Settings persisted one row per key, JSON-encoded; unknown or invalid stored values fall back to defaults. */
export class SettingsRepo {
  private readonly allStmt;

  constructor(private readonly db: Db) {
    this.allStmt = db.prepare('SELECT key, value_json FROM settings');
  }

  getAll(): Settings {
    return this.read().settings;
  }

  /**
   * Whether the owner has chosen how webhooks arrive: a webhook mode is stored (any value, the one an earlier version
   * stored included), or a public URL from before the mode was a choice. Until then the mode is the default, off.
   */
  webhookModeChosen(): boolean {
    return this.read().webhookModeChosen;
  }

  private read(): { settings: Settings; webhookModeChosen: boolean } {
    const rows = this.allStmt.all() as { key: string; value_json: string }[];
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      if (!(row.key in DEFAULT_SETTINGS)) continue;
      const field = settingsSchema.shape[row.key as keyof Settings];
      const parsed = field.safeParse(JSON.parse(row.value_json));
      // A value written by an older version that no longer validates must not break the app: use the default.
      if (parsed.success) merged[row.key] = parsed.data;
    }
    // Before the webhook mode was a choice, a public URL meant "use it": an install from then keeps doing so.
    const modeStored = rows.some((r) => r.key === 'webhookMode');
    if (!modeStored && merged.webhookPublicUrl) merged.webhookMode = 'public_url';
    return { settings: merged as Settings, webhookModeChosen: modeStored || merged.webhookPublicUrl !== '' };
  }

  /** Writes the given keys in one transaction and returns the full settings afterwards. */
  update(patch: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    );
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        upsert.run(key, JSON.stringify(value), now);
      }
    })();
    return this.getAll();
  }
}
