import { api } from '../api/client';
import { useApp } from '../stores/app-store';
import { currentConnection, useConnections } from '../stores/connections-store';
import { useNav } from '../stores/nav-store';
import { defaultEnv, useEnvs } from '../stores/runs-envs-store';
import { describeCompute, describeTorch } from './format';

const LAB_LABEL = { off: 'not connected', starting: 'local lab starting…', running: 'local lab', failed: 'local lab failed' };
const LAB_SUFFIX = { off: ' (off)', starting: ' (starting…)', running: '', failed: ' (failed)' };
const BACKEND_LABEL = {
  connecting: 'Connecting…',
  connected: 'Backend connected',
  disconnected: 'Backend disconnected — reconnecting',
};

/** The bottom bar: backend link, the storage connection in use (the lab by default), and what this machine trains on. */
export function StatusBar() {
  const { info, infoError, backend, lab } = useApp();
  const go = useNav((s) => s.go);
  const connection = useConnections(currentConnection);
  const storage = connection ? `${connection.name}${connection.isLab ? LAB_SUFFIX[lab.state] : ''}` : LAB_LABEL[lab.state];
  const machine = info?.machine;
  // Runs use the default environment: once it is known, its PyTorch/CUDA is what this bar reports.
  const env = useEnvs((s) => defaultEnv(s.envs));
  const torch = env
    ? env.torch
      ? `PyTorch ${env.torch}${env.cudaAvailable && env.cudaVersion ? ` · CUDA ${env.cudaVersion}` : ' (CPU)'}`
      : 'No PyTorch'
    : null;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`status-item status-${backend}`} data-testid="status-backend">
        <span className="dot" aria-hidden /> {BACKEND_LABEL[backend]}
        {api.transport.mode === 'websocket' ? ' · browser mode' : ''}
      </span>
      <button type="button" className="status-item link" data-testid="status-storage" onClick={() => go('storage')}>
        Storage: {storage}
      </button>
      <span className="spacer" />
      {machine ? (
        <button
          type="button"
          className="status-item link"
          data-testid="status-machine"
          title={
            [env && `Python environment: ${env.name}`, machine.gpuProblem, env ? env.problem : machine.python?.problem]
              .filter(Boolean)
              .join('\n') || undefined
          }
          onClick={() => go('settings')}
        >
          {describeCompute(machine)} · {torch ?? describeTorch(machine)}
        </button>
      ) : (
        <span className="status-item" data-testid="status-machine">
          {infoError ? `Machine probe failed: ${infoError}` : 'Probing this machine…'}
        </span>
      )}
    </footer>
  );
}
