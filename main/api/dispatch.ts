import { ApiError, contract, isChannel, type ApiResult, type Channel } from '../../shared/contract';
import { ownerIssueWords } from '../../shared/field-words';
import { fromZodError, unexpectedError, unknownChannelError } from './errors';
import type { Handlers } from './handlers/types';

export type Dispatch = (channel: string, rawInput: unknown) => Promise<ApiResult<unknown>>;

export interface DispatchOptions {
  /** Called with unexpected (non-ApiError) failures; their details stay in the log, not in the UI. */
  onUnexpected?: (channel: string, err: unknown) => void;
}

/**
 * The single entry point both transports use: look up the channel, parse the input with its zod schema, run the
 * handler, and turn every outcome into a plain ApiResult. Nothing thrown here escapes to a transport.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) {
      return { ok: false, error: unknownChannelError(String(channel)).toBody() };
    }
    // An omitted body means "no input": the same as {} for channels without required fields.
    const parsed = contract[channel].input.safeParse(rawInput === undefined || rawInput === null ? {} : rawInput, {
      // zod's own issues in the owner's words; a schema's explicit message still wins.
      error: ownerIssueWords,
    });
    if (!parsed.success) return { ok: false, error: fromZodError(channel, parsed.error).toBody() };
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toBody() };
      options.onUnexpected?.(channel satisfies Channel, err);
      return { ok: false, error: unexpectedError(channel, err).toBody() };
    }
  };
}
