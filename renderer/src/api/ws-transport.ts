import { serverMessageSchema, WS_PATH, type InvokeResult } from '../../../shared/wire';
import type { Transport, TransportStatus } from './transport';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * Browser mode's transport: one WebSocket to the page's own origin (the token travels in the
 * HttpOnly cookie the server set), reconnecting with backoff; calls in flight when the socket
 * drops fail with TRANSPORT_CLOSED rather than hang.
 */
export function createWebSocketTransport(location: Location = window.location): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
  const pending = new Map<number, (result: InvokeResult) => void>();
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  let socket: WebSocket | null = null;
  let status: TransportStatus = 'connecting';
  let nextId = 1;
  let delay = RECONNECT_MIN_MS;
  let opened: Promise<WebSocket>;

  const setStatus = (next: TransportStatus) => {
    status = next;
    statusListeners.forEach((l) => l(next));
  };

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => {
        delay = RECONNECT_MIN_MS;
        setStatus('connected');
        resolve(ws);
      };
      ws.onmessage = (event) => {
        const parsed = serverMessageSchema.safeParse(JSON.parse(String(event.data)));
        if (!parsed.success) {
          console.error('workbench: dropped a message outside the wire protocol', parsed.error.issues);
          return;
        }
        const message = parsed.data;
        if (message.type === 'event') {
          eventListeners.forEach((l) => l(message.name, message.payload));
          return;
        }
        const settle = pending.get(message.id);
        pending.delete(message.id);
        settle?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
      };
      ws.onclose = () => {
        for (const settle of pending.values()) {
          settle({
            ok: false,
            error: {
              code: 'TRANSPORT_CLOSED',
              message: 'Lost the connection to the workbench backend.',
              hint: 'Is `workbench serve` still running? The page reconnects by itself.',
            },
          });
        }
        pending.clear();
        setStatus('disconnected');
        setTimeout(() => {
          opened = connect();
        }, delay);
        delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      };
    });
  opened = connect();

  return {
    mode: 'websocket',
    async invoke(method, input) {
      const ws = status === 'connected' && socket ? socket : await opened;
      const id = nextId++;
      return new Promise<InvokeResult>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, method, input }));
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
