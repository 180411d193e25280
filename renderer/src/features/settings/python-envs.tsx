import { useEffect, useState, type FormEvent } from 'react';
import type { PythonEnv } from '../../../../shared/training';
import { api, fieldErrors } from '../../api/client';
import { CodeBlock } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useEnvs } from '../../stores/runs-envs-store';
import { refreshEnvs } from '../runs/runs-refresh';

const KIND_LABEL: Record<PythonEnv['kind'], string> = {
  system: 'system',
  conda: 'conda',
  venv: 'virtualenv',
  custom: 'added by you',
};

function EnvRow({ env, onError }: { env: PythonEnv; onError(err: unknown): void }) {
  const [busy, setBusy] = useState(false);
  const act = async (what: 'default' | 'remove') => {
    setBusy(true);
    onError(null);
    try {
      if (what === 'default') useEnvs.getState().upsertEnv(await api.invoke('envs.setDefault', { id: env.id }));
      else {
        await api.invoke('envs.remove', { id: env.id });
        useEnvs.getState().removeEnv(env.id);
      }
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const cuda = env.torch ? (env.cudaAvailable ? `yes (${env.cudaVersion ?? '?'})` : 'no') : '—';
  return (
    <tr data-testid="python-env" data-env-id={env.id} data-default={env.isDefault}>
      <td>
        <strong>{env.name}</strong>
        {env.isDefault && (
          <span className="badge badge-succeeded" data-testid="env-default">
            default
          </span>
        )}
        {env.problem && (
          <span className="badge badge-failed" title={env.problem}>
            cannot train
          </span>
        )}
        <div className="muted env-path">
          {KIND_LABEL[env.kind]} · <code>{env.python}</code>
        </div>
      </td>
      <td>{env.pythonVersion ?? '—'}</td>
      <td>{env.torch ?? '—'}</td>
      <td>{env.torchvision ?? '—'}</td>
      <td>{cuda}</td>
      <td>{env.gpus.length ? env.gpus.map((g) => g.name).join(', ') : '—'}</td>
      <td>
        <div className="env-actions">
          {!env.isDefault && (
            <button
              type="button"
              className="button-small"
              disabled={busy}
              data-testid="env-set-default"
              onClick={() => void act('default')}
            >
              Make default
            </button>
          )}
          {env.kind === 'custom' && (
            <button
              type="button"
              className="button-small"
              disabled={busy}
              data-testid="env-remove"
              onClick={() => void act('remove')}
            >
              Remove
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function AddEnv() {
  const [python, setPython] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      useEnvs.getState().upsertEnv(await api.invoke('envs.add', { python, ...(name.trim() ? { name: name.trim() } : {}) }));
      setPython('');
      setName('');
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      if (!Object.keys(byField).length) setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="env-add" aria-label="Add a Python environment" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field env-add-path">
        <label htmlFor="env-python">Add an interpreter by path</label>
        <input
          id="env-python"
          value={python}
          placeholder="/home/me/miniconda3/envs/torch/bin/python"
          spellCheck={false}
          aria-invalid={errors.python ? true : undefined}
          data-testid="env-add-path"
          onChange={(e) => setPython(e.target.value)}
        />
        {errors.python && <span className="field-error">{errors.python}</span>}
      </div>
      <div className="field">
        <label htmlFor="env-name">Name (optional)</label>
        <input id="env-name" value={name} data-testid="env-add-name" onChange={(e) => setName(e.target.value)} />
      </div>
      <button type="submit" className="button-secondary" disabled={busy || !python.trim()} data-testid="env-add">
        {busy ? 'Probing…' : 'Add'}
      </button>
      <ErrorNote error={failure} testId="env-add-error" />
    </form>
  );
}

/** Python environments for training: found and added ones, probed, with the problem and its fix; add, remove, set default. */
export function PythonEnvs({ fallback }: { fallback: React.ReactNode }) {
  const { envs, loaded, error } = useEnvs();
  const [actionError, setActionError] = useState<unknown>(null);
  useEffect(() => {
    void refreshEnvs();
  }, []);
  if (loaded && error && !envs.length) {
    // The backend cannot list environments yet: show what the machine probe found instead.
    return <>{fallback}</>;
  }
  return (
    <div data-testid="python-envs">
      {!loaded && <p className="muted">Looking for Python environments…</p>}
      {envs.length > 0 && (
        <table className="table envs">
          <thead>
            <tr>
              <th>Environment</th>
              <th>Python</th>
              <th>PyTorch</th>
              <th>torchvision</th>
              <th>CUDA</th>
              <th>GPUs</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {envs.map((env) => (
              <EnvRow key={env.id} env={env} onError={setActionError} />
            ))}
          </tbody>
        </table>
      )}
      {envs
        .filter((env) => env.problem)
        .map((env) => (
          <div key={env.id} className="note note-warn" data-testid="env-problem">
            <p className="note-title">
              {env.name} cannot train: {env.problem}
            </p>
            {env.hint && <CodeBlock text={env.hint} label="Fix" />}
          </div>
        ))}
      <ErrorNote error={actionError} testId="env-action-error" />
      <AddEnv />
    </div>
  );
}
