import { useState } from 'react';
import type { Connection } from '../../../../shared/connections';
import { useNav } from '../../stores/nav-store';
import { ConnectionForm } from './connection-form';
import { ConnectionTestPanel } from './connection-test-panel';
import { DeleteConnection } from './delete-connection';
import { useConnectionTest } from './use-connection-test';

/** One saved connection: where it points, what is trusted, and Test / Browse / Set up S3 / Edit / Delete. */
export function ConnectionCard({ connection: c }: { connection: Connection }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const { test, job, running, startError, start } = useConnectionTest(c.id);
  const go = useNav((s) => s.go);
  if (mode === 'edit') return <ConnectionForm editing={c} onDone={() => setMode('view')} />;
  return (
    <article
      className="card connection"
      data-testid="connection"
      data-connection-id={c.id}
      data-connection-name={c.name}
      aria-label={c.name}
    >
      <header className="card-head">
        <h3>
          {c.name}{' '}
          {c.isLab && (
            <span className="badge badge-builtin" data-testid="builtin-badge">
              built-in
            </span>
          )}
        </h3>
        <div className="actions">
          <button type="button" className="button" data-testid="conn-test" disabled={running} onClick={() => void start()}>
            {running ? 'Testing…' : 'Test'}
          </button>
          <button type="button" className="button-secondary" data-testid="conn-browse" onClick={() => go('connection', c.id)}>
            Browse cluster
          </button>
          <button type="button" className="button-secondary" data-testid="conn-setup-s3" onClick={() => go('s3-setup', c.id)}>
            Set up S3…
          </button>
          {!c.isLab && (
            <>
              <button type="button" className="button-secondary" data-testid="conn-edit" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button type="button" className="button-secondary" data-testid="conn-delete" onClick={() => setMode('delete')}>
                Delete
              </button>
            </>
          )}
        </div>
      </header>
      <p className="conn-facts" data-testid="conn-facts">
        <code>
          {c.username}@{c.host}
        </code>{' '}
        · REST port {c.restPort} · SSH port {c.sshPort} · uses {c.protocol === 'rest' ? 'the REST API' : 'the CLI over SSH'}
        {!c.hasPassword && <span className="warn"> · no password stored</span>}
        {c.pinnedCertificate && (
          <span className="muted" title={`SHA-256 ${c.pinnedCertificate.sha256}`} data-testid="conn-pinned">
            {' '}
            · certificate trusted ({c.pinnedCertificate.sha256.slice(0, 11)}…)
          </span>
        )}
        {c.sshHostKey && (
          <span className="muted" title={`SHA-256 ${c.sshHostKey.sha256}`}>
            {' '}
            · SSH host key trusted
          </span>
        )}
      </p>
      {c.isLab && <p className="muted">The local lab on this computer; the app keeps this connection up to date.</p>}
      {mode === 'delete' && <DeleteConnection connection={c} onClose={() => setMode('view')} />}
      <ConnectionTestPanel
        connectionId={c.id}
        test={test}
        job={job}
        running={running}
        startError={startError}
        onTrusted={() => void start()}
      />
    </article>
  );
}
