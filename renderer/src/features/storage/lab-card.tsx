import type { LabStatus } from '../../../../shared/lab';

const STATE_TEXT: Record<LabStatus['state'], string> = { off: 'Off', starting: 'Starting', running: 'Running', failed: 'Failed' };

/** The built-in lab as a ready connection: its state while it starts, then where it answers. */
export function LabCard({ lab }: { lab: LabStatus }) {
  const e = lab.endpoints;
  return (
    <article className="card" data-testid="lab-card" data-lab-state={lab.state} aria-labelledby="lab-title">
      <header className="card-head">
        <h2 id="lab-title">About the local lab</h2>
        <span className={`badge badge-lab-${lab.state}`} data-testid="lab-state">
          {STATE_TEXT[lab.state]}
        </span>
      </header>
      <p className="muted">
        A built-in stand-in for an ONTAP cluster on this computer: one SVM (<code>svm1</code>) with volume <code>vol1</code>{' '}
        holding a synthetic tyre-quality sample dataset (generated images, not photographs). It speaks ONTAP&apos;s REST API, its
        CLI over SSH and S3, so everything works offline.
      </p>
      {lab.state === 'starting' && (
        <>
          <p>{lab.message}</p>
          {lab.progress && <progress max={lab.progress.total} value={lab.progress.done} aria-label="Lab start progress" />}
        </>
      )}
      {lab.state === 'failed' && (
        <p className="error" data-testid="lab-error">
          {lab.error?.message ?? lab.message} {lab.error?.hint}
        </p>
      )}
      {lab.state === 'off' && <p>{lab.message}</p>}
      {lab.state === 'running' && e && (
        <dl className="facts" data-testid="lab-endpoints">
          <dt>Cluster</dt>
          <dd>
            {lab.cluster?.name} · {lab.cluster?.version}
          </dd>
          <dt>REST API</dt>
          <dd>
            <code>{e.rest}/api</code>
          </dd>
          <dt>CLI over SSH</dt>
          <dd>
            <code>
              ssh {lab.username}@{e.ssh.host} -p {e.ssh.port}
            </code>
          </dd>
          {Object.entries(e.s3).map(([svm, url]) => (
            <span className="contents" key={svm}>
              <dt>S3 ({svm})</dt>
              <dd>
                <code>{url}</code> <span className="muted">— answers once an object-store server exists on {svm}</span>
              </dd>
            </span>
          ))}
          <dt>Admin</dt>
          <dd>
            <code>{lab.username}</code>{' '}
            <span className="muted">— the password is in {lab.dataDir}/lab.json (readable by you only)</span>
          </dd>
        </dl>
      )}
    </article>
  );
}
