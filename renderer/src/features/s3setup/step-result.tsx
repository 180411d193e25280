import type { FormEvent } from 'react';
import { CopyText } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { TroubleshootLink } from '../troubleshooting/troubleshoot-link';
import { PermissionFix } from './permission-fix';
import { SetupLogView } from './setup-log';
import { useSetupResult } from './use-setup-result';
import { WizardButtons } from './wizard-buttons';

/** Step 4: where S3 clients connect, and whether multipart uploads and writes work — with the fix when writes do not. */
export function StepResult() {
  const { result, goTo, fixJobId } = useS3Wizard();
  const { running, error } = useSetupResult();
  if (!result) return <p className="muted">Waiting for the result…</p>;
  const next = (event: FormEvent) => {
    event.preventDefault();
    if (result.profileId && !running) goTo(4);
  };
  return (
    <form
      onSubmit={next}
      data-testid="wizard-step-result"
      data-result-state={result.state}
      data-writable={String(result.writable)}
      aria-label="Result"
    >
      <p className="lead" data-testid="result-summary">
        {result.state === 'done'
          ? `The bucket “${result.bucket}” is ready: the round trip (put, get, list, delete a small probe object) worked.`
          : result.state === 'needs-attention'
            ? `The bucket “${result.bucket}” exists, but something needs your attention below.`
            : result.state === 'failed'
              ? 'The setup did not finish; go back to see the log.'
              : 'Still running…'}
      </p>
      <dl className="facts" data-testid="result-facts">
        <dt>Endpoint</dt>
        <dd data-testid="result-endpoint">
          {result.endpoint ? <CopyText text={result.endpoint} label="the endpoint URL" /> : '—'}{' '}
          <span className="muted">path-style, Signature V4</span>
        </dd>
        <dt>Data interface</dt>
        <dd data-testid="result-interface">
          {result.dataInterface ? (
            <>
              <code>{result.dataInterface.address}</code> ({result.dataInterface.name}) — the address S3 clients must use; the
              management address does not serve S3.
            </>
          ) : (
            'none found'
          )}
        </dd>
        <dt>Bucket</dt>
        <dd data-testid="result-bucket">
          <code>{result.bucket}</code> — a NAS bucket: its objects are the volume’s files
        </dd>
        <dt>Keys</dt>
        <dd data-testid="result-keys">
          {result.keysStored ? 'stored, encrypted, on this computer' : 'not stored — see the log'}
        </dd>
        <dt>Writing</dt>
        <dd data-testid="result-writable" className={result.writable ? 'ok' : result.writable === false ? 'bad' : undefined}>
          {result.writable
            ? '✓ the S3 user can write (the probe object was put and deleted)'
            : result.writable === false
              ? '✕ refused (AccessDenied) — see the fix below'
              : 'not tested'}
        </dd>
        <dt>Multipart uploads</dt>
        <dd
          data-testid="result-multipart"
          className={result.multipartSupported ? 'ok' : result.multipartSupported === false ? 'warn' : undefined}
        >
          {result.multipartSupported ? (
            '✓ supported — large files upload in parts'
          ) : result.multipartSupported === false ? (
            <>
              ! not supported by this cluster (CreateMultipartUpload answers NotImplemented, as on some FSx for NetApp ONTAP
              releases). Single uploads of up to about 100 MB work; the workbench uploads that way, and bigger files must be
              copied over NFS. <TroubleshootLink id="multipart" />
            </>
          ) : (
            <span className="muted">not tested yet — it is tested once the S3 user can write</span>
          )}
        </dd>
      </dl>
      {fixJobId && result.writable && (
        <>
          <h3>What the fix did</h3>
          <SetupLogView jobIds={[fixJobId]} />
        </>
      )}
      {result.permissionFix && result.writable === false && <PermissionFix fix={result.permissionFix} running={running} />}
      <ErrorNote error={error} testId="result-error" />
      <WizardButtons back={() => goTo(2)} nextLabel="Next: your S3 profile" nextDisabled={!result.profileId || running} />
    </form>
  );
}
