import { RotateCcw, Star } from 'lucide-react';
import type { Model } from '../../../../shared/models';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { formatWhen } from '../runs/run-format';
import { formatAccuracy, versionName } from './model-format';
import { useAction } from '../../shell/use-action';

/** One model: its versions with their run, data and accuracies, the production badge, Promote and Roll back. */
export function ModelCard({ model, selected, onSelect }: { model: Model; selected: boolean; onSelect: () => void }) {
  const { busy, error, run: act } = useAction();
  const promote = (version: number) =>
    act(() => api.invoke('models.promote', { modelId: model.id, version, reason: 'promoted from the Models page' }));
  const rollback = () => act(() => api.invoke('models.rollback', { modelId: model.id }));
  const versions = [...model.versions].reverse(); // newest first

  return (
    <article
      className={`card model-card${selected ? ' model-selected' : ''}`}
      data-testid="model-card"
      data-model={model.name}
      aria-label={`Model ${model.name}`}
    >
      <div className="card-head model-head">
        <h2>
          <button type="button" className="button-link model-name" onClick={onSelect} aria-pressed={selected}>
            {model.name}
          </button>
        </h2>
        <span className="badge badge-production" data-testid="production-badge">
          <Star size={12} aria-hidden /> production: {versionName(model.productionVersion)}
        </span>
        <span className="spacer" />
        {model.previousProductionVersion !== null && (
          <button
            type="button"
            className="button-secondary button-small"
            disabled={busy}
            onClick={() => void rollback()}
            data-testid="rollback"
          >
            <RotateCcw size={13} aria-hidden /> Roll back to {versionName(model.previousProductionVersion)}
          </button>
        )}
      </div>
      <table className="table model-versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Run and the data version it trained on</th>
            <th scope="col" className="num" title="PyTorch's accuracy on the held-out test split">
              Test
              <br />
              accuracy
            </th>
            <th scope="col" className="num" title="The app's re-evaluation of model.onnx with onnxruntime on the same split">
              ONNX
              <br />
              accuracy
            </th>
            <th scope="col">Registered</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const isProduction = v.version === model.productionVersion;
            return (
              <tr key={v.version} data-testid="model-version" data-version={v.version}>
                <td>
                  <strong>{versionName(v.version)}</strong>
                  {isProduction && <span className="badge badge-production badge-inline">production</span>}
                  {v.note && <div className="muted small">{v.note}</div>}
                </td>
                <td className="model-lineage">
                  <a href={`#/runs/${encodeURIComponent(v.runId)}`}>{v.runName}</a>
                  <div className="muted small mono" data-testid="version-data">
                    {v.datasetVersionLabel}
                  </div>
                </td>
                <td className="num">{formatAccuracy(v.metrics['test/accuracy'])}</td>
                <td className="num">{formatAccuracy(v.metrics['onnx/accuracy'])}</td>
                <td>{formatWhen(v.createdAt)}</td>
                <td>
                  {!isProduction && (
                    <button
                      type="button"
                      className="button-secondary button-small"
                      disabled={busy}
                      onClick={() => void promote(v.version)}
                      data-testid="promote"
                      title={`Make ${versionName(v.version)} the production version`}
                    >
                      Promote
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorNote error={error} testId="model-error" />
    </article>
  );
}
