import { describeError } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { ENTRIES } from './entries';

/** Which troubleshooting entry explains each error code the backend may answer with. */
const BY_CODE: Record<string, string> = {
  HOST_UNREACHABLE: 'unreachable',
  S3_UNREACHABLE: 'unreachable',
  ONTAP_AUTH_FAILED: 'auth',
  TLS_UNTRUSTED: 'certificate',
  TLS_CERTIFICATE_CHANGED: 'certificate',
  ONTAP_PRIVILEGE: 'privilege',
  S3_ACCESS_DENIED: 'access-denied',
  S3_MULTIPART_UNSUPPORTED: 'multipart',
};

/** A link to the troubleshooting entry `id`, titled with what it explains. */
export function TroubleshootLink({ id }: { id: string }) {
  const entry = ENTRIES.find((e) => e.id === id);
  if (!entry) return null;
  return (
    <a className="trouble-link" href={`#/troubleshooting/${id}`} data-testid="troubleshoot-link" data-troubleshoot={id}>
      Troubleshooting: {entry.title} →
    </a>
  );
}

/** An error with its message and fix, and a link to the entry that explains it when there is one. */
export function ExplainedError({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const entry = BY_CODE[describeError(error).code ?? ''];
  return (
    <ErrorNote error={error} testId={testId}>
      {entry && (
        <p>
          <TroubleshootLink id={entry} />
        </p>
      )}
    </ErrorNote>
  );
}
