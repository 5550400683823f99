import type { Db } from '../platform/db/open';
import type { ConnectionStatus, SquareConnectionView, SquareEnvironment, SquareLocationView } from '../../shared/square';

// The Square connection as SQLite knows it: merchant, environment, scopes, expiry and status. Never a token.

interface ConnectionRow {
  merchant_id: string; merchant_name: string | null; environment: SquareEnvironment; status: ConnectionStatus;
  status_reason: string | null; scopes: string; access_token_expires_at: string | null; connected_at: number;
}

export interface SaveConnection {
  merchantId: string;
  merchantName: string | null;
  environment: SquareEnvironment;
  scopes: string[];
  accessTokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
}

export interface SaveLocation {
  id: string;
  name: string;
  currency: string;
  country: string | null;
  timezone: string | null;
  status: string | null;
  raw: unknown;
}

export class ConnectionsRepo {
  // Prepared once: the webhook receiver and the pipeline worker ask for the current connection all the time.
  private readonly currentStmt;
  private readonly timezoneStmt;
  private readonly currentLeanStmt;
  private readonly locationsStmt;
  private lean: { merchantId: string; status: ConnectionStatus } | null | undefined;

  constructor(private readonly db: Db) {
    this.timezoneStmt = db.prepare('SELECT timezone FROM locations WHERE id = ?').pluck();
    this.currentStmt = db.prepare(
      `SELECT * FROM square_connections WHERE status <> 'disconnected' ORDER BY updated_at DESC LIMIT 1`,
    );
    // The pipeline reads the locations once per batch: preparing this each time cost more than running it.
    this.locationsStmt = db.prepare('SELECT * FROM locations WHERE merchant_id = ? ORDER BY name, id');
    this.currentLeanStmt = db.prepare(
      `SELECT merchant_id AS merchantId, status FROM square_connections WHERE status <> 'disconnected'
       ORDER BY updated_at DESC LIMIT 1`,
    );
  }

  /**
   * Just the current connection's merchant and status: the receiver and the worker ask for these per event, so the
   * answer is kept until a write through this repo, or forget() (the connection service calls it on every
   * 'square.changed'). Under load even this one-row read cost ~50 µs — a read transaction against a busy WAL.
   */
  currentLean(): { merchantId: string; status: ConnectionStatus } | null {
    if (this.lean === undefined) {
      this.lean = (this.currentLeanStmt.get() as { merchantId: string; status: ConnectionStatus } | undefined) ?? null;
    }
    return this.lean;
  }

  /** The connection rows were changed behind this repo's back (or may have been): read them again next time. */
  forget(): void {
    this.lean = undefined;
  }

  /** The connection the app works with: the most recently connected one that is not disconnected. */
  current(): SquareConnectionView | null {
    const row = this.currentStmt.get() as ConnectionRow | undefined;
    return row ? toView(row) : null;
  }

  upsertConnected(c: SaveConnection): void {
    this.forget();
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO square_connections (merchant_id, merchant_name, environment, status, status_reason, scopes,
           access_token_expires_at, refresh_token_expires_at, connected_at, updated_at)
         VALUES (@merchantId, @merchantName, @environment, 'connected', NULL, @scopes, @accessTokenExpiresAt,
           @refreshTokenExpiresAt, @now, @now)
         ON CONFLICT (merchant_id) DO UPDATE SET merchant_name = excluded.merchant_name,
           environment = excluded.environment, status = 'connected', status_reason = NULL, scopes = excluded.scopes,
           access_token_expires_at = excluded.access_token_expires_at,
           refresh_token_expires_at = excluded.refresh_token_expires_at, connected_at = excluded.connected_at,
           updated_at = excluded.updated_at`,
      )
      .run({ ...c, scopes: JSON.stringify(c.scopes), now });
  }

  updateExpiry(merchantId: string, accessTokenExpiresAt: string | null, refreshTokenExpiresAt: string | null): void {
    this.forget();
    this.db
      .prepare(`UPDATE square_connections SET access_token_expires_at = ?, refresh_token_expires_at = ?, updated_at = ?
                WHERE merchant_id = ?`)
      .run(accessTokenExpiresAt, refreshTokenExpiresAt, Date.now(), merchantId);
  }

  setStatus(merchantId: string, status: ConnectionStatus, reason: string | null): void {
    this.forget();
    this.db
      .prepare('UPDATE square_connections SET status = ?, status_reason = ?, updated_at = ? WHERE merchant_id = ?')
      .run(status, reason, Date.now(), merchantId);
  }

  /** Replaces the merchant's locations, keeping the owner's earlier selection; new locations start selected. */
  saveLocations(merchantId: string, locations: SaveLocation[]): void {
    const previous = new Map(
      (this.db.prepare('SELECT id, selected FROM locations WHERE merchant_id = ?').all(merchantId) as {
        id: string; selected: number;
      }[]).map((r) => [r.id, r.selected]),
    );
    const upsert = this.db.prepare(
      `INSERT INTO locations (id, merchant_id, name, currency, country, timezone, status, selected, raw_json, updated_at)
       VALUES (@id, @merchantId, @name, @currency, @country, @timezone, @status, @selected, @raw, @now)
       ON CONFLICT (id) DO UPDATE SET merchant_id = excluded.merchant_id, name = excluded.name,
         currency = excluded.currency, country = excluded.country, timezone = excluded.timezone,
         status = excluded.status, raw_json = excluded.raw_json, updated_at = excluded.updated_at`,
    );
    const now = Date.now();
    this.db.transaction(() => {
      const keep = new Set(locations.map((l) => l.id));
      for (const id of previous.keys()) {
        if (!keep.has(id)) this.db.prepare('DELETE FROM locations WHERE id = ?').run(id);
      }
      for (const l of locations) {
        upsert.run({
          ...l,
          merchantId,
          selected: previous.get(l.id) ?? 1,
          raw: JSON.stringify(l.raw, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
          now,
        });
      }
    })();
  }

  /** The time zone Square gives the merchant's first chosen location (by name) that has one: the shop's "today". */
  /** A location's IANA time zone (the zone its sales are dated in); UTC when the location or its zone is unknown. */
  locationTimezone(locationId: string | null | undefined): string {
    if (!locationId) return 'UTC';
    return (this.timezoneStmt.get(locationId) as string | null | undefined) ?? 'UTC';
  }

  shopTimeZone(merchantId: string): string | null {
    return (
      (this.db
        .prepare(`SELECT timezone FROM locations WHERE merchant_id = ? AND timezone IS NOT NULL
                  ORDER BY selected DESC, name, id LIMIT 1`)
        .pluck()
        .get(merchantId) as string | undefined) ?? null
    );
  }

  locations(merchantId: string): SquareLocationView[] {
    return this.locationsWithTimezone(merchantId).map(({ timezone: _timezone, ...view }) => view);
  }

  /**
   * The same, with each location's time zone as locationTimezone() gives it ('UTC' when Square gave none): the
   * pipeline reads this once per batch and converts every sale of the batch with it.
   */
  locationsWithTimezone(merchantId: string): (SquareLocationView & { timezone: string })[] {
    return (
      this.locationsStmt.all(merchantId) as {
        id: string; name: string; currency: string; country: string | null; status: string | null; selected: number;
        timezone: string | null;
      }[]
    ).map((r) => ({
      id: r.id, name: r.name, currency: r.currency, country: r.country, status: r.status, selected: r.selected === 1,
      timezone: r.timezone ?? 'UTC',
    }));
  }

  /** Marks exactly these locations as the ones to invoice; returns ids that are not the merchant's. */
  selectLocations(merchantId: string, ids: string[]): string[] {
    const known = new Set(this.locations(merchantId).map((l) => l.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) return unknown;
    const wanted = new Set(ids);
    const update = this.db.prepare('UPDATE locations SET selected = ?, updated_at = ? WHERE id = ?');
    const now = Date.now();
    this.db.transaction(() => {
      for (const id of known) update.run(wanted.has(id) ? 1 : 0, now, id);
    })();
    return [];
  }
}

function toView(r: ConnectionRow): SquareConnectionView {
  return {
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    environment: r.environment,
    status: r.status,
    statusReason: r.status_reason,
    scopes: JSON.parse(r.scopes) as string[],
    accessTokenExpiresAt: r.access_token_expires_at,
    connectedAt: new Date(r.connected_at).toISOString(),
  };
}
