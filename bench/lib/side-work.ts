import { performance } from 'node:perf_hooks';
import type { App } from '../../main/app';
import { AppStateRepo } from '../../main/platform/settings/app-state-repo';
import { InboxStore } from '../../main/inbox/inbox-store';
import type { StageCost } from './stage-costs';
import { summarize } from './stats';

/**
 * Work around the receiver's own steps, as main/webhooks/webhook-service.ts and main/app.ts wire it at the measured
 * commit: the deps callbacks it calls for every request, the worker wake-up after every stored sale, the (coalesced)
 * 'webhooks.changed' push, and webhooks.status(), which an open Webhooks screen re-reads on every such push. Timed on
 * the bench's own app, with its inbox as it is at the time, each call repeated up to `maxCalls` times or `maxMs`.
 */
export function measureSideWork(app: App, maxCalls: number, maxMs: number): { inboxRows: number; costs: StageCost[] } {
  const state = new AppStateRepo(app.db);
  const inbox = new InboxStore(app.db);
  const inboxRows = (app.db.prepare('SELECT count(*) AS n FROM webhook_inbox').get() as { n: number }).n;
  const time = (stage: string, fn: () => unknown): StageCost => {
    for (let i = 0; i < 20; i++) fn(); // warm
    const t: number[] = [];
    const until = performance.now() + maxMs;
    while (t.length < maxCalls && performance.now() < until) {
      const t0 = performance.now();
      fn();
      t.push(performance.now() - t0);
    }
    const s = summarize(t);
    return { stage, samples: t.length, us: { mean: s.mean * 1000, p50: s.p50 * 1000, p99: s.p99 * 1000, max: s.max * 1000 } };
  };
  return {
    inboxRows,
    costs: [
      time("per request: notificationUrl() = AppStateRepo.get('webhook.notificationUrl')", () => state.get('webhook.notificationUrl')),
      time('per request: currentMerchantId() = square.currentMerchantId()', () => app.square.currentMerchantId()),
      time('per stored sale: worker.kick() (not connected: returns early)', () => app.worker.kick()),
      time("≤ 4/s: 'webhooks.changed' listeners in the app", () => app.bus.emit('webhooks.changed', {})),
      time('≤ 4/s with the Webhooks screen open: webhooks.status()', () => app.webhooks.status()),
      time('  of which inbox.lastReceivedAt(webhook)', () => inbox.lastReceivedAt('webhook')),
    ],
  };
}
