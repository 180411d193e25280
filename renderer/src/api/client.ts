import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import type { WorkbenchErrorShape } from '../../../shared/errors';
import { createIpcTransport } from './ipc-transport';
import type { Transport } from './transport';
import { createWebSocketTransport } from './ws-transport';

/** A failed call, carrying the backend's code, message and fix. */
export class ApiError extends Error {
  readonly code: WorkbenchErrorShape['code'];
  readonly hint: string | undefined;
  /** For INVALID_INPUT: `[{path, message}]`, so a form can show each message under its field. */
  readonly details: unknown;

  constructor(shape: WorkbenchErrorShape) {
    super(shape.message);
    this.code = shape.code;
    this.hint = shape.hint;
    this.details = shape.details;
  }
}

function isErrorShape(err: unknown): err is WorkbenchErrorShape {
  return typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string' && 'code' in err;
}

/** What went wrong and the fix, as one thing to show: `{message, hint, code}` of a thrown value or a job's error. */
export function describeError(err: unknown): { message: string; hint: string | null; code: string | null } {
  if (err instanceof ApiError) return { message: err.message, hint: err.hint ?? null, code: err.code };
  if (isErrorShape(err)) return { message: err.message, hint: err.hint ?? null, code: err.code };
  return { message: err instanceof Error ? err.message : String(err), hint: null, code: null };
}

/** The field errors of an INVALID_INPUT failure, keyed by the first part of each path (`host`, `restPort`…). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.code !== 'INVALID_INPUT' || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.details as { path?: unknown; message?: unknown }[]) {
    const field = Array.isArray(issue.path) && issue.path.length ? String(issue.path[0]) : '';
    if (field && typeof issue.message === 'string' && !out[field]) out[field] = issue.message;
  }
  return out;
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
