import { EventEmitter } from 'node:events';
import type { PushEventName, PushEvents } from '../../shared/contract';

/** Typed in-process bus for push events; transports (IPC, SSE) subscribe and forward to the renderer. */
export class PushBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Each connected UI (window or SSE client) adds one listener per event; do not warn at the default of 10.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends PushEventName>(event: E, payload: PushEvents[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
