import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import type { WorkbenchErrorShape } from '../../../shared/errors';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { createWebSocketTransport } from './ws-transport';

/** A failed call, carrying the backend's code, message and fix. */
export class ApiError extends Error {
  readonly code: WorkbenchErrorShape['code'];
  readonly hint: string | undefined;

  constructor(shape: WorkbenchErrorShape) {
    super(shape.message);
    this.code = shape.code;
    this.hint = shape.hint;
  }
}

/** The typed client every feature uses; it cannot tell IPC from WebSocket. */
export interface ApiClient {
  readonly transport: Transport;
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** Wraps a transport in the typed client. */
export function createClient(transport: Transport): ApiClient {
  return {
    transport,
    async invoke(method, input) {
      const outcome = await transport.invoke(method, input);
      if (!outcome.ok) throw new ApiError(outcome.error);
      return outcome.result as never;
    },
  };
}

/** The client of this page: IPC inside Electron, the WebSocket in a browser. */
export const api: ApiClient = createClient(window.workbench ? createIpcTransport(window.workbench) : createWebSocketTransport());
