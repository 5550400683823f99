import { ExponentialBackoff, halfJitterGenerator, type IBackoff, type IBackoffFactory } from 'cockatiel';
import type { Tunnel } from 'localtunnel';
import type { Logger } from '../../platform/log';
import { openTunnel } from './localtunnel-client';

import type { TunnelStatus } from '../../../shared/webhooks';

export type { TunnelStatus };

/** The public localtunnel server, used unless TUNNEL_HOST names another (self-hosted, or the test server). */
export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';

export interface SupervisorOptions {
  localPort: number;
  host: string;
  subdomain?: string;
  openTimeoutMs?: number;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  /** Health probe through the public URL; false twice in a row → reopen. */
  probe: (publicUrl: string) => Promise<boolean>;
  log: Logger;
  onStatus?: (status: TunnelStatus) => void;
  /** Called whenever a newly opened tunnel has a different public URL than the last one. */
  onUrl?: (url: string) => void;
  backoff?: IBackoffFactory<unknown>;
}

/** 1 s doubling to 60 s with jitter (each delay drawn from [d/2, d]), per the tunnel server's rate limits. */
export const TUNNEL_BACKOFF = new ExponentialBackoff({ generator: halfJitterGenerator, initialDelay: 1_000, maxDelay: 60_000 });

/**
 * Keeps a localtunnel open. The client never reconnects by itself (docs/tunnel.md): on 'error', 'close' or two failed
 * health probes we close it and open a new one after a backoff delay, and report status and URL changes.
 */
export class TunnelSupervisor {
  private tunnel: Tunnel | null = null;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private backoff: IBackoff<unknown> | null = null;
  private lastUrl: string | null = null;
  private probeFailures = 0;
  private generation = 0;
  private current: TunnelStatus = { state: 'down', url: null, since: new Date().toISOString(), lastError: null, failures: 0, nextRetryAt: null };

  constructor(private readonly o: SupervisorOptions) {}

  status(): TunnelStatus {
    return { ...this.current };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    this.clearTimers();
    this.closeTunnel();
    this.setStatus({ state: 'off', url: null, lastError: null, nextRetryAt: null });
  }

  /** Network or machine woke up: skip the remaining backoff and try now. */
  reconnectNow(): void {
    if (this.stopped || this.current.state === 'up') return;
    this.clearTimers();
    void this.open();
  }

  private setStatus(patch: Partial<TunnelStatus>): void {
    const stateChanged = patch.state !== undefined && patch.state !== this.current.state;
    this.current = { ...this.current, ...patch, ...(stateChanged ? { since: new Date().toISOString() } : {}) };
    this.o.onStatus?.(this.status());
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.timer = null;
    this.probeTimer = null;
  }

  private closeTunnel(): void {
    const t = this.tunnel;
    this.tunnel = null;
    if (!t) return;
    // Closed first, listeners removed after: the library destroys each pooled socket from listeners of its own on
    // 'close'. Removing every listener before closing left the sockets connected, so a relay the owner had turned off
    // went on forwarding Square's events here. Our own 'close' listener sees this close and ignores it (its
    // generation is already past).
    t.close();
    t.removeAllListeners();
    t.on('error', () => undefined); // late socket errors from a tunnel we let go of
  }

  private async open(): Promise<void> {
    const gen = ++this.generation;
    this.setStatus({ state: 'connecting', nextRetryAt: null });
    try {
      const tunnel = await openTunnel({
        localPort: this.o.localPort,
        host: this.o.host,
        ...(this.o.subdomain ? { subdomain: this.o.subdomain } : {}),
        timeoutMs: this.o.openTimeoutMs ?? 15_000,
      });
      if (gen !== this.generation || this.stopped) {
        tunnel.close();
        return;
      }
      this.tunnel = tunnel;
      this.backoff = null;
      this.probeFailures = 0;
      tunnel.on('error', (err: Error) => this.lost(gen, `tunnel error: ${err.message}`));
      tunnel.on('close', () => this.lost(gen, 'tunnel closed'));
      this.setStatus({ state: 'up', url: tunnel.url, lastError: null, failures: 0 });
      this.o.log.info({ url: tunnel.url }, 'tunnel up');
      if (tunnel.url !== this.lastUrl) {
        this.lastUrl = tunnel.url;
        this.o.onUrl?.(tunnel.url);
      }
      this.probeTimer = setInterval(() => void this.runProbe(gen), this.o.probeIntervalMs ?? 30_000);
      this.probeTimer.unref();
    } catch (err) {
      if (gen !== this.generation || this.stopped) return;
      this.scheduleRetry(`could not open tunnel: ${(err as Error).message}`);
    }
  }

  private async runProbe(gen: number): Promise<void> {
    const url = this.tunnel?.url;
    if (!url || gen !== this.generation) return;
    const ok = await this.o.probe(url);
    if (gen !== this.generation) return;
    this.probeFailures = ok ? 0 : this.probeFailures + 1;
    if (this.probeFailures >= 2) this.lost(gen, 'health probe through the tunnel failed twice');
  }

  private lost(gen: number, reason: string): void {
    if (gen !== this.generation || this.stopped) return;
    this.generation += 1; // ignore further events from this tunnel
    this.o.log.warn({ reason }, 'tunnel lost; reopening');
    this.clearTimers();
    this.closeTunnel();
    this.scheduleRetry(reason);
  }

  private scheduleRetry(reason: string): void {
    this.backoff = this.backoff ? this.backoff.next(undefined) : (this.o.backoff ?? TUNNEL_BACKOFF).next(undefined);
    const delay = this.backoff.duration;
    this.setStatus({
      state: 'down',
      url: null,
      lastError: reason,
      failures: this.current.failures + 1,
      nextRetryAt: new Date(Date.now() + delay).toISOString(),
    });
    this.timer = setTimeout(() => void this.open(), delay);
    this.timer.unref();
  }
}
