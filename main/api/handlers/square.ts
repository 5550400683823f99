import { ApiError } from '../../../shared/contract';
import type { SquareConnectionService } from '../../square/connection-service';
import { ConnectError } from '../../square/oauth-flow';
import { ReconnectNeededError } from '../../square/square-errors';
import type { AreaHandlers } from './types';

/** Maps the connection service's failures to contract errors with words the owner can act on. */
function asApiError(err: unknown): unknown {
  if (err instanceof ReconnectNeededError) return new ApiError('conflict', err.message);
  if (err instanceof ConnectError) {
    if (err.code === 'not_configured') return new ApiError('invalid_input', err.message, 'squareApplicationId');
    if (err.code === 'port_in_use') return new ApiError('unavailable', err.message);
    return new ApiError('invalid_input', err.message, 'token');
  }
  if (err instanceof Error && /Could not reach Square/.test(err.message)) return new ApiError('unavailable', err.message);
  return err;
}

async function mapped<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asApiError(err);
  }
}

export function createSquareHandlers(square: SquareConnectionService): AreaHandlers<'square'> {
  return {
    'square.status': () => square.status(),
    'square.connect': () => mapped(() => square.connect()),
    'square.cancelConnect': () => {
      square.cancelConnect();
      return square.status();
    },
    'square.disconnect': () => mapped(() => square.disconnect()),
    'square.locations.refresh': () =>
      mapped(async () => {
        await square.refreshLocations();
        return square.status();
      }),
    'square.locations.select': ({ locationIds }) =>
      mapped(() => {
        const unknown = square.selectLocations(locationIds);
        if (unknown.length) {
          throw new ApiError('invalid_input', `Unknown location: ${unknown.join(', ')}`, 'locationIds');
        }
        return square.status();
      }),
    'square.personalToken.set': ({ token }) => mapped(() => square.setPersonalToken(token)),
    'square.personalToken.clear': () =>
      mapped(async () => {
        await square.clearPersonalToken();
        return square.status();
      }),
  };
}
