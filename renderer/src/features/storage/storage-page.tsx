import { useState } from 'react';
import { pageById } from '../../shell/pages';
import { useApp } from '../../stores/app-store';
import { useConnections } from '../../stores/connections-store';
import { useNav } from '../../stores/nav-store';
import { ConnectionCard } from './connection-card';
import { ConnectionForm } from './connection-form';
import { LabCard } from './lab-card';

/** Storage: the saved connections (the lab first), adding one, and the way into the S3 wizard. */
export function StoragePage() {
  const lab = useApp((s) => s.lab);
  const { list, loaded, error } = useConnections();
  const go = useNav((s) => s.go);
  const [adding, setAdding] = useState(false);
  return (
    <section className="page" data-testid="page-storage" aria-labelledby="page-title">
      <h1 id="page-title">Storage</h1>
      <p className="lead">{pageById('storage').summary}</p>
      <div className="actions">
        <button type="button" className="button" data-testid="add-connection" onClick={() => setAdding(true)} disabled={adding}>
          Add a connection
        </button>
        <button type="button" className="button-secondary" data-testid="open-s3-setup" onClick={() => go('s3-setup')}>
          Set up an S3 bucket…
        </button>
        <button type="button" className="button-link" data-testid="open-troubleshooting" onClick={() => go('troubleshooting')}>
          Troubleshooting
        </button>
      </div>
      {adding && <ConnectionForm editing={null} onDone={() => setAdding(false)} />}
      <h2>Connections</h2>
      {error && (
        <p className="error" data-testid="connections-error">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="muted">Loading connections…</p>}
      <div className="connections" data-testid="connections">
        {list.map((c) => (
          <ConnectionCard key={c.id} connection={c} />
        ))}
      </div>
      <LabCard lab={lab} />
    </section>
  );
}
