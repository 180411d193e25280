import { useEffect, useMemo, useState } from 'react';
import type { RunDetail } from '../../../../shared/training';
import { api, fieldErrors } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useModels } from '../../stores/models-store';
import { useRuns } from '../../stores/runs-store';
import { formatWhen } from '../runs/run-format';
import { formatAccuracy } from './model-format';
import { useAction } from '../../shell/use-action';

/** Registers a finished run's ONNX model as the next version of a model (new or existing). */
export function RegisterForm({ onDone }: { onDone: (modelId: string | null) => void }) {
  const runs = useRuns((s) => s.byId);
  const models = useModels((s) => s.models);
  const finished = useMemo(
    () =>
      Object.values(runs)
        .filter((r) => r.status === 'finished')
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [runs],
  );
  const [runId, setRunId] = useState(finished[0]?.id ?? '');
  const [name, setName] = useState(models[0]?.name ?? 'tyre-classifier');
  const [note, setNote] = useState('');
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!runId && finished[0]) setRunId(finished[0].id);
  }, [finished, runId]);
  useEffect(() => {
    setDetail(null);
    if (!runId) return;
    let live = true;
    api.invoke('runs.get', { id: runId }).then(
      (d) => live && setDetail(d),
      () => undefined, // the register call explains a run it cannot use
    );
    return () => {
      live = false;
    };
  }, [runId]);

  const hasOnnx = detail ? detail.artifacts.some((a) => a.kind === 'model-onnx') : null;
  const fields = fieldErrors(error);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const model = await api.invoke('models.register', { runId, name, ...(note.trim() ? { note } : {}) });
      onDone(model.id);
    });
  };

  return (
    <form
      className="card register-form"
      onSubmit={(e) => void submit(e)}
      data-testid="register-form"
      aria-label="Register a model"
    >
      <h2>Register a model from a run</h2>
      {finished.length === 0 ? (
        <p className="muted" data-testid="register-no-runs">
          No finished run yet. Train one on the <a href="#/runs">Runs</a> page; runs of the tyre recipe export an ONNX model.
        </p>
      ) : (
        <div className="form-grid">
          <label className="field">
            <span>Finished run</span>
            <select value={runId} onChange={(e) => setRunId(e.target.value)} data-testid="register-run">
              {finished.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} — {r.datasetName}, {formatWhen(r.endedAt ?? r.createdAt)}
                </option>
              ))}
            </select>
            {detail && (
              <span className={hasOnnx ? 'field-help' : 'field-error'} data-testid="register-run-facts">
                {hasOnnx
                  ? `Has model.onnx · test accuracy ${formatAccuracy(detail.evaluation?.accuracy)} · ONNX accuracy ${formatAccuracy(detail.onnxEvaluation?.accuracy)}`
                  : 'This run exported no ONNX model, so it cannot be registered.'}
              </span>
            )}
          </label>
          <label className="field">
            <span>Model name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              list="model-names"
              aria-invalid={fields.name ? true : undefined}
              data-testid="register-name"
            />
            <datalist id="model-names">
              {models.map((m) => (
                <option key={m.id} value={m.name} />
              ))}
            </datalist>
            <span className="field-help">
              An existing name adds the next version; a new name starts a model at v1 (in production).
            </span>
            {fields.name && <span className="field-error">{fields.name}</span>}
          </label>
          <label className="field">
            <span>Note (optional)</span>
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="what changed"
              data-testid="register-note"
            />
          </label>
        </div>
      )}
      <ErrorNote error={error} testId="register-error" />
      <div className="actions">
        <button type="submit" className="button" disabled={busy || !runId || hasOnnx === false} data-testid="register-submit">
          {busy ? 'Registering…' : 'Register'}
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
