import type { SyncStream } from '../../../shared/sync';
import type { Logger } from '../../platform/log';
import type { ChangePage, PosConnector } from '../../square/pos-connector';
import { classifySquareError, ReconnectNeededError, squareErrorDetail } from '../../square/square-errors';
import type { SyncCursorRepo } from '../../inbox/sync-cursor-repo';
import type { CursorAdvance, SyncPageWriter } from './page-writer';
import { customerEvent, orderEvent, paymentEvent, refundEvent, type SyncEvent } from './sync-event';

type CursorSource = Pick<SyncEvent, 'locationId' | 'updatedAt'>;
import { ascending, latest } from './times';

// One catch-up pass: for each selected location, everything Square changed since the stored cursor minus the overlap
// window (first time: now minus the overlap), payments, then refunds, then orders (SearchOrders takes ≤ 10 locations
// a call), then the merchant's customers (buyers: their cursor row is keyed `merchant:<id>`, as customers belong to
// no location), each followed to the last page. Every page is committed with its cursor advance in one transaction.

export const ORDERS_LOCATIONS_PER_CALL = 10;

/** The sync_cursors row of a merchant's customers stream (customers belong to the merchant, not a location). */
export const customersCursorKey = (merchantId: string): string => `merchant:${merchantId}`;

export interface CatchUpDeps {
  connector: PosConnector;
  writer: SyncPageWriter;
  cursors: SyncCursorRepo;
  log: Logger;
  now: () => number;
  overlapMs: number;
  /** Checked after every Square call: once true nothing more is written (the app is stopping). */
  stopped: () => boolean;
}

export interface CatchUpResult {
  read: number;
  queued: number;
  /** What went wrong, for the owner; null when every stream was read to the end. */
  error: string | null;
  /** Locations whose payments, refunds and orders were all read to the end in this pass. */
  syncedLocations: string[];
  /** Locations a query failed for, with what went wrong (the first problem of each). */
  failedLocations: Map<string, string>;
}

type Fetch<T> = (cursor: string | undefined) => Promise<ChangePage<T>>;

/** A failure that would fail every other call too (auth, rate limit, Square or network down): stop the pass. */
function abortsPass(err: unknown): boolean {
  if (err instanceof ReconnectNeededError) return true;
  return classifySquareError(err) !== 'client';
}

export async function runCatchUpPass(d: CatchUpDeps, merchantId: string, locationIds: string[]): Promise<CatchUpResult> {
  const result: CatchUpResult = { read: 0, queued: 0, error: null, syncedLocations: [], failedLocations: new Map() };
  const since = (locationId: string, stream: SyncStream): number => {
    const cursor = d.cursors.get(locationId, stream);
    const at = cursor ? Date.parse(cursor) : NaN;
    return (Number.isNaN(at) ? d.now() : at) - d.overlapMs;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const createdAt = () => iso(d.now());

  /**
   * Reads one query to the end. Cursors advance page by page while Square returns the page in ascending updated_at
   * (as asked); should a page come back out of order, the advance waits for the last page instead, so a crash or error
   * mid-way can never leave a cursor past an object that was not stored.
   */
  async function drain<T>(
    fetch: Fetch<T>,
    toEvent: (item: T) => SyncEvent | null,
    advancesFor: (events: CursorSource[]) => CursorAdvance[],
  ): Promise<boolean> {
    let cursor: string | undefined;
    let inOrder = true;
    let maxSoFar = -Infinity;
    // Only what the cursors need: the events' bodies (whole orders) are not kept for the length of the query.
    const seen: CursorSource[] = [];
    for (;;) {
      const page = await fetch(cursor);
      if (d.stopped()) return false;
      const events = page.items.map(toEvent).filter((e): e is SyncEvent => e !== null);
      const times = events.map((e) => e.updatedAt);
      inOrder &&= ascending(times, maxSoFar);
      const top = latest(times);
      if (top) maxSoFar = Math.max(maxSoFar, Date.parse(top));
      const last = !page.cursor;
      let advances: CursorAdvance[] = [];
      if (inOrder) advances = advancesFor(events);
      else {
        seen.push(...events.map(({ locationId, updatedAt }) => ({ locationId, updatedAt })));
        if (last) advances = advancesFor(seen);
      }
      const queued = await d.writer.commit(events, advances);
      result.queued += queued;
      result.read += page.items.length;
      if (last) return true;
      cursor = page.cursor ?? undefined;
    }
  }

  const perLocation = (locationId: string, stream: SyncStream) => (events: CursorSource[]): CursorAdvance[] => {
    const until = latest(events.map((e) => e.updatedAt));
    return until ? [{ locationId, stream, until }] : [];
  };
  const perEachLocation = (ids: string[]) => (events: CursorSource[]): CursorAdvance[] =>
    ids.flatMap((locationId) => perLocation(locationId, 'orders')(events.filter((e) => e.locationId === locationId)));

  const units: { label: string; locations: string[]; run: () => Promise<boolean> }[] = [];
  for (const loc of locationIds) {
    units.push({
      label: `payments of location ${loc}`,
      locations: [loc],
      run: () => {
        const start = iso(since(loc, 'payments')); // fixed for the whole query: a page cursor belongs to its query
        return drain(
          (c) => d.connector.listPaymentsUpdatedSince(loc, start, c),
          (p) => paymentEvent(merchantId, p, createdAt()),
          perLocation(loc, 'payments'),
        );
      },
    });
  }
  for (const loc of locationIds) {
    units.push({
      label: `refunds of location ${loc}`,
      locations: [loc],
      run: () => {
        const start = iso(since(loc, 'refunds'));
        return drain(
          (c) => d.connector.listRefundsUpdatedSince(loc, start, c),
          (r) => refundEvent(merchantId, r, createdAt()),
          perLocation(loc, 'refunds'),
        );
      },
    });
  }
  for (let i = 0; i < locationIds.length; i += ORDERS_LOCATIONS_PER_CALL) {
    const chunk = locationIds.slice(i, i + ORDERS_LOCATIONS_PER_CALL);
    units.push({
      label: `orders of ${chunk.length === 1 ? `location ${chunk[0]}` : `locations ${chunk.join(', ')}`}`,
      locations: chunk,
      run: () => {
        // One query serves the chunk, so it starts at the earliest position any of its locations needs.
        const start = iso(Math.min(...chunk.map((loc) => since(loc, 'orders'))));
        return drain(
          (c) => d.connector.searchOrdersUpdatedSince(chunk, start, c),
          (o) => orderEvent(merchantId, o, createdAt()),
          perEachLocation(chunk),
        );
      },
    });
  }

  // SearchCustomers cannot sort by updated_at, so its pages are out of order and drain() moves the cursor only after
  // the last page. Customers are read after the sales that name them, so their events queue behind those sales.
  const customersKey = customersCursorKey(merchantId);
  units.push({
    label: 'customers',
    locations: [],
    run: () => {
      const start = iso(since(customersKey, 'customers'));
      return drain(
        (c) => d.connector.searchCustomersUpdatedSince(start, c),
        (c) => customerEvent(merchantId, c, createdAt()),
        (events) => perLocation(customersKey, 'customers')(events),
      );
    },
  });

  // A location is synced when each of its three streams (payments, refunds, orders) was read to the end.
  const streamsRead = new Map<string, number>();
  const settle = () => {
    result.syncedLocations = locationIds.filter((loc) => streamsRead.get(loc) === 3 && !result.failedLocations.has(loc));
    return result;
  };
  for (const unit of units) {
    try {
      if (d.stopped() || !(await unit.run())) return settle();
      for (const loc of unit.locations) streamsRead.set(loc, (streamsRead.get(loc) ?? 0) + 1);
    } catch (err) {
      const message = `Reading ${unit.label} from Square failed: ${squareErrorDetail(err)}`;
      d.log.warn({ err: squareErrorDetail(err) }, `catch-up sync: ${message}`);
      result.error ??= message;
      for (const loc of unit.locations) if (!result.failedLocations.has(loc)) result.failedLocations.set(loc, message);
      // A problem with one query (e.g. a location Square no longer accepts) must not starve the others.
      if (abortsPass(err)) {
        // Every location not yet read in full shares the reason the pass stopped.
        for (const loc of locationIds) if (streamsRead.get(loc) !== 3 && !result.failedLocations.has(loc)) result.failedLocations.set(loc, message);
        return settle();
      }
    }
  }
  return settle();
}
