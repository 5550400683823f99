import type { Channel, ChannelOutput, ParsedInput } from '../../../shared/contract';

/** One handler per contract channel. Inputs arrive already parsed by the channel's zod schema. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

/** The handlers of one area: the channels whose names start with `prefix.`. */
export type AreaHandlers<Prefix extends string> = Pick<Handlers, Extract<Channel, `${Prefix}.${string}`>>;
