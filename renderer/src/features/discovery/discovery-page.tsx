import { useEffect } from 'react';
import { refreshDiscovery } from '../../api/events-adapter';
import { ErrorNote } from '../../shell/error-note';
import { useConnections } from '../../stores/connections-store';
import { discoveryOf, useDiscovery } from '../../stores/discovery-store';
import { useNav } from '../../stores/nav-store';
import { ConnectionTestPanel } from '../storage/connection-test-panel';
import { useConnectionTest } from '../storage/use-connection-test';
import { DiscoveryTables } from './discovery-tables';

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What a connection's cluster holds: version, SVMs, volumes, data interfaces, S3 servers, buckets and users. */
export function DiscoveryPage({ connectionId }: { connectionId: string }) {
  const connection = useConnections((s) => s.list.find((c) => c.id === connectionId) ?? null);
  const loaded = useConnections((s) => s.loaded);
  const entry = useDiscovery((s) => discoveryOf(s, connectionId));
  const go = useNav((s) => s.go);
  const tester = useConnectionTest(connectionId);
  const known = connection !== null;

  useEffect(() => {
    if (!known) return;
    useConnections.getState().use(connectionId);
    // Read the cluster on first visit; Refresh reads it again.
    if (!useDiscovery.getState().byConnection[connectionId]) void refreshDiscovery(connectionId);
  }, [connectionId, known]);

  if (!connection) {
    return (
      <section className="page" data-testid="page-connection" aria-labelledby="page-title">
        <h1 id="page-title">Connection</h1>
        <p className="muted">{loaded ? 'This connection no longer exists.' : 'Loading…'}</p>
        <button type="button" className="button" onClick={() => go('storage')}>
          Back to Storage
        </button>
      </section>
    );
  }
  const data = entry.data;
  return (
    <section className="page page-wide" data-testid="page-connection" aria-labelledby="page-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/storage">Storage</a> › {connection.name}
      </nav>
      <h1 id="page-title">{connection.name}</h1>
      <p className="lead">
        <code>
          {connection.username}@{connection.host}
        </code>{' '}
        — what this cluster holds, as this account sees it.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          data-testid="disc-refresh"
          disabled={entry.loading}
          onClick={() => void refreshDiscovery(connectionId)}
        >
          {entry.loading ? 'Reading the cluster…' : 'Refresh'}
        </button>
        <button
          type="button"
          className="button-secondary"
          data-testid="conn-test"
          disabled={tester.running}
          onClick={() => void tester.start()}
        >
          {tester.running ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="button" data-testid="conn-setup-s3" onClick={() => go('s3-setup', connectionId)}>
          Set up S3 on this cluster…
        </button>
        {entry.at && <span className="muted">Read at {new Date(entry.at).toLocaleTimeString()}</span>}
      </div>
      <ConnectionTestPanel connectionId={connectionId} {...tester} onTrusted={() => void tester.start()} />
      <ErrorNote error={entry.error} testId="disc-error" />
      {entry.error && (
        <p>
          Test the connection to see which step fails, or read{' '}
          <a href="#/troubleshooting/unreachable">why a cluster may be unreachable</a>.
        </p>
      )}
      {data && (
        <div data-testid="discovery" className="discovery">
          <dl className="facts summary">
            <dt>Cluster</dt>
            <dd data-testid="disc-cluster">
              {data.cluster ? `${data.cluster.name} · ${data.cluster.version}` : 'not visible to this account'}
            </dd>
            <dt>Holds</dt>
            <dd>
              {[
                count(data.svms.length, 'SVM'),
                count(data.volumes.length, 'volume'),
                count(data.interfaces.length, 'data interface'),
                count(data.s3.buckets.length, 'S3 bucket'),
              ].join(', ')}
            </dd>
          </dl>
          {data.limits.map((l) => (
            <p key={l} className="note note-warn" data-testid="disc-limit">
              {l}
            </p>
          ))}
          <DiscoveryTables data={data} />
        </div>
      )}
    </section>
  );
}
