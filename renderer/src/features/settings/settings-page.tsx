import { useState } from 'react';
import type { PythonEnvironment } from '../../../../shared/machine';
import { api, ApiError } from '../../api/client';
import { describeCompute } from '../../shell/format';
import { useApp } from '../../stores/app-store';
import { useJobs } from '../../stores/jobs-store';
import { PythonEnvs } from './python-envs';

function PythonRow({ env, chosen }: { env: PythonEnvironment; chosen: boolean }) {
  return (
    <tr data-testid="python-env">
      <td>
        <code>{env.executable}</code>
        {chosen && <span className="badge badge-succeeded">used for training</span>}
      </td>
      <td>{env.version ?? '—'}</td>
      <td>{env.torchVersion ?? '—'}</td>
      <td>{env.torchvisionVersion ?? '—'}</td>
      <td>{env.torchVersion ? (env.cudaAvailable ? `yes (${env.cudaVersion ?? '?'})` : 'no') : '—'}</td>
      <td className="problem">{env.problem ?? ''}</td>
    </tr>
  );
}

/** This machine and app: GPUs, Python environments, data directory; probe again on demand. */
export function SettingsPage() {
  const info = useApp((s) => s.info);
  const probing = useJobs((s) => Object.values(s.byId).some((j) => j.kind === 'machine.probe' && j.state === 'running'));
  const [error, setError] = useState<string | null>(null);
  const probe = async () => {
    setError(null);
    try {
      await api.invoke('app.probeMachine', {});
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <section className="page" data-testid="page-settings" aria-labelledby="page-title">
      <h1 id="page-title">Settings</h1>
      <h2>This machine</h2>
      {!info ? (
        <p className="muted">Probing Python, PyTorch and GPUs…</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Compute</dt>
            <dd data-testid="settings-compute">{describeCompute(info.machine)}</dd>
            {info.machine.gpuProblem && (
              <>
                <dt>GPUs</dt>
                <dd>{info.machine.gpuProblem}</dd>
              </>
            )}
            {info.machine.gpus.map((g) => (
              <span key={g.index} className="contents">
                <dt>GPU {g.index}</dt>
                <dd>
                  {g.name}, {(g.memoryTotalMiB / 1024).toFixed(1)} GiB, driver {g.driverVersion}
                </dd>
              </span>
            ))}
            <dt>Last probed</dt>
            <dd>{new Date(info.machine.probedAt).toLocaleString()}</dd>
          </dl>
        </>
      )}
      <h2>Python environments</h2>
      <PythonEnvs
        fallback={
          info && (
            <>
              <table className="table">
                <thead>
                  <tr>
                    <th>Interpreter</th>
                    <th>Python</th>
                    <th>PyTorch</th>
                    <th>torchvision</th>
                    <th>CUDA</th>
                    <th>Problem and fix</th>
                  </tr>
                </thead>
                <tbody>
                  {info.machine.pythonCandidates.map((env) => (
                    <PythonRow key={env.executable} env={env} chosen={env.executable === info.machine.python?.executable} />
                  ))}
                </tbody>
              </table>
              <p className="muted">Set WORKBENCH_PYTHON to use another interpreter, then probe again.</p>
            </>
          )
        }
      />
      <button type="button" className="button" data-testid="probe-again" disabled={probing} onClick={() => void probe()}>
        {probing ? 'Probing…' : 'Probe again'}
      </button>
      {error && <p className="error">{error}</p>}
      <h2>App</h2>
      {info && (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Mode</dt>
          <dd>{info.mode === 'desktop' ? `Desktop (Electron ${info.electronVersion ?? ''})` : 'Browser mode'}</dd>
          <dt>Platform</dt>
          <dd>
            {info.platform} {info.arch}, Node {info.nodeVersion}
          </dd>
          <dt>Data directory</dt>
          <dd data-testid="settings-data-dir">
            <code>{info.dataDir}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}
