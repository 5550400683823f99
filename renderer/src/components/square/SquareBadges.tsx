import type { ConnectionStatus, SquareEnvironment } from '../../../../shared/square';
import { ENVIRONMENT_LABELS, STATUS_LABELS } from './square-text';

export function EnvironmentBadge({ environment }: { environment: SquareEnvironment }) {
  return (
    <span
      className={`badge env-badge env-${environment}`}
      data-testid="square-environment"
      data-environment={environment}
      title={environment === 'custom' ? 'SQUARE_BASE_URL points the app at a server other than Square' : undefined}
    >
      {ENVIRONMENT_LABELS[environment]}
    </span>
  );
}

export function ConnectionStatusBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`badge conn-badge conn-${status}`} data-testid="square-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
