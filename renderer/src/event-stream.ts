// A minimal Server-Sent Events client over fetch(). EventSource cannot send an Authorization header, and the token
// must not travel in the URL (it would land in logs and history), so we read the stream ourselves.

export interface EventStreamOptions {
  url: string;
  headers: () => Record<string, string>;
  onEvent: (event: string, payload: unknown) => void;
  /** Called after a dropped connection is re-established (not on the first connect). */
  onReconnect?: () => void;
}

export interface EventStream {
  close(): void;
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/** Parses SSE text into events; feed it chunks, it calls back once per complete event. */
export function createSseParser(dispatch: (event: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) dispatch(event || 'message', data.join('\n'));
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue; // comment / heartbeat
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  };
}

export function createEventStream(options: EventStreamOptions): EventStream {
  const controller = new AbortController();
  let closed = false;
  let backoff = MIN_BACKOFF_MS;
  let connectedBefore = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const parse = createSseParser((event, data) => {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // not ours; ignore rather than break the stream
    }
    options.onEvent(event, payload);
  });

  async function connect(): Promise<void> {
    try {
      const res = await fetch(options.url, {
        headers: { ...options.headers(), accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
      if (connectedBefore) options.onReconnect?.();
      connectedBefore = true;
      backoff = MIN_BACKOFF_MS;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
    } catch {
      // Dropped, refused or aborted: fall through to the retry below unless we were closed.
    }
    if (closed) return;
    // Jitter so several tabs do not hammer a restarting host in step.
    const delay = Math.round(backoff * (0.75 + Math.random() * 0.5));
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    retryTimer = setTimeout(() => void connect(), delay);
  }

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      controller.abort();
    },
  };
}
