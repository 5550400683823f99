import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../../format';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** An instant as local date and time plus how long ago, with the exact value on hover. */
export function When({ iso, now }: { iso: string; now?: number }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}
