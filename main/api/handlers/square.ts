import { ApiError } from '../../../shared/contract';
import type { SquareConnectionService } from '../../square/connection-service';
import { ConnectError } from '../../square/oauth-flow';
import { SquareError } from 'square';
import { ReconnectNeededError, squareFailureWords } from '../../square/square-errors';
import type { AreaHandlers } from './types';

/** Maps the connection service's failures to contract errors: words the owner can act on, Square's code as detail. */
function asApiError(err: unknown, doing: string): unknown {
  if (err instanceof ReconnectNeededError) return new ApiError('conflict', err.message, undefined, { detail: err.detail });
  if (err instanceof ConnectError) {
    const more = { detail: err.detail ?? `Square connection: ${err.code}` };
    if (err.code === 'not_configured') return new ApiError('invalid_input', err.message, 'squareApplicationId', more);
    if (err.code === 'port_in_use' || err.code === 'network') return new ApiError('unavailable', err.message, undefined, more);
    return new ApiError('invalid_input', err.message, 'token', more);
  }
  if (err instanceof SquareError) {
    const words = squareFailureWords(err, doing);
    return new ApiError('unavailable', words.message, undefined, { detail: words.detail });
  }
  return err;
}

async function mapped<T>(doing: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asApiError(err, doing);
  }
}

export function createSquareHandlers(square: SquareConnectionService): AreaHandlers<'square'> {
  return {
    'square.status': () => square.status(),
    'square.connect': () => mapped('connecting', () => square.connect()),
    'square.cancelConnect': () => {
      square.cancelConnect();
      return square.status();
    },
    'square.disconnect': () => mapped('disconnecting', () => square.disconnect()),
    'square.locations.refresh': () =>
      mapped('refreshing your locations', async () => {
        await square.refreshLocations();
        return square.status();
      }),
    'square.locations.select': ({ locationIds }) =>
      mapped('saving the chosen locations', () => {
        const unknown = square.selectLocations(locationIds);
        if (unknown.length) {
          throw new ApiError(
            'invalid_input',
            unknown.length === 1
              ? 'One of the chosen locations is no longer in your Square account. Press Refresh locations, then choose again.'
              : `${unknown.length} of the chosen locations are no longer in your Square account. Press Refresh locations, then choose again.`,
            'locationIds',
            { detail: `Unknown location ids: ${unknown.join(', ')}` },
          );
        }
        return square.status();
      }),
    'square.personalToken.set': ({ token }) => mapped('checking the token', () => square.setPersonalToken(token)),
    'square.personalToken.clear': () =>
      mapped('removing the token', async () => {
        await square.clearPersonalToken();
        return square.status();
      }),
  };
}
