import { SquareClient } from 'square';
import { capturingFetch } from './raw-capture';

export interface ClientOptions {
  baseUrl: string;
  /** A fixed token, or a supplier the SDK calls before every request (lets us refresh on demand). */
  token?: string | (() => Promise<string>);
  timeoutInSeconds?: number;
  maxRetries?: number;
}

export function createSquareClient(o: ClientOptions): SquareClient {
  return new SquareClient({
    baseUrl: o.baseUrl,
    ...(o.token !== undefined ? { token: o.token } : { token: '' }),
    timeoutInSeconds: o.timeoutInSeconds ?? 30,
    maxRetries: o.maxRetries ?? 2,
    fetch: capturingFetch,
  });
}
