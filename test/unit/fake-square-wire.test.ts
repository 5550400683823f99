import { describe, expect, it } from 'vitest';
import { storedListJson, toJson, withList } from '../fakes/fake-square/wire';

// The fake's list answers are written from each stored object's kept JSON: the bytes must be those the plain path
// (toJson of withList) writes, whatever the list holds and whatever else the answer carries.

describe('fake Square list JSON', () => {
  const orders = [
    { id: 'O1', version: 1, total_money: { amount: 1370, currency: 'USD' }, note: 'ünï "quoted" #bigint#' },
    { id: 'O2', version: 3, big: 12345678901234567890n, line_items: [] },
  ];

  it('writes the same bytes as toJson(withList(...)), with and without items and extra fields', () => {
    for (const [items, extra] of [
      [orders, {}],
      [orders, { cursor: 'c1' }],
      [orders, { cursor: undefined }],
      [[], {}],
      [[], { cursor: 'c2' }],
    ] as const) {
      expect(storedListJson('orders', items, extra)).toBe(toJson(withList('orders', [...items], extra)));
    }
  });

  it('a stored object replaced by a new one is written as the new one', () => {
    const first = { id: 'O3', version: 1 };
    expect(storedListJson('orders', [first])).toBe('{"orders":[{"id":"O3","version":1}]}');
    const second = { ...first, version: 2 };
    expect(storedListJson('orders', [second])).toBe('{"orders":[{"id":"O3","version":2}]}');
  });
});
