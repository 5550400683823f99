import type { NewInboxRow } from '../../main/inbox/inbox-row';

/** A pending webhook row of merchant M1 at location L1, as the receiver would store it; `over` changes any field. */
export const inboxRow = (eventId: string, over: Partial<NewInboxRow> = {}): NewInboxRow => ({
  eventId,
  source: 'webhook',
  type: 'payment.created',
  merchantId: 'M1',
  locationId: 'L1',
  objectId: `pay-${eventId}`,
  receivedAt: 1_000,
  rawBody: '{}',
  state: 'pending',
  ...over,
});
