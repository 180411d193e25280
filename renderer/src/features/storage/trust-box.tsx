import { useState } from 'react';
import type { ConnectionTestStep } from '../../../../shared/connections';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useConnections } from '../../stores/connections-store';

type Trust = NonNullable<ConnectionTestStep['trust']>;

/**
 * What the user is asked to trust (a self-signed certificate or a new SSH host key) with its
 * fingerprint, and the one button that pins it; nothing is ever trusted without this click.
 */
export function TrustBox({ connectionId, trust, onTrusted }: { connectionId: string; trust: Trust; onTrusted(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what = trust.kind === 'certificate' ? 'certificate' : 'host key';
  const pin = async () => {
    setBusy(true);
    setError(null);
    try {
      useConnections
        .getState()
        .put(await api.invoke('connections.trust', { id: connectionId, kind: trust.kind, sha256: trust.sha256 }));
      onTrusted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="trust" data-testid={`trust-${trust.kind}`}>
      <dl className="facts">
        {trust.subject && (
          <>
            <dt>Issued to</dt>
            <dd data-testid="trust-subject">{trust.subject}</dd>
          </>
        )}
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code className="fingerprint" data-testid="trust-fingerprint">
            {trust.sha256}
          </code>
        </dd>
      </dl>
      <p className="muted">
        {trust.kind === 'certificate'
          ? 'Clusters usually present a self-signed certificate. Trust it only if this fingerprint matches the one your storage administrator sees on the cluster; the workbench will then refuse any other certificate for this connection.'
          : 'This is the first time the workbench talks to this SSH server. Trust the key only if the fingerprint matches the cluster’s; a different key later will be refused.'}
      </p>
      <button
        type="button"
        className="button"
        data-testid={`trust-${trust.kind}-button`}
        disabled={busy}
        onClick={() => void pin()}
      >
        {busy ? 'Trusting…' : `Trust this ${what}`}
      </button>
      <ErrorNote error={error} testId="trust-error" />
    </div>
  );
}
