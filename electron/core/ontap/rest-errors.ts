import { WorkbenchError } from '../errors';

/** ONTAP's error body: `{"error":{"message","code","target","arguments"}}`. */
interface OntapErrorBody {
  error?: { message?: string; code?: string | number; target?: string };
}

/** What the failed call was, for the message. */
interface FailedCall {
  method: string;
  path: string;
  username: string;
}

/** The fix for a refused login, in plain words. */
export const WRONG_LOGIN_HINT =
  'Check the user name and password. On FSx for ONTAP the cluster administrator is fsxadmin and an SVM administrator is vsadmin; their passwords are set in the AWS console (or with `security login password`).';

/** What an SVM-scoped account is, for messages about privileges. */
export const SVM_SCOPE_HINT =
  'An SVM administrator (such as vsadmin) manages its own SVM only: volumes, the S3 server, users, groups and buckets there. It cannot read the cluster, other SVMs, nodes or aggregates. Use the cluster administrator (fsxadmin) for those.';

/** ONTAP's numeric error code as a string, when the body has one. */
export function ontapErrorCode(err: unknown): string | null {
  if (!(err instanceof WorkbenchError)) return null;
  const details = err.details as { ontapCode?: string | null } | undefined;
  return details?.ontapCode ?? null;
}

/** True for ONTAP's "entry doesn't exist" (code 4, HTTP 404). */
export function isOntapNotFound(err: unknown): boolean {
  if (!(err instanceof WorkbenchError)) return false;
  const details = err.details as { status?: number } | undefined;
  return ontapErrorCode(err) === '4' || details?.status === 404;
}

/**
 * A non-2xx answer as WorkbenchError: 401 → ONTAP_AUTH_FAILED ("wrong user or password"),
 * 403 → ONTAP_PRIVILEGE, anything else → ONTAP_ERROR with ONTAP's own message and code.
 */
export function ontapHttpError(response: { status: number; body: Record<string, unknown> }, call: FailedCall): WorkbenchError {
  const error = (response.body as OntapErrorBody).error ?? {};
  const ontapMessage = error.message?.trim() || null;
  const details = {
    status: response.status,
    ontapCode: error.code === undefined ? null : String(error.code),
    target: error.target ?? null,
    request: `${call.method} ${call.path.split('?')[0]}`,
  };
  if (response.status === 401)
    return new WorkbenchError('ONTAP_AUTH_FAILED', `ONTAP refused the login of ${call.username}: wrong user or password.`, {
      hint: WRONG_LOGIN_HINT,
      details,
    });
  if (response.status === 403)
    return new WorkbenchError(
      'ONTAP_PRIVILEGE',
      `${call.username} may not do this: ${ontapMessage ?? `${details.request} was refused`}.`.replace(/\.\.$/, '.'),
      { hint: `Use an account with the role this needs. ${SVM_SCOPE_HINT}`, details },
    );
  return new WorkbenchError(
    'ONTAP_ERROR',
    ontapMessage ?? `ONTAP answered ${response.status} to ${details.request}.`,
    details.ontapCode === '4' ? { hint: 'It may have been removed or renamed; refresh and try again.', details } : { details },
  );
}
