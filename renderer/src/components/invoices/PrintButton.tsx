import { routeHref } from '../../hooks/useHashRoute';

/** Opens the invoice's print view (Print; Save as PDF in the desktop app). A link: keyboard and address both work. */
export function PrintButton({ id }: { id: number }) {
  return (
    <a className="btn btn-secondary" href={routeHref({ screen: 'invoicePrint', id })} data-testid="open-print">
      Print or save as PDF
    </a>
  );
}
