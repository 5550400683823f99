import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../renderer/src/hooks/useHashRoute';

describe('print view route', () => {
  it('reads and writes #/invoices/<id>/print, beside the invoice detail route', () => {
    expect(parseRoute('#/invoices/12/print')).toEqual({ screen: 'invoicePrint', id: 12 });
    expect(parseRoute('#/invoices/12')).toEqual({ screen: 'invoice', id: 12 });
    expect(parseRoute('#/invoices/12/print/x')).toEqual({ screen: 'dashboard' });
    expect(routeHref({ screen: 'invoicePrint', id: 12 })).toBe('#/invoices/12/print');
    expect(parseRoute(routeHref({ screen: 'invoicePrint', id: 7 }))).toEqual({ screen: 'invoicePrint', id: 7 });
  });
});
