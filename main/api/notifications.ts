import { B2C_NEAR_DEADLINE_HOURS, isNewNotice, type HealthState, type Notice } from '../../shared/dashboard';

// What the owner is told about without looking at the dashboard: Square needs a new sign-in, events failed, B2C sales
// near their 24-hour reporting deadline. Pure decisions, tested in Node; the desktop shell (main/electron/notifications.ts)
// and the in-app banner only show what these return.

export interface NoticeFacts {
  health: HealthState;
  failed: { count: number; newestId: number | null };
  b2c: { near: number; overdue: number; newestNearAt: number | null };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The notices that hold now, most urgent first. */
export function decideNotices(facts: NoticeFacts): Notice[] {
  const notices: Notice[] = [];
  if (facts.health === 'reconnect_needed') {
    notices.push({
      id: 'square-reconnect', tone: 'danger',
      title: 'Square needs you to sign in again',
      body: 'No new sales are coming in. Reconnect Square; sales made in the meantime are fetched afterwards.',
      action: { label: 'Reconnect Square', target: { screen: 'square' } },
      // One notice per time the connection is lost: it disappears once reconnected, and a new loss is new again.
      marker: 1,
    });
  }
  if (facts.failed.count > 0) {
    notices.push({
      id: 'events-failed', tone: 'danger',
      title: `${plural(facts.failed.count, 'sale', 'sales')} could not be turned into ${facts.failed.count === 1 ? 'an invoice' : 'invoices'}`,
      body: 'The app gave up after repeated errors. Open Failed events to see why and retry.',
      action: { label: 'Open failed events', target: { screen: 'events' } },
      marker: facts.failed.newestId ?? 0,
    });
  }
  if (facts.b2c.near > 0) {
    const overdue = facts.b2c.overdue;
    notices.push({
      id: 'b2c-deadline', tone: overdue > 0 ? 'danger' : 'warning',
      title: overdue > 0
        ? `${plural(overdue, 'sale is', 'sales are')} past the 24-hour reporting deadline`
        : `${plural(facts.b2c.near, 'sale', 'sales')} must be reported within ${B2C_NEAR_DEADLINE_HOURS} hours`,
      body: 'Sales to consumers (B2C) must reach the tax authority within 24 hours. Approve and export them now.',
      action: { label: 'Export now', target: { screen: 'export' } },
      marker: facts.b2c.newestNearAt ?? 0,
    });
  }
  return notices;
}

/**
 * Remembers what was already notified, so nothing is notified twice: a notice goes out when it first appears or its
 * marker grows. A notice that went away is forgotten, so the same trouble coming back later is notified again.
 */
export class NotificationTracker {
  private readonly seen = new Map<string, number>();

  /** The notices of `current` that are new to the owner; remembers all of them. */
  fresh(current: readonly Notice[]): Notice[] {
    const out = current.filter((n) => isNewNotice(n, this.seen.get(n.id)));
    const ids = new Set(current.map((n) => n.id));
    for (const id of [...this.seen.keys()]) if (!ids.has(id as Notice['id'])) this.seen.delete(id);
    for (const n of current) this.seen.set(n.id, Math.max(n.marker, this.seen.get(n.id) ?? n.marker));
    return out;
  }
}

/** A short text identifying a set of notices, to tell whether anything about them changed. */
export function noticesSignature(notices: readonly Notice[]): string {
  return notices.map((n) => `${n.id}:${n.marker}:${n.title}`).join('|');
}
