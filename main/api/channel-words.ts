import type { Channel } from '../../shared/contract';

// What each channel does, as the end of "Something went wrong while …". Channels added later without words here
// fall back to the area (the part before the first dot), and then to a plain "doing that": never the channel name.

const ACTIONS: Partial<Record<Channel, string>> = {
  'app.info': 'reading the app’s details',
  'settings.get': 'loading your settings',
  'settings.set': 'saving your settings',
  'invoices.list': 'loading the invoices',
  'invoices.ids': 'choosing the matching invoices',
  'invoices.get': 'opening the invoice',
  'invoices.buyer.set': 'saving the buyer',
  'invoices.line.classify': 'saving the line’s classification',
  'invoices.approve': 'approving the invoice',
  'invoices.approveMany': 'approving the invoices',
  'invoices.void': 'voiding the invoice',
  'invoices.reopen': 'reopening the invoice',
  'codes.search': 'searching the NRS code lists',
  'stats.get': 'reading the numbers',
  'invoices.print': 'preparing the print view',
  'invoices.savePdf': 'saving the PDF',
  'nrsKeys.status': 'checking the NRS keys',
  'nrsKeys.set': 'saving the NRS keys',
  'nrsKeys.clear': 'removing the NRS keys',
  'export.check': 'checking the invoices for export',
  'export.run': 'exporting',
  'export.list': 'loading the exports',
  'export.rerun': 'writing the export again',
  'export.mappings.get': 'loading the item classifications',
  'export.mappings.set': 'saving the item classifications',
  'export.saveCopy': 'saving a copy of the export',
  'square.status': 'reading the Square connection',
  'square.connect': 'connecting to Square',
  'square.cancelConnect': 'cancelling the Square sign-in',
  'square.disconnect': 'disconnecting from Square',
  'square.locations.refresh': 'refreshing your Square locations',
  'square.locations.select': 'saving the chosen locations',
  'square.personalToken.set': 'saving the personal access token',
  'square.personalToken.clear': 'removing the personal access token',
  'webhooks.status': 'reading the webhook status',
  'webhooks.signatureKey.set': 'saving the signature key',
  'webhooks.subscription.sync': 'updating the Square subscription',
  'webhooks.tunnel.reconnect': 'reconnecting the tunnel',
  'events.list': 'loading the events',
  'events.retry': 'retrying the event',
  'events.ignore': 'setting the event aside',
  'sync.status': 'reading the sync status',
  'sync.run': 'syncing with Square',
  'sync.backfill': 'starting the backfill',
  'sync.cancel': 'cancelling the sync',
};

const AREAS: Record<string, string> = {
  invoices: 'working on the invoices',
  square: 'talking to Square',
  webhooks: 'working on the webhooks',
  sync: 'syncing with Square',
  events: 'working on the events',
  export: 'exporting',
  settings: 'working on your settings',
  transactions: 'loading the transactions',
  dashboard: 'loading the dashboard',
  stats: 'reading the numbers',
};

export function channelAction(channel: string): string {
  return ACTIONS[channel as Channel] ?? AREAS[channel.split('.')[0] ?? ''] ?? 'doing that';
}
