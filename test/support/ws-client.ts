import WebSocket from 'ws';
import type { EventName } from '../../shared/contract';
import type { InvokeResult } from '../../shared/wire';

/** A contract client over a real WebSocket, as the renderer uses in browser mode. */
export class WsTestClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: InvokeResult) => void>();
  readonly events: { name: EventName; payload: unknown }[] = [];
  private readonly eventWaiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as {
        type: string;
        id?: number;
        name?: EventName;
        payload?: unknown;
      } & InvokeResult;
      if (msg.type === 'event') {
        this.events.push({ name: msg.name as EventName, payload: msg.payload });
        this.eventWaiters.splice(0).forEach((w) => w());
      } else if (msg.id !== undefined) {
        this.pending.get(msg.id)?.(msg.ok ? { ok: true, result: msg.result } : { ok: false, error: msg.error });
      }
    });
  }

  /** Connects; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new WsTestClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  invoke(method: string, input: unknown): Promise<InvokeResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ type: 'invoke', id, method, input }));
    });
  }

  /** Resolves when an event matching `predicate` has arrived (already or later). */
  async waitForEvent(
    predicate: (e: { name: EventName; payload: unknown }) => boolean,
  ): Promise<{ name: EventName; payload: unknown }> {
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.eventWaiters.push(resolve));
    }
  }

  close(): void {
    this.socket.close();
  }
}
