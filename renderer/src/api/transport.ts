import type { InvokeResult } from '../../../shared/wire';

/** Whether the renderer can currently reach the backend. */
export type TransportStatus = 'connecting' | 'connected' | 'disconnected';

/** How the renderer reaches the backend; IPC and WebSocket look the same from here. */
export interface Transport {
  readonly mode: 'ipc' | 'websocket';
  invoke(method: string, input: unknown): Promise<InvokeResult>;
  /** Receives every backend event; returns an unsubscribe function. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  onStatus(listener: (status: TransportStatus) => void): () => void;
}

/** The bridge the Electron preload exposes. */
export interface WorkbenchBridge {
  invoke(method: string, input: unknown): Promise<InvokeResult>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}
