// The renderer-facing API, built from the contract. No `electron` import: preload/index.ts passes in ipcRenderer's
// invoke and a push subscription, and tests pass fakes. Imports only shared/.
import {
  API_ERROR_CODES,
  CHANNELS,
  PUSH_EVENT_CHANNEL,
  PUSH_EVENTS,
  isPushEvent,
  type ApiErrorCode,
  type FieldError,
  type PushEventName,
  type TaxpoyntApi,
} from '../shared/contract';

export { PUSH_EVENT_CHANNEL };

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
/** Subscribes to PUSH_EVENT_CHANNEL messages (`{ event, payload }`), returns the unsubscribe function. */
export type SubscribePush = (listener: (message: unknown) => void) => () => void;

/**
 * What a failed call rejects with. A plain object rather than an Error: contextBridge copies only the `message` of an
 * Error into the page and drops every other property (electron/electron#25596), while plain objects cross intact.
 * renderer code reads `message`, `code` and `field`, and can wrap it into shared/contract's ApiCallError.
 */
export interface BridgeError {
  name: 'ApiCallError';
  message: string;
  code: ApiErrorCode;
  field?: string;
  /** The technical detail, shown only behind "Details". */
  detail?: string;
  fieldErrors?: FieldError[];
}

function bridgeError(code: ApiErrorCode, message: string, field?: string, more: { detail?: string; fieldErrors?: FieldError[] } = {}): BridgeError {
  return {
    name: 'ApiCallError',
    message,
    code,
    ...(field ? { field } : {}),
    ...(more.detail ? { detail: more.detail } : {}),
    ...(more.fieldErrors?.length ? { fieldErrors: more.fieldErrors } : {}),
  };
}

/** Only well-formed `{ field, message }` pairs cross; anything else from main is dropped rather than trusted. */
function fieldErrorsOf(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((f): f is FieldError => isRecord(f) && typeof f.field === 'string' && typeof f.message === 'string');
  return out.length ? out.map(({ field, message }) => ({ field, message })) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Unwraps an ApiResult from main: the value, or a rejection with a BridgeError. */
function unwrap(channel: string, result: unknown): unknown {
  if (isRecord(result) && result.ok === true && 'value' in result) return result.value;
  if (isRecord(result) && result.ok === false && isRecord(result.error)) {
    const { code, message, field, detail, fieldErrors } = result.error;
    const more = { ...(typeof detail === 'string' ? { detail } : {}), ...(fieldErrorsOf(fieldErrors) ? { fieldErrors: fieldErrorsOf(fieldErrors)! } : {}) };
    throw bridgeError(
      (API_ERROR_CODES as readonly unknown[]).includes(code) ? (code as ApiErrorCode) : 'internal',
      typeof message === 'string' ? message : SOMETHING_WENT_WRONG,
      typeof field === 'string' ? field : undefined,
      typeof message === 'string' ? more : { ...more, detail: `${channel}: the error had no message` },
    );
  }
  throw bridgeError('internal', SOMETHING_WENT_WRONG, undefined, { detail: `${channel} returned a malformed reply` });
}

const SOMETHING_WENT_WRONG = 'Something went wrong in the app. Try again; if it keeps happening, restart the app.';

export function createTaxpoyntApi(invoke: Invoke, subscribePush: SubscribePush): TaxpoyntApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[channel] = async (input?: unknown) => {
      let result: unknown;
      try {
        result = await invoke(channel, input);
      } catch (err) {
        // invoke itself failed (no handler registered, input not cloneable): still a BridgeError for the page.
        throw bridgeError('unavailable', 'The app did not answer. Try again; if it keeps happening, restart the app.', undefined, {
          detail: `${channel} could not be called: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
      return unwrap(channel, result);
    };
  }

  // One IPC listener for all push events, attached while at least one page listener exists.
  const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();
  let detach: (() => void) | null = null;
  const deliver = (message: unknown) => {
    if (!isRecord(message) || !isPushEvent(message.event)) return;
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        // Only the payload: the page never sees the IpcRendererEvent (it would expose `sender`, i.e. ipcRenderer).
        listener(message.payload);
      } catch (err) {
        console.error(`taxpoynt: a "${message.event}" listener threw`, err);
      }
    }
  };

  api.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isPushEvent(event)) {
      throw new Error(`Unknown push event "${String(event)}"; expected one of ${PUSH_EVENTS.join(', ')}`);
    }
    if (typeof listener !== 'function') throw new TypeError('on(event, listener) needs a function as listener');
    const set = listeners.get(event) ?? new Set<(payload: unknown) => void>();
    listeners.set(event, set);
    // Each call wraps the listener in a fresh function, so subscribing the same callback twice gives two independent
    // subscriptions (contextBridge hands us a new proxy per call anyway; identity-based off() could not work).
    const entry = (payload: unknown) => (listener as (payload: unknown) => void)(payload);
    set.add(entry);
    detach ??= subscribePush(deliver);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(entry);
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && detach) {
        detach();
        detach = null;
      }
    };
  };

  return Object.freeze(api) as unknown as TaxpoyntApi;
}
