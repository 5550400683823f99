import { describe, expect, test } from 'vitest';
import { parseRoute, routeHref } from '../../renderer/src/hooks/useHashRoute';

describe('the Export screen route', () => {
  test('#/export chooses by date; ids from the list travel in the hash', () => {
    expect(parseRoute('#/export')).toEqual({ screen: 'export' });
    expect(parseRoute('#/export?ids=3,1,20')).toEqual({ screen: 'export', ids: [3, 1, 20] });
    expect(parseRoute('#/export?ids=')).toEqual({ screen: 'export' });
    expect(parseRoute('#/export?ids=1,x')).toEqual({ screen: 'dashboard' });
    expect(routeHref({ screen: 'export', ids: [5, 7] })).toBe('#/export?ids=5,7');
    expect(routeHref({ screen: 'export' })).toBe('#/export');
    expect(parseRoute(routeHref({ screen: 'export', ids: [9] }))).toEqual({ screen: 'export', ids: [9] });
  });
});
