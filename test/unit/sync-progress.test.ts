import { describe, expect, it } from 'vitest';
import type { BackfillProgress } from '../../shared/sync';
import { backfillSettled } from '../../shared/sync';
import { RateMeter, readFraction } from '../../main/intake/sync/rate-meter';
import { backfillResult, etaText, overallFraction, rateText, validateRange } from '../../renderer/src/components/sync/sync-text';

// The numbers behind the Sync screen's progress bar and pace, and the words it says about them.

const MIN = 60_000;

function progress(p: Partial<BackfillProgress>): BackfillProgress {
  return {
    from: '2026-03-01', to: '2026-03-10', state: 'running', read: 0, queued: 0, invoiced: 0, failed: 0, remaining: 0,
    readFraction: 0, ratePerMinute: null, etaSeconds: null, startedAt: '2026-03-11T09:00:00.000Z', finishedAt: null, error: null,
    ...p,
  };
}

describe('RateMeter', () => {
  it('has no pace until two samples lie apart in time', () => {
    const m = new RateMeter();
    expect(m.perMinute()).toBeNull();
    m.add(1_000, 0);
    expect(m.perMinute()).toBeNull();
    m.add(1_000, 5);
    expect(m.perMinute()).toBeNull();
    expect(m.etaSeconds(10)).toBeNull();
  });

  it('measures items per minute over the last minute, not since the start', () => {
    const m = new RateMeter(MIN);
    m.add(0, 0);
    // A slow first minute (10), then a fast stretch: 120 in the next minute.
    m.add(MIN, 10);
    m.add(2 * MIN, 130);
    expect(m.perMinute()).toBe(120);
    // 240 remaining at 120 a minute: two minutes.
    expect(m.etaSeconds(240)).toBe(120);
  });

  it('keeps the window full width: the sample at or before its start stays', () => {
    const m = new RateMeter(MIN);
    m.add(0, 0);
    m.add(30_000, 30);
    m.add(90_000, 90);
    // Window [30 s, 90 s]: 60 items in 60 s.
    expect(m.perMinute()).toBe(60);
  });

  it('ignores totals that go backwards and says 0 s when nothing remains', () => {
    const m = new RateMeter();
    m.add(0, 10);
    m.add(10_000, 20);
    m.add(20_000, 5);
    expect(m.perMinute()).toBe(60);
    expect(m.etaSeconds(0)).toBe(0);
  });

  it('has no time to finish while nothing gets done', () => {
    const m = new RateMeter();
    m.add(0, 3);
    m.add(30_000, 3);
    expect(m.perMinute()).toBe(0);
    expect(m.etaSeconds(10)).toBeNull();
  });
});

describe('readFraction', () => {
  const day = 24 * 3600_000;
  it('gives each location × stream pass an equal share and places the current one by the newest created_at', () => {
    // 2 locations × (payments, refunds) = 4 passes; the second pass is half way through a 10-day range.
    expect(readFraction({ passIndex: 1, passes: 4, begin: 0, end: 10 * day, readThrough: 5 * day })).toBeCloseTo(1.5 / 4);
    expect(readFraction({ passIndex: 0, passes: 4, begin: 0, end: 10 * day, readThrough: null })).toBe(0);
    expect(readFraction({ passIndex: 4, passes: 4, begin: 0, end: 10 * day, readThrough: null })).toBe(1);
  });

  it('stays inside 0..1 whatever Square stamps', () => {
    expect(readFraction({ passIndex: 0, passes: 2, begin: day, end: 2 * day, readThrough: 0 })).toBe(0);
    expect(readFraction({ passIndex: 1, passes: 2, begin: day, end: 2 * day, readThrough: 9 * day })).toBe(1);
    expect(readFraction({ passIndex: 0, passes: 0, begin: 0, end: day, readThrough: null })).toBe(1);
  });
});

describe('overall progress and settling', () => {
  it('is held back by whichever lags: reading the range, or invoicing what was found', () => {
    expect(overallFraction(progress({ readFraction: 0.5, read: 100, remaining: 0 }))).toBe(0.5);
    expect(overallFraction(progress({ readFraction: 0.9, read: 100, queued: 100, remaining: 60 }))).toBeCloseTo(0.4);
    expect(overallFraction(progress({ state: 'done', readFraction: 1, read: 100, queued: 100, remaining: 25 }))).toBe(0.75);
    expect(overallFraction(progress({ state: 'done', readFraction: 1, read: 0 }))).toBe(1);
  });

  it('settles only when reading is over and nothing waits for the pipeline', () => {
    expect(backfillSettled(progress({ state: 'running' }))).toBe(false);
    expect(backfillSettled(progress({ state: 'done', remaining: 3 }))).toBe(false);
    expect(backfillSettled(progress({ state: 'done', remaining: 0 }))).toBe(true);
    expect(backfillSettled(progress({ state: 'cancelled', remaining: 0 }))).toBe(true);
  });
});

describe('the words', () => {
  it('checks each date of the range at its own field', () => {
    const today = '2026-03-15';
    expect(validateRange('', '', today)).toEqual({ from: 'Choose the first day to read.', to: 'Choose the last day to read.' });
    expect(validateRange('2026-02-30', '2026-03-01', today).from).toMatch(/not a date/);
    expect(validateRange('2026-03-01', '2026-03-16', today)).toEqual({ to: 'This day is in the future. Choose 15 Mar 2026 or earlier.' });
    expect(validateRange('2026-03-10', '2026-03-01', today)).toEqual({ to: 'The last day must be on or after the first (10 Mar 2026).' });
    expect(validateRange('2026-03-01', '2026-03-15', today)).toEqual({});
  });

  it('says the pace and the time left only when they mean something', () => {
    expect(rateText(progress({ state: 'running' }))).toBe('Measuring…');
    expect(rateText(progress({ state: 'done', read: 5, queued: 0 }))).toBe('Nothing to make');
    expect(rateText(progress({ state: 'done', invoiced: 10, ratePerMinute: 42.4 }))).toBe('42 invoices a minute');
    expect(etaText(progress({ remaining: 10, etaSeconds: 30 }))).toBe('less than a minute left');
    expect(etaText(progress({ remaining: 10, etaSeconds: 600 }))).toBe('about 10 minutes left');
    expect(etaText(progress({ remaining: 0, etaSeconds: 0 }))).toBeNull();
  });

  it('gives the result: found, already here, made, failed with what to do', () => {
    const r = backfillResult(progress({ state: 'done', readFraction: 1, read: 12, queued: 10, invoiced: 8, failed: 2 }));
    expect(r.tone).toBe('warning');
    expect(r.title).toBe('Backfill of 01 Mar 2026 to 10 Mar 2026 finished');
    expect(r.lines).toEqual([
      'Found 12 sales and refunds in Square.',
      '2 were already here and needed nothing.',
      '8 invoices and credit notes made from the 10 new ones.',
      '2 sales could not be made into invoices. Open Failed events to see why and retry them.',
    ]);
    expect(backfillResult(progress({ state: 'done', read: 0 })).lines).toEqual(['Square has no sales or refunds in these days for the selected locations.']);
    const failed = backfillResult(progress({ state: 'failed', read: 3, queued: 3, invoiced: 3, error: 'Backfill stopped: 503' }));
    expect(failed.tone).toBe('error');
    expect(failed.lines.at(-1)).toMatch(/^Square could not be read to the end\. Check the connection on the Square screen/);
    expect(backfillResult(progress({ state: 'cancelled', read: 0 })).lines).toEqual(['Nothing had been read yet.', 'Start again whenever you like.']);
  });
});
