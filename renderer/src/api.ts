import './zod-csp';
import {
  API_ERROR_CODES,
  ApiCallError,
  CHANNELS,
  type ApiErrorBody,
  type FieldError,
  type Channel,
  type PushEventName,
  type PushEvents,
  type TaxpoyntApi,
} from '../../shared/contract';
import { createEventStream, type EventStream } from './event-stream';

// The renderer's only door to the core. Inside Electron the preload exposes `window.taxpoynt`; in a browser opened by
// `npm run serve` we speak the same contract over HTTP (POST /api/<channel>) and Server-Sent Events (GET /api/events).

declare global {
  interface Window {
    taxpoynt?: TaxpoyntApi;
  }
}

const TOKEN_KEY = 'taxpoynt.apiToken';
const STREAM_IDLE_CLOSE_MS = 5_000;
const HOW_TO_GET_TOKEN = 'Open the dashboard with the full address that npm run serve prints (it ends in #token=…).';

/** The call never reached a handler: no token, or a refused one. Every other call will fail the same way. */
export class ApiTokenError extends ApiCallError {
  constructor(message: string) {
    super({ code: 'unauthorized', message });
    this.name = 'ApiTokenError';
  }
}

/**
 * Takes the token from the URL fragment (`#token=…`, never sent to the server), keeps it for this tab only, and
 * removes it from the address bar so it is not shown, bookmarked or shared in a screenshot.
 */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
  if (match) {
    const token = decodeURIComponent(match[1] ?? '');
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).message === 'string';
}

function unauthorized(token: string | null): ApiTokenError {
  return new ApiTokenError(
    token
      ? `The API token in this tab was refused (the host may have restarted with a new one). ${HOW_TO_GET_TOKEN}`
      : `No API token in this tab. ${HOW_TO_GET_TOKEN}`,
  );
}

export function createHttpApi(): TaxpoyntApi {
  const token = takeTokenFromLocation();
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

  async function call(channel: Channel, input: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
    } catch {
      throw new ApiCallError({
        code: 'unavailable',
        message: 'The app is not answering. Check that npm run serve is still running, then try again.',
        detail: `POST /api/${channel}: no answer`,
      });
    }
    if (res.status === 401) throw unauthorized(token);
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      if (isErrorBody(body)) throw new ApiCallError(body.error);
      throw new ApiCallError({
        code: 'internal',
        message: 'Something went wrong in the app. Try again; if it keeps happening, restart it.',
        detail: `POST /api/${channel}: HTTP ${res.status}`,
      });
    }
    return body;
  }

  let stream: EventStream | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();

  function deliver(event: string, payload: unknown): void {
    for (const listener of listeners.get(event as PushEventName) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  }

  function on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = (payload: unknown) => listener(payload as PushEvents[E]);
    set.add(wrapped);
    // One shared connection for every subscriber, opened on first use and closed a little after the last one leaves
    // (a screen change unsubscribes and resubscribes at once; that must not cost a reconnect).
    clearTimeout(idleTimer);
    stream ??= createEventStream({
      url: '/api/events',
      headers,
      onEvent: deliver,
      // Events sent while we were disconnected are lost; tell listeners the numbers may have moved.
      onReconnect: () => deliver('stats.changed', {}),
    });
    return () => {
      set.delete(wrapped);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0) {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          if (listeners.size > 0 || !stream) return;
          stream.close();
          stream = null;
        }, STREAM_IDLE_CLOSE_MS);
      }
    };
  }

  const methods = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (input?: unknown) => call(channel, input)] as const),
  );
  return { ...methods, on } as TaxpoyntApi;
}

/**
 * The Electron preload rejects with plain `{ message, code, field, detail, fieldErrors }` objects (contextBridge would strip an Error's
 * extra properties); turn them into ApiCallError so screens handle both transports alike.
 */
export function adoptBridgeApi(bridge: TaxpoyntApi): TaxpoyntApi {
  const toError = (err: unknown): unknown => {
    if (err instanceof ApiCallError || typeof err !== 'object' || err === null) return err;
    const { message, code, field, detail, fieldErrors } = err as Partial<ApiErrorBody>;
    if (typeof message !== 'string') return err;
    return new ApiCallError({
      code: code && (API_ERROR_CODES as readonly string[]).includes(code) ? code : 'internal',
      message,
      ...(typeof field === 'string' ? { field } : {}),
      ...(typeof detail === 'string' ? { detail } : {}),
      ...(Array.isArray(fieldErrors) ? { fieldErrors: fieldErrors as FieldError[] } : {}),
    });
  };
  const methods = Object.fromEntries(
    CHANNELS.map((channel) => {
      const call = bridge[channel] as (input?: unknown) => Promise<unknown>;
      return [channel, (input?: unknown) => call(input).catch((err: unknown) => Promise.reject(toError(err)))] as const;
    }),
  );
  return { ...methods, on: bridge.on.bind(bridge) } as TaxpoyntApi;
}

export const api: TaxpoyntApi = window.taxpoynt ? adoptBridgeApi(window.taxpoynt) : createHttpApi();

/** True when the API is the HTTP client (the browser dashboard), false inside the Electron shell. */
export const isHttpTransport = !window.taxpoynt;
