import type { z } from 'zod';
import { isMethodName, methods, type MethodName, type MethodOutput } from '../../../shared/contract';
import type { InvokeResult } from '../../../shared/wire';
import { toErrorShape, WorkbenchError } from '../errors';

/** The parsed input a handler receives (defaults applied, unknown fields refused). */
export type HandlerInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>;

/** The backend's implementation of every method of the contract. */
export type Handlers = { [M in MethodName]: (input: HandlerInput<M>) => Promise<MethodOutput<M>> };

/** Renders zod's issues as one sentence that names each field and what it needs. */
export function describeIssues(method: string, issues: z.core.$ZodIssue[]): string {
  const parts = issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    return `${field}: ${issue.message}`;
  });
  return `Invalid input to ${method}: ${parts.join('; ')}`;
}

/**
 * The one entry point for every transport: checks the method name, validates the input with its
 * schema before the handler sees it, runs the handler, and checks the output against the contract.
 * Never throws; failures come back as `{ok:false, error}`.
 */
export async function dispatch(handlers: Handlers, method: unknown, rawInput: unknown): Promise<InvokeResult> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_METHOD',
        message: `There is no method ${JSON.stringify(method)}.`,
        hint: 'Use a name declared in shared/contract.ts.',
      },
    };
  }
  const spec = methods[method];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: describeIssues(method, parsed.error.issues),
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    };
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    const output = await handler(parsed.data);
    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      throw new WorkbenchError(
        'INTERNAL',
        `${method} answered outside its contract: ${describeIssues(method, checked.error.issues)}`,
      );
    }
    return { ok: true, result: checked.data };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}
