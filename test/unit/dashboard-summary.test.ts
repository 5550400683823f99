import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboxStore } from '../../main/inbox/inbox-store';
import { InvoiceStore } from '../../main/invoicing/invoice-store';
import { DASHBOARD_SQL } from '../../main/invoicing/dashboard-reads';
import { ConnectionsRepo } from '../../main/square/connections-repo';
import { CHART_DAYS, type DashboardSummary } from '../../shared/dashboard';
import { seedDocument, type SeedDocument } from '../support/seed';
import { createTempApp } from '../support/temp-app';

// dashboard.get on a real SQLite file, documents written through the app's own invoice store. The shop is in Lagos
// (UTC+1, no daylight saving): "now" is 20 Nov 2026 16:00 there, so the day runs 19 Nov 23:00Z – 20 Nov 23:00Z.

const NOW = Date.parse('2026-11-20T15:00:00Z');
const HOUR = 3_600_000;
const TODAY = '2026-11-20';

type Doc = Partial<SeedDocument> & Pick<SeedDocument, 'number' | 'issuedAt'>;

describe('dashboard.get: today, waiting, the B2C deadline, failed events, last sale, the chart', () => {
  let app: ReturnType<typeof createTempApp>;
  let store: InvoiceStore;
  let n = 0;

  const seed = (d: Doc, createdAt = NOW): number => {
    n += 1;
    const net = 10_000;
    return seedDocument(store, {
      kind: 'invoice', sourceKey: `order:DASH_${n}`, status: 'draft', currency: 'NGN',
      // The converter dates a sale in the shop's time zone; the seed does the same by hand.
      issueDate: new Date(Date.parse(d.issuedAt) + HOUR).toISOString().slice(0, 10),
      lines: [{ name: 'Jollof rice', quantity: '1', unitPriceMinor: net, grossMinor: net, taxMinor: 750, taxPercent: '7.5' }],
      taxes: [{ name: 'VAT', category: 'STANDARD_VAT', percent: '7.5', taxType: 'ADDITIVE', taxableMinor: net, taxMinor: 750 }],
      ...d,
    }, createdAt);
  };
  // At a fixed "now"; the channel itself answers the same service at the real time (its own test below).
  const summary = async (): Promise<DashboardSummary> => app.dashboard.summary(NOW);

  beforeEach(() => {
    app = createTempApp();
    store = new InvoiceStore(app.db);
    n = 0;
    const repo = new ConnectionsRepo(app.db);
    repo.upsertConnected({
      merchantId: 'MLAGOS', merchantName: 'Mama Put Lagos', environment: 'custom', scopes: [],
      accessTokenExpiresAt: null, refreshTokenExpiresAt: null,
    });
    repo.saveLocations('MLAGOS', [
      { id: 'LLAGOS', name: 'Lekki', currency: 'NGN', country: 'NG', timezone: 'Africa/Lagos', status: 'ACTIVE', raw: {} },
    ]);
  });
  afterEach(() => app.dispose());

  it("counts today's sales per currency in the shop's time zone: refunds subtract, void and yesterday do not count", async () => {
    seed({ number: 'A', issuedAt: '2026-11-19T23:30:00Z' }); // 00:30 in Lagos: today, hour 0
    seed({ number: 'B', issuedAt: '2026-11-20T08:15:00Z' }); // 09:15: hour 9
    const b = seed({ number: 'C', issuedAt: '2026-11-20T08:45:00Z', status: 'approved' });
    seed({ number: 'CN', kind: 'credit_note', issuedAt: '2026-11-20T09:05:00Z', originalInvoiceId: b,
      lines: [{ name: 'Jollof rice', quantity: '1', unitPriceMinor: 4_000, grossMinor: 4_000, taxMinor: 300 }], taxes: [] });
    seed({ number: 'V', issuedAt: '2026-11-20T10:00:00Z', status: 'void' });
    seed({ number: 'USD', issuedAt: '2026-11-20T11:00:00Z', currency: 'USD' });
    seed({ number: 'Y', issuedAt: '2026-11-19T22:30:00Z' }); // 23:30 yesterday in Lagos
    seed({ number: 'T', issuedAt: '2026-11-20T23:30:00Z' }); // tomorrow in Lagos

    const s = await summary();
    expect(s.timeZone).toBe('Africa/Lagos');
    expect(s.today).toBe(TODAY);
    expect(s.todayTotals).toEqual([
      { currency: 'NGN', sales: 3, refunds: 1, netMinor: 3 * 10_750 - 4_300, taxMinor: 3 * 750 - 300 },
      { currency: 'USD', sales: 1, refunds: 0, netMinor: 10_750, taxMinor: 750 },
    ]);
    const ngn = s.chart.series.find((x) => x.currency === 'NGN')!;
    expect(ngn.hours[0]).toBe(10_750);
    expect(ngn.hours[9]).toBe(2 * 10_750);
    expect(ngn.hours[10]).toBe(-4_300);
    expect(ngn.hours.reduce((a, v) => a + v, 0)).toBe(s.todayTotals[0]!.netMinor);
    expect(s.chart.days).toHaveLength(CHART_DAYS);
    expect(s.chart.days.at(-1)).toBe(TODAY);
    expect(s.chart.days[0]).toBe('2026-10-22');
    expect(ngn.days.at(-1)).toBe(s.todayTotals[0]!.netMinor);
    expect(ngn.days.at(-2)).toBe(10_750); // Y, yesterday
    expect(s.chart.series.map((x) => x.currency)).toEqual(['NGN', 'USD']);
  });

  it('counts what waits for review, approval and export', async () => {
    seed({ number: 'R1', issuedAt: '2026-11-01T10:00:00Z', status: 'needs_review' });
    seed({ number: 'D1', issuedAt: '2026-11-01T10:00:00Z', status: 'draft' });
    seed({ number: 'D2', issuedAt: '2026-11-02T10:00:00Z', status: 'draft' });
    seed({ number: 'A1', issuedAt: '2026-11-02T10:00:00Z', status: 'approved' });
    seed({ number: 'E1', issuedAt: '2026-11-02T10:00:00Z', status: 'exported' });
    expect((await summary()).waiting).toEqual({ review: 1, approval: 2, export: 1 });
  });

  it('finds B2C invoices not yet exported and how close the oldest is to its 24-hour deadline', async () => {
    seed({ number: 'NEAR', issuedAt: new Date(NOW - 21 * HOUR).toISOString() });
    seed({ number: 'OVER', issuedAt: new Date(NOW - 25 * HOUR).toISOString(), status: 'approved' });
    seed({ number: 'FRESH', issuedAt: new Date(NOW - 1 * HOUR).toISOString(), status: 'needs_review' });
    // Not counted: a business buyer (TIN), one the owner marked B2B, an exported one, a void one, a credit note.
    seed({ number: 'B2B', issuedAt: new Date(NOW - 30 * HOUR).toISOString(), buyerTin: '12345678-0001' });
    const marked = seed({ number: 'MARKED', issuedAt: new Date(NOW - 30 * HOUR).toISOString() });
    app.db.prepare("UPDATE invoices SET invoice_kind = 'B2B' WHERE id = ?").run(marked);
    seed({ number: 'EXP', issuedAt: new Date(NOW - 40 * HOUR).toISOString(), status: 'exported' });
    seed({ number: 'VOID', issuedAt: new Date(NOW - 40 * HOUR).toISOString(), status: 'void' });
    seed({ number: 'CN', kind: 'credit_note', issuedAt: new Date(NOW - 40 * HOUR).toISOString() });
    // Stamped with an offset: compared as the instant it is (22 h ago), not as text.
    seed({ number: 'OFFSET', issuedAt: '2026-11-19T18:00:00+01:00' });

    const { b2c } = await summary();
    expect(b2c).toEqual({
      pending: 4,
      oldestIssuedAt: new Date(NOW - 25 * HOUR).toISOString(),
      oldestDueAt: new Date(NOW - 1 * HOUR).toISOString(),
      nearDeadline: 3,
      overdue: 1,
    });
  });

  it('counts failed events and names the last sale received and the last sync', async () => {
    const inbox = new InboxStore(app.db);
    ['evt-1', 'evt-2', 'evt-3'].forEach((eventId, i) => {
      inbox.insert({ eventId, source: 'webhook', type: 'payment.updated', merchantId: null, locationId: null, objectId: null, receivedAt: NOW, rawBody: '{}', state: 'pending' });
      if (i < 2) inbox.fail(inbox.byEventId(eventId)!.id, 'Square answered 500 ten times', NOW, true);
    });
    seed({ number: 'OLD', issuedAt: '2026-11-20T08:00:00Z' }, NOW - 60_000);
    const last = seed({ number: 'NEW', issuedAt: '2026-11-20T07:00:00Z', currency: 'USD' }, NOW - 5_000);

    const s = await summary();
    expect(s.failedEvents).toBe(2);
    expect(s.lastSale).toEqual({
      invoiceId: last, receivedAt: new Date(NOW - 5_000).toISOString(), issuedAt: '2026-11-20T07:00:00Z', payableMinor: 10_750, currency: 'USD',
    });
    expect(s.lastSync).toEqual({ at: null, error: null, running: false, nextAt: null });
  });

  it('on an empty shop: zeros, no last sale, an empty chart', async () => {
    const s = await summary();
    expect(s.todayTotals).toEqual([]);
    expect(s.waiting).toEqual({ review: 0, approval: 0, export: 0 });
    expect(s.b2c).toEqual({ pending: 0, oldestIssuedAt: null, oldestDueAt: null, nearDeadline: 0, overdue: 0 });
    expect(s.failedEvents).toBe(0);
    expect(s.lastSale).toBeNull();
    expect(s.chart.series).toEqual([]);
  });

  it('answers dashboard.get and notifications.list through the contract, and refuses input it does not take', async () => {
    seed({ number: 'NOW', issuedAt: new Date().toISOString() });
    const r = await app.dispatch('dashboard.get', {});
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value as DashboardSummary;
    // Connected here, but this test app has webhooks off: the line says so, not "all well".
    expect(s.health.state).toBe('webhooks_off');
    expect(s.health.action?.target).toEqual({ screen: 'webhooks' });
    expect(s.waiting.approval).toBe(1);
    const notices = await app.dispatch('notifications.list', {});
    expect(notices).toEqual({ ok: true, value: [] });
    const bad = await app.dispatch('dashboard.get', { today: '2026-11-20' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('invalid_input');
  });

  it('derives the notices from the same facts: signed out, a failed event, a sale near its deadline', () => {
    expect(app.dashboard.notices(NOW)).toEqual([]);
    new ConnectionsRepo(app.db).setStatus('MLAGOS', 'reconnect_needed', 'Access was revoked in Square.');
    const inbox = new InboxStore(app.db);
    inbox.insert({ eventId: 'evt-dead', source: 'webhook', type: 'payment.updated', merchantId: null, locationId: null, objectId: null, receivedAt: NOW, rawBody: '{}', state: 'pending' });
    const dead = inbox.byEventId('evt-dead')!.id;
    inbox.fail(dead, 'Square answered 500 ten times', NOW, true);
    const nearAt = NOW - 22 * HOUR;
    seed({ number: 'NEAR', issuedAt: new Date(nearAt).toISOString() });
    seed({ number: 'FRESH', issuedAt: new Date(NOW - HOUR).toISOString() });

    const notices = app.dashboard.notices(NOW);
    expect(notices.map((n) => [n.id, n.marker])).toEqual([
      ['square-reconnect', 1],
      ['events-failed', dead],
      ['b2c-deadline', nearAt],
    ]);
    expect(notices[2]!.title).toBe('1 sale must be reported within 4 hours');
  });

  it('reads every statement from an index, never a scan of the invoices', () => {
    const args: Record<keyof typeof DASHBOARD_SQL, unknown[]> = {
      day: [TODAY], days: ['2026-10-22', TODAY], waiting: [], b2c: [{ near: 0, overdue: 0 }], lastSale: [],
    };
    const plans = Object.fromEntries(
      Object.entries(DASHBOARD_SQL).map(([name, sql]) => [
        name,
        (app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args[name as keyof typeof DASHBOARD_SQL]) as { detail: string }[]).map((r) => r.detail),
      ]),
    );
    expect(plans.day).toEqual(['SEARCH invoices USING INDEX invoices_issue_date (issue_date=?)']);
    expect(plans.days).toEqual(['SEARCH invoices USING COVERING INDEX invoices_day_totals (issue_date>? AND issue_date<?)']);
    expect(plans.waiting!.join()).toMatch(/USING COVERING INDEX invoices_(list_status|status_date)/);
    // Every part of the B2C count is a range of the partial index of unreported B2C invoices.
    const b2cReads = plans.b2c!.filter((d) => d.includes('invoices'));
    expect(b2cReads).toHaveLength(5);
    for (const d of b2cReads) expect(d).toMatch(/^SEARCH invoices USING INDEX invoices_b2c_unreported/);
    // The newest sale: walks the rowid from the end (no sort) and stops at the first invoice.
    expect(plans.lastSale).toEqual(['SCAN invoices']);
    expect(DASHBOARD_SQL.lastSale).toMatch(/NOT INDEXED .* ORDER BY id DESC LIMIT 1/s);
  });
});
