import { describe, expect, it } from 'vitest';
import { deriveHealth, type HealthInputs } from '../../main/api/dashboard-health';
import { decideNotices, NotificationTracker, type NoticeFacts } from '../../main/api/notifications';
import { NotificationsWatcher } from '../../main/api/notifications-watcher';
import { PushBus } from '../../main/platform/push-bus';
import { targetHash, trayDotBitmap } from '../../main/electron/tray-parts';
import type { Notice } from '../../shared/dashboard';
import type { SquareConnectionView, SquareLocationView } from '../../shared/square';

// What the owner is told, decided without Electron: the health line for each state, the notices, and that nothing
// is notified twice.

const connection = (status: SquareConnectionView['status']): SquareConnectionView => ({
  merchantId: 'M1', merchantName: 'Mama Put', environment: 'custom', status, statusReason: null, scopes: [],
  accessTokenExpiresAt: null, connectedAt: '2026-11-01T00:00:00Z',
});
const lekki: SquareLocationView = { id: 'L1', name: 'Lekki', currency: 'NGN', country: 'NG', status: 'ACTIVE', selected: true };

const healthy: HealthInputs = {
  square: { configured: true, connection: connection('connected'), locations: [lekki] },
  webhooks: { mode: 'localtunnel', modeChosen: true, refusalReason: null, tunnel: { state: 'up', url: 'https://x', since: '', lastError: null, failures: 0, nextRetryAt: null } },
  sync: { lastError: null, lastRunAt: '2026-11-20T10:00:00Z' },
  pipeline: { breaker: 'closed' },
};
const withInputs = (patch: Partial<{ [K in keyof HealthInputs]: Partial<HealthInputs[K]> }>): HealthInputs => ({
  square: { ...healthy.square, ...patch.square },
  webhooks: { ...healthy.webhooks, ...patch.webhooks },
  sync: { ...healthy.sync, ...patch.sync },
  pipeline: { ...healthy.pipeline, ...patch.pipeline },
});

describe('the health line', () => {
  it('is connected only when Square, sync, the pipeline and webhooks all work', () => {
    const h = deriveHealth(healthy);
    expect(h).toMatchObject({ state: 'connected', tone: 'ok', action: null });
    expect(h.headline).toContain('Mama Put');
  });

  it.each([
    ['not set up', 'not_configured', 'square', { square: { configured: false, connection: null } }],
    ['never connected', 'disconnected', 'square', { square: { connection: null } }],
    ['signed out by Square', 'reconnect_needed', 'square', { square: { connection: connection('reconnect_needed') } }],
    ['no location chosen', 'no_locations', 'square', { square: { locations: [{ ...lekki, selected: false }] } }],
    ['the breaker is open', 'square_unreachable', 'sync', { pipeline: { breaker: 'open' as const } }],
    ['the last sync failed', 'square_unreachable', 'sync', { sync: { lastError: 'Reading payments from Square failed', lastRunAt: '2026-11-20T10:00:00Z' } }],
    ['webhooks are off', 'webhooks_off', 'webhooks', { webhooks: { mode: 'off' as const, refusalReason: 'off', tunnel: null } }],
    ['the owner has not chosen how webhooks arrive', 'webhooks_off', 'webhooks', { webhooks: { mode: 'off' as const, modeChosen: false, refusalReason: null, tunnel: null } }],
    ['the tunnel is down', 'webhooks_failing', 'webhooks', { webhooks: { tunnel: { ...healthy.webhooks.tunnel!, state: 'down' as const } } }],
    ['events are refused', 'webhooks_failing', 'webhooks', { webhooks: { refusalReason: 'No webhook signature key is set' } }],
  ])('%s → %s', (_label, state, screen, patch) => {
    const h = deriveHealth(withInputs(patch as Parameters<typeof withInputs>[0]));
    expect(h.state).toBe(state);
    expect(h.action?.target).toEqual({ screen });
    expect(h.tone).not.toBe('ok');
    // Words for an owner: no channel names, codes or field keys.
    expect(`${h.headline} ${h.detail}`).not.toMatch(/\b[a-z]+\.[a-z]+\b|_|UNAUTHORIZED/);
  });

  it('tells a tunnel that is not up from events refused for want of a key', () => {
    const opening = deriveHealth(withInputs({ webhooks: { tunnel: { ...healthy.webhooks.tunnel!, state: 'connecting' }, refusalReason: 'No public URL yet' } }));
    expect(opening.headline).toContain('cannot reach this computer');
    const noKey = deriveHealth(withInputs({ webhooks: { mode: 'public_url', tunnel: null, refusalReason: 'No webhook signature key is set' } }));
    expect(noKey.headline).toContain('cannot check Square’s webhook events');
    expect(noKey.detail).toContain('signature key');
  });

  it('says, until the owner chooses how webhooks arrive, that sales come by catch-up only and where to choose', () => {
    const h = deriveHealth(withInputs({ webhooks: { mode: 'off', modeChosen: false, refusalReason: null, tunnel: null } }));
    expect(h).toMatchObject({ state: 'webhooks_off', tone: 'info', action: { label: 'Choose how sales arrive', target: { screen: 'webhooks' } } });
    expect(h.headline).toBe('Connected to Square. Sales arrive by catch-up only until you choose how to receive them instantly.');
    expect(h.detail).toContain('Choose on the Webhooks screen');
    // Off, once chosen, is said as the owner's choice instead.
    expect(deriveHealth(withInputs({ webhooks: { mode: 'off', refusalReason: null, tunnel: null } })).headline).toContain('Webhooks are off');
  });

  it('puts what stops all sales first: reconnect beats an open breaker and webhooks being off', () => {
    const h = deriveHealth(withInputs({
      square: { connection: connection('reconnect_needed') }, pipeline: { breaker: 'open' }, webhooks: { mode: 'off', tunnel: null },
    }));
    expect(h.state).toBe('reconnect_needed');
  });
});

const calm: NoticeFacts = { health: 'connected', failed: { count: 0, newestId: null }, b2c: { near: 0, overdue: 0, newestNearAt: null } };

describe('decideNotices', () => {
  it('says nothing when nothing needs the owner (webhooks off alone is a choice, not an alarm)', () => {
    expect(decideNotices(calm)).toEqual([]);
    expect(decideNotices({ ...calm, health: 'webhooks_off' })).toEqual([]);
  });

  it('asks to reconnect Square, linking to the Square screen', () => {
    const [n] = decideNotices({ ...calm, health: 'reconnect_needed' });
    expect(n).toMatchObject({ id: 'square-reconnect', tone: 'danger', action: { target: { screen: 'square' } } });
  });

  it('counts failed events in words, with the newest one as its marker', () => {
    const [one] = decideNotices({ ...calm, failed: { count: 1, newestId: 7 } });
    expect(one).toMatchObject({ id: 'events-failed', title: '1 sale could not be turned into an invoice', marker: 7 });
    const [many] = decideNotices({ ...calm, failed: { count: 3, newestId: 9 } });
    expect(many!.title).toBe('3 sales could not be turned into invoices');
    expect(many!.action.target).toEqual({ screen: 'events' });
  });

  it('warns of B2C sales near the 24-hour deadline, and says when they are past it', () => {
    const [near] = decideNotices({ ...calm, b2c: { near: 2, overdue: 0, newestNearAt: 1000 } });
    expect(near).toMatchObject({ id: 'b2c-deadline', tone: 'warning', title: '2 sales must be reported within 4 hours', marker: 1000 });
    const [late] = decideNotices({ ...calm, b2c: { near: 3, overdue: 1, newestNearAt: 2000 } });
    expect(late).toMatchObject({ tone: 'danger', title: '1 sale is past the 24-hour reporting deadline' });
  });

  it('orders several notices by urgency', () => {
    const ids = decideNotices({ health: 'reconnect_needed', failed: { count: 1, newestId: 1 }, b2c: { near: 1, overdue: 0, newestNearAt: 1 } }).map((n) => n.id);
    expect(ids).toEqual(['square-reconnect', 'events-failed', 'b2c-deadline']);
  });
});

describe('NotificationTracker: never the same thing twice', () => {
  const failed = (count: number, newestId: number) => decideNotices({ ...calm, failed: { count, newestId } });

  it('notifies a notice once, again only when it has something new, and again after it went away and came back', () => {
    const t = new NotificationTracker();
    expect(t.fresh(failed(1, 5)).map((n) => n.id)).toEqual(['events-failed']);
    expect(t.fresh(failed(1, 5))).toEqual([]);
    // One of them retried successfully: fewer, nothing new.
    expect(t.fresh(failed(2, 6)).map((n) => n.marker)).toEqual([6]);
    expect(t.fresh(failed(1, 6))).toEqual([]);
    // The older one left and another failed meanwhile: newer marker, notified.
    expect(t.fresh(failed(1, 8)).map((n) => n.marker)).toEqual([8]);
    // All fixed, then trouble again.
    expect(t.fresh([])).toEqual([]);
    expect(t.fresh(failed(1, 8)).map((n) => n.marker)).toEqual([8]);
  });

  it('keeps each notice apart', () => {
    const t = new NotificationTracker();
    const reconnect = decideNotices({ ...calm, health: 'reconnect_needed' });
    expect(t.fresh(reconnect)).toHaveLength(1);
    const both = decideNotices({ ...calm, health: 'reconnect_needed', failed: { count: 1, newestId: 1 } });
    expect(t.fresh(both).map((n) => n.id)).toEqual(['events-failed']);
  });
});

describe('NotificationsWatcher', () => {
  it("pushes 'notifications.changed' only when the notices change, and keeps the current ones", () => {
    const bus = new PushBus();
    let pushes = 0;
    bus.on('notifications.changed', () => (pushes += 1));
    let current: Notice[] = [];
    const errors: unknown[] = [];
    const w = new NotificationsWatcher(bus, () => current, (e) => errors.push(e));
    w.check();
    expect(pushes).toBe(0); // nothing to say yet
    current = decideNotices({ ...calm, failed: { count: 1, newestId: 3 } });
    w.check();
    expect(pushes).toBe(1);
    expect(w.current()).toEqual(current);
    w.check();
    expect(pushes).toBe(1);
    current = decideNotices({ ...calm, failed: { count: 2, newestId: 4 } });
    w.check();
    expect(pushes).toBe(2);
    current = [];
    w.check();
    expect(pushes).toBe(3);
    expect(w.current()).toEqual([]);
  });

  it('keeps the last notices when working them out fails, and reports the error', () => {
    const bus = new PushBus();
    const errors: unknown[] = [];
    let fail = false;
    const notices = decideNotices({ ...calm, health: 'reconnect_needed' });
    const w = new NotificationsWatcher(bus, () => {
      if (fail) throw new Error('database is closed');
      return notices;
    }, (e) => errors.push(e));
    w.check();
    fail = true;
    w.check();
    expect(w.current()).toEqual(notices);
    expect(errors).toHaveLength(1);
  });
});

describe('the tray (the parts that need no Electron)', () => {
  it('leads each target to the renderer’s hash route', () => {
    expect(targetHash({ screen: 'square' })).toBe('#/square');
    expect(targetHash({ screen: 'invoice', id: 42 })).toBe('#/invoices/42');
    expect(targetHash({ screen: 'invoices', status: 'draft' })).toBe('#/invoices');
    expect(targetHash({ screen: 'events' })).toBe('#/events');
  });

  it('draws a dot in the tone’s colour: opaque in the middle, transparent in the corners', () => {
    const size = 16;
    const danger = trayDotBitmap('danger', size);
    expect(danger).toHaveLength(size * size * 4);
    const px = (buf: Buffer, x: number, y: number) => [...buf.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(px(danger, 8, 8)).toEqual([0x18, 0x23, 0xb4, 255]); // BGRA
    expect(px(danger, 0, 0)[3]).toBe(0);
    expect(px(trayDotBitmap('ok', size), 8, 8)).toEqual([0x3a, 0x7a, 0x13, 255]);
  });
});
