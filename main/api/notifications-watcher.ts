import type { Notice } from '../../shared/dashboard';
import type { PushEventName } from '../../shared/contract';
import type { PushBus } from '../platform/push-bus';
import { noticesSignature } from './notifications';

/** Events after which a notice may have appeared or gone. */
const WATCHED: readonly PushEventName[] = ['square.changed', 'stats.changed', 'invoice.changed', 'webhooks.changed', 'sync.changed'];
/** Sales cross into the deadline window as time passes, with no event to say so: look again this often. */
const DEADLINE_CHECK_MS = 60_000;
/** A burst of events (a catch-up of 200 sales) costs one look. */
const COALESCE_MS = 250;

/**
 * Keeps the current notices and pushes 'notifications.changed' when they change, so the banner and the desktop
 * notifications need no polling. The minute timer is main's own clock for the deadline, not the UI asking.
 */
export class NotificationsWatcher {
  private notices: Notice[] = [];
  private signature = '';
  private offs: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: PushBus,
    private readonly compute: () => Notice[],
    private readonly onError: (err: unknown) => void,
  ) {}

  current(): Notice[] {
    return this.notices;
  }

  start(): void {
    if (this.timer) return;
    this.offs = WATCHED.map((event) => this.bus.on(event, () => this.checkSoon()));
    this.timer = setInterval(() => this.check(), DEADLINE_CHECK_MS);
    this.timer.unref();
    this.check();
  }

  stop(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
  }

  private checkSoon(): void {
    if (this.soon || !this.timer) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.check();
    }, COALESCE_MS);
    this.soon.unref();
  }

  /** Recomputes now; pushes only when something changed. Never throws (it runs from timers). */
  check(): void {
    let next: Notice[];
    try {
      next = this.compute();
    } catch (err) {
      this.onError(err);
      return;
    }
    const signature = noticesSignature(next);
    this.notices = next;
    if (signature === this.signature) return;
    this.signature = signature;
    this.bus.emit('notifications.changed', {});
  }
}
