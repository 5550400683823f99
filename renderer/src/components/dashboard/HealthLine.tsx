import type { Health } from '../../../../shared/dashboard';
import type { CanOpen, OpenTarget } from './targets';

/** The one true sentence about whether sales are flowing, with the next step when something is wrong. */
export function HealthLine({ health, onOpen, canOpen }: { health: Health; onOpen: OpenTarget; canOpen: CanOpen }) {
  const action = health.action && canOpen(health.action.target) ? health.action : null;
  return (
    <section
      className={`health-line health-${health.tone}`}
      data-testid="health-line"
      data-state={health.state}
      role="status"
      aria-label="Connection health"
    >
      <span className="health-dot" aria-hidden="true" />
      <div className="health-text">
        <p className="health-headline" data-testid="health-headline">
          {health.headline}
        </p>
        <p className="health-detail">{health.detail}</p>
      </div>
      {action ? (
        <button type="button" className="btn btn-primary health-action" data-testid="health-action" onClick={() => onOpen(action.target)}>
          {action.label}
        </button>
      ) : null}
    </section>
  );
}
