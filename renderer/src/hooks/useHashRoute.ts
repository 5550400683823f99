import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { screen: 'dashboard' }
  | { screen: 'invoices' }
  | { screen: 'invoice'; id: number }
  | { screen: 'invoicePrint'; id: number }
  | { screen: 'square' }
  | { screen: 'webhooks' }
  | { screen: 'settings' }
  /** problem: only those with a processing problem (a link from the dashboard). */
  | { screen: 'transactions'; problem?: boolean }
  | { screen: 'events' }
  | { screen: 'sync' }
  /** ids: documents ticked in the invoice list ("Export selected"); none = choose by date and location. */
  | { screen: 'export'; ids?: number[] };

export type ScreenName = 'dashboard' | 'invoices' | 'transactions' | 'events' | 'sync' | 'export' | 'square' | 'webhooks' | 'settings';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const invoice = /^invoices\/(\d+)$/.exec(path);
  if (invoice) return { screen: 'invoice', id: Number(invoice[1]) };
  const print = /^invoices\/(\d+)\/print$/.exec(path);
  if (print) return { screen: 'invoicePrint', id: Number(print[1]) };
  if (path === 'invoices') return { screen: 'invoices' };
  if (path === 'square') return { screen: 'square' };
  if (path === 'webhooks') return { screen: 'webhooks' };
  if (path === 'settings') return { screen: 'settings' };
  if (path === 'transactions') return { screen: 'transactions' };
  if (path === 'transactions?problem=1') return { screen: 'transactions', problem: true };
  if (path === 'events') return { screen: 'events' };
  if (path === 'sync') return { screen: 'sync' };
  const exp = /^export(?:\?ids=([\d,]*))?$/.exec(path);
  if (exp) {
    const ids = (exp[1] ?? '').split(',').filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    return ids.length ? { screen: 'export', ids } : { screen: 'export' };
  }
  return { screen: 'dashboard' };
}

export function routeHref(route: Route): string {
  if (route.screen === 'invoice') return `#/invoices/${route.id}`;
  if (route.screen === 'invoicePrint') return `#/invoices/${route.id}/print`;
  if (route.screen === 'transactions' && route.problem) return '#/transactions?problem=1';
  if (route.screen === 'export' && route.ids?.length) return `#/export?ids=${route.ids.join(',')}`;
  return `#/${route.screen}`;
}

/**
 * A screen with unsaved work holds route changes (issue 16): it is called with the address the owner is going to and
 * returns true to hold it (the address bar goes back while it asks); it calls leave() to go after all.
 */
export type LeaveGuard = (leave: () => void) => boolean;
let leaveGuard: LeaveGuard | null = null;
/** The hash of the screen shown now (set when the router mounts; read only in the browser). */
let shownHash = '';

/** Installs the guard; returns its removal. One at a time: the screen that is shown. */
export function setLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

/** Hash routing: works the same from http://127.0.0.1 and from the Electron shell's own protocol, no server help. */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    shownHash = window.location.hash;
    const onChange = () => {
      const target = window.location.hash;
      if (leaveGuard && target !== shownHash) {
        const guard = leaveGuard;
        const held = guard(() => {
          if (leaveGuard === guard) leaveGuard = null;
          window.location.hash = target;
        });
        if (held) {
          // replaceState fires no hashchange: the address shows the screen that is still shown.
          window.history.replaceState(window.history.state, '', shownHash || '#/');
          return;
        }
      }
      shownHash = target;
      setRoute(parseRoute(target));
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHref(next);
  }, []);
  return [route, navigate];
}
