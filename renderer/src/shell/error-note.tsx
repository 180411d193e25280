import type { ReactNode } from 'react';
import { describeError } from '../api/client';
import { WithCode } from './with-code';

/** A failed call shown as what happened and the fix, in the backend's own words. */
export function ErrorNote({ error, testId = 'error', children }: { error: unknown; testId?: string; children?: ReactNode }) {
  if (!error) return null;
  const { message, hint, code } = describeError(error);
  return (
    <div className="note note-bad" role="alert" data-testid={testId} data-error-code={code ?? undefined}>
      <p className="note-title">
        <WithCode text={message} />
      </p>
      {hint && (
        <p>
          <WithCode text={hint} />
        </p>
      )}
      {children}
    </div>
  );
}
