/** Shown while the receiver refuses every event: nothing from Square becomes an invoice until this is fixed. */
export function RefusalBanner({ reason }: { reason: string | null }) {
  if (!reason) return null;
  return (
    <div className="banner banner-warning refusal-banner" role="alert" data-testid="webhook-refusal">
      <strong className="banner-title">Square’s events are refused right now</strong>
      <span data-testid="webhook-refusal-reason">{reason}</span>
    </div>
  );
}
