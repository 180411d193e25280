import { Play, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { Model } from '../../../../shared/models';
import { api } from '../../api/client';
import { CodeBlock, CopyText } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useModels } from '../../stores/models-store';
import { curlExample, formatMs, versionName } from './model-format';
import { refreshEndpoint } from './models-refresh';
import { VersionSelect, versionInput, type VersionChoice } from './version-select';
import { useAction } from '../../shell/use-action';

const POLL_MS = 2000;

/** Deploy a version on the local endpoint; while it serves: URL, requests, latency percentiles, Stop, a curl example. */
export function EndpointPanel({ model }: { model: Model }) {
  const status = useModels((s) => s.endpoint);
  const [choice, setChoice] = useState<VersionChoice>(
    model.productionVersion === null ? (model.versions.at(-1)?.version ?? 1) : 'production',
  );
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState('8080');
  const { busy, error, run: act } = useAction();
  const [token, setToken] = useState<string | null>(null);
  const running = status?.running ?? false;

  // Requests and latency change without events (one per request would flood the UI): poll while serving.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refreshEndpoint(), POLL_MS);
    return () => clearInterval(timer);
  }, [running]);

  const deploy = () =>
    act(async () => {
      const next = await api.invoke('endpoint.start', {
        modelId: model.id,
        ...versionInput(choice),
        host: host.trim(),
        port: Number(port),
      });
      useModels.getState().setEndpoint(next);
    });
  const stop = () => act(async () => useModels.getState().setEndpoint(await api.invoke('endpoint.stop', {})));
  const showToken = () => act(async () => setToken((await api.invoke('endpoint.token', {})).token));
  const servesThis = running && status?.modelId === model.id;

  return (
    <section className="card endpoint-panel" data-testid="endpoint-panel" aria-labelledby="endpoint-title">
      <div className="card-head">
        <h2 id="endpoint-title">Local inference endpoint</h2>
        <span className={`badge ${running ? 'badge-running' : 'badge-cancelled'}`} data-testid="endpoint-state">
          {running ? 'Serving' : 'Stopped'}
        </span>
      </div>
      {running && status ? (
        <div data-testid="endpoint-status">
          <dl className="facts">
            <dt>URL</dt>
            <dd data-testid="endpoint-url">
              <CopyText text={status.url ?? ''} label="endpoint URL" />
            </dd>
            <dt>Model</dt>
            <dd data-testid="endpoint-model">
              {status.modelName} {versionName(status.version)}
              {status.followsProduction && <span className="muted"> · follows production (a promotion switches it)</span>}
            </dd>
            <dt>Runs on</dt>
            <dd>
              {status.provider === 'cuda' ? 'GPU (CUDA)' : 'CPU'}
              {status.providerNote && <span className="muted"> · {status.providerNote}</span>}
            </dd>
            <dt>Requests</dt>
            <dd data-testid="endpoint-requests">
              {status.requests} ({status.errors} refused or failed)
            </dd>
            <dt>Latency</dt>
            <dd data-testid="endpoint-latency">
              {status.latencyMs
                ? `p50 ${formatMs(status.latencyMs.p50)} · p95 ${formatMs(status.latencyMs.p95)} · p99 ${formatMs(status.latencyMs.p99)} (last 1,000 requests)`
                : 'no request yet'}
            </dd>
          </dl>
          <CodeBlock
            text={curlExample(status.url ?? '', status.tokenRequired)}
            label="Send an image with curl"
            testId="endpoint-curl"
          />
          {status.tokenRequired && (
            <p className="note note-warn">
              Bound to {status.host}: other machines can reach it, so every request needs the token.{' '}
              {token ? (
                <CopyText text={token} label="token" />
              ) : (
                <button type="button" className="button-small" onClick={() => void showToken()} data-testid="endpoint-show-token">
                  Show token
                </button>
              )}
            </p>
          )}
        </div>
      ) : (
        <p className="muted">
          Serve a model version over HTTP on this machine: POST an image to /invocations, get its label and scores.
        </p>
      )}
      <div className="form-grid endpoint-form">
        <label className="field">
          <span>Version</span>
          <VersionSelect model={model} value={choice} onChange={setChoice} testId="endpoint-version" />
        </label>
        <label className="field">
          <span>Host</span>
          <input value={host} onChange={(e) => setHost(e.target.value)} data-testid="endpoint-host" />
          <span className="field-help">127.0.0.1: this machine only. 0.0.0.0: the network, with a token.</span>
        </label>
        <label className="field field-narrow">
          <span>Port</span>
          <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" data-testid="endpoint-port" />
          <span className="field-help">0 = any free port</span>
        </label>
      </div>
      <ErrorNote error={error} testId="endpoint-error" />
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={busy || model.versions.length === 0}
          onClick={() => void deploy()}
          data-testid="endpoint-deploy"
        >
          <Play size={13} aria-hidden />{' '}
          {servesThis ? 'Switch to this version' : running ? `Deploy ${model.name} instead` : 'Deploy'}
        </button>
        {running && (
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => void stop()}
            data-testid="endpoint-stop"
          >
            <Square size={13} aria-hidden /> Stop
          </button>
        )}
      </div>
    </section>
  );
}
