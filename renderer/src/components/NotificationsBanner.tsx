import { useCallback, useState } from 'react';
import { isNewNotice, type Notice } from '../../../shared/dashboard';
import { api } from '../api';
import { useQuery } from '../hooks/useQuery';
import type { CanOpen, OpenTarget } from './dashboard/targets';

const DISMISSED_KEY = 'taxpoynt.dismissedNotices';

function readDismissed(): Record<string, number> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/**
 * What needs the owner now (Square to reconnect, failed events, B2C sales near their deadline), above every screen:
 * the same notices the desktop app notifies about. Dismissing one hides it until it has something new to say.
 */
export function NotificationsBanner({ onOpen, canOpen }: { onOpen: OpenTarget; canOpen: CanOpen }) {
  // A failure here shows nothing: the screens say it themselves, and one banner about a banner helps nobody.
  const notices = useQuery(() => api['notifications.list'](), 'notifications', ['notifications.changed']);
  const [dismissed, setDismissed] = useState(readDismissed);
  const dismiss = useCallback((n: Notice) => {
    setDismissed((prev) => {
      const next = { ...prev, [n.id]: n.marker };
      try {
        localStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
      } catch {
        // Storage full or blocked: dismissed for this visit only.
      }
      return next;
    });
  }, []);

  const shown = (notices.data ?? []).filter((n) => isNewNotice(n, dismissed[n.id]));
  if (shown.length === 0) return null;
  return (
    <section className="notices no-print" aria-label="Needs your attention" data-testid="notices">
      {shown.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role="alert" data-testid={`notice-${n.id}`}>
          <div className="notice-text">
            <p className="notice-title">{n.title}</p>
            <p className="notice-body">{n.body}</p>
          </div>
          <div className="notice-actions">
            {canOpen(n.action.target) ? (
              <button type="button" className="btn btn-small btn-secondary" data-testid={`notice-${n.id}-action`} onClick={() => onOpen(n.action.target)}>
                {n.action.label}
              </button>
            ) : null}
            <button type="button" className="notice-dismiss" aria-label={`Dismiss: ${n.title}`} data-testid={`notice-${n.id}-dismiss`} onClick={() => dismiss(n)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
