import type { ReactNode } from 'react';
import type { DashboardTarget } from '../../../../shared/dashboard';
import type { CanOpen, OpenTarget } from './targets';

interface Props {
  label: string;
  /** On the value, so tests read exactly the number. */
  testId: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'default' | 'warning' | 'danger';
  /** Where the card leads (its filtered list); a plain card when this build has no such screen. */
  target: DashboardTarget;
  /** Words for the link, read by screen readers after the label ("Open the list"). */
  linkLabel: string;
  wide?: boolean;
  onOpen: OpenTarget;
  canOpen: CanOpen;
}

/** One dashboard card; the whole card is the link to its list. */
export function DashCard({ label, testId, value, hint, tone = 'default', target, linkLabel, wide, onOpen, canOpen }: Props) {
  const className = `dash-card dash-card-${tone}${wide ? ' dash-card-wide' : ''}`;
  const body = (
    <>
      <span className="dash-card-label">{label}</span>
      <span className="dash-card-value" data-testid={testId}>
        {value}
      </span>
      {hint ? <span className="dash-card-hint">{hint}</span> : null}
    </>
  );
  if (!canOpen(target)) {
    return (
      <div className={className} data-testid={`${testId}-card`}>
        {body}
      </div>
    );
  }
  return (
    <button type="button" className={`${className} dash-card-link`} data-testid={`${testId}-card`} onClick={() => onOpen(target)}>
      {body}
      <span className="dash-card-more">
        {linkLabel} <span aria-hidden="true">→</span>
      </span>
    </button>
  );
}
