import type { EventName, EventPayload } from '../../shared/contract';

/** Receives every event the backend publishes. */
export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** The backend's one publish/subscribe point; IPC and WebSocket bindings subscribe to it. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  /** Sends an event to every subscriber; a throwing subscriber does not stop the others. */
  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (err) {
        console.error(`event listener failed on ${name}:`, err);
      }
    }
  }

  /** Subscribes; the returned function unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
