import { describe, expect, it } from 'vitest';
import { ParsedHandOff } from '../../main/inbox/hand-off';

// The backfill hands the orders it parsed to the pipeline by event id (main/inbox/hand-off.ts): a pure optimisation,
// so what matters is that it stays bounded and that an object is used at most once (a retry parses the stored body).

describe('parsed hand-off', () => {
  it('gives each object once, by event id', () => {
    const h = new ParsedHandOff<{ n: number }>(10);
    const a = { n: 1 };
    h.put('e1', a);
    expect(h.take('e2')).toBeUndefined();
    expect(h.take('e1')).toBe(a);
    expect(h.take('e1')).toBeUndefined();
    expect(h.size).toBe(0);
  });

  it('holds at most its bound, dropping the oldest first', () => {
    const h = new ParsedHandOff<{ n: number }>(3);
    for (let n = 1; n <= 5; n++) h.put(`e${n}`, { n });
    expect(h.size).toBe(3);
    expect(h.take('e1')).toBeUndefined();
    expect(h.take('e2')).toBeUndefined();
    expect([h.take('e3')?.n, h.take('e4')?.n, h.take('e5')?.n]).toEqual([3, 4, 5]);
  });
});
