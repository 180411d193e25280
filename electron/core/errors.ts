import type { ErrorCode, WorkbenchErrorShape } from '../../shared/errors';

/** An error the user can act on: a stable code, what happened, and the fix. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'WorkbenchError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** True when `err` is the rejection of an aborted operation (our own, DOM's or Node's). */
export function isAbortError(err: unknown): boolean {
  if (err instanceof WorkbenchError) return err.code === 'CANCELLED';
  return err instanceof Error && (err.name === 'AbortError' || (err as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

/** The error to reject with when a signal aborts an operation. */
export function cancelledError(what = 'The operation'): WorkbenchError {
  return new WorkbenchError('CANCELLED', `${what} was cancelled.`);
}

/** Converts anything thrown into the wire shape; unexpected errors become INTERNAL with their message. */
export function toErrorShape(err: unknown): WorkbenchErrorShape {
  if (err instanceof WorkbenchError) {
    const shape: WorkbenchErrorShape = { code: err.code, message: err.message };
    if (err.hint !== undefined) shape.hint = err.hint;
    if (err.details !== undefined) shape.details = err.details;
    return shape;
  }
  if (isAbortError(err)) return { code: 'CANCELLED', message: 'The operation was cancelled.' };
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message: `Unexpected error: ${message}`,
    hint: 'This is a bug in the workbench. The details are in the log; please report them.',
  };
}
