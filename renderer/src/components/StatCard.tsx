import type { ReactNode } from 'react';

interface Props {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId: string;
  tone?: 'default' | 'accent' | 'warning' | 'danger';
}

/** One number on the dashboard; the value carries the test id so tests read exactly the number. */
export function StatCard({ label, value, hint, testId, tone = 'default' }: Props) {
  return (
    <div className={`stat-card stat-card-${tone}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}
