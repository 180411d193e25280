import { useState } from 'react';
import type { ImagePredictionResult, Model } from '../../../../shared/models';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useDatasets } from '../../stores/datasets-store';
import { ImagePicker, type PickedObject } from './image-picker';
import { formatScore, versionName } from './model-format';
import { ScoreBars } from './score-bars';
import { VersionSelect, versionInput, type VersionChoice } from './version-select';

/** Classifies one image, from a dataset or a local file, and shows it with its label and scores. */
export function PredictPanel({ model }: { model: Model }) {
  const datasets = useDatasets((s) => s.datasets);
  const [from, setFrom] = useState<'dataset' | 'file'>(datasets.length ? 'dataset' : 'file');
  const [picked, setPicked] = useState<PickedObject | null>(null);
  const [path, setPath] = useState('');
  const [choice, setChoice] = useState<VersionChoice>('production');
  const [result, setResult] = useState<(ImagePredictionResult & { what: string; version: string }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const predict = async () => {
    const image = from === 'dataset' ? picked : { path: path.trim() };
    if (!image) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('predict.image', { modelId: model.id, ...versionInput(choice), image });
      const version = choice === 'production' ? versionName(model.productionVersion) : versionName(choice);
      setResult({ ...r, what: 'key' in image ? image.key : image.path, version });
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  const ready = from === 'dataset' ? picked !== null : path.trim() !== '';

  return (
    <section className="card predict-panel" data-testid="predict-panel" aria-labelledby="predict-title">
      <h2 id="predict-title">Predict an image</h2>
      <div className="predict-layout">
        <div>
          <fieldset className="inline-choices">
            <legend className="visually-hidden">Image from</legend>
            <label className="choice">
              <input
                type="radio"
                checked={from === 'dataset'}
                onChange={() => setFrom('dataset')}
                data-testid="predict-from-dataset"
              />{' '}
              From a dataset
            </label>
            <label className="choice">
              <input type="radio" checked={from === 'file'} onChange={() => setFrom('file')} data-testid="predict-from-file" /> A
              local file
            </label>
          </fieldset>
          {from === 'dataset' ? (
            <ImagePicker datasets={datasets} picked={picked} onPick={setPicked} />
          ) : (
            <label className="field">
              <span>Image file (absolute path)</span>
              <input
                value={path}
                onChange={(e) => setPath(e.target.value)}
                placeholder="/data/tyres/good_001.jpg"
                data-testid="predict-path"
              />
            </label>
          )}
          <label className="field">
            <span>Version</span>
            <VersionSelect model={model} value={choice} onChange={setChoice} testId="predict-version" />
          </label>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={busy || !ready}
              onClick={() => void predict()}
              data-testid="predict-run"
            >
              {busy ? 'Predicting…' : 'Predict'}
            </button>
          </div>
          <ErrorNote error={error} testId="predict-error" />
        </div>
        <div className="predict-result" aria-live="polite">
          {result ? (
            <figure data-testid="predict-result">
              <img src={result.previewDataUrl} alt={`The image ${result.what}`} data-testid="predict-image" />
              <figcaption>
                <p className="predict-label">
                  <span data-testid="predict-label">{result.label}</span>{' '}
                  <span className="muted">{formatScore(result.scores[result.label] ?? 0)}</span>
                </p>
                <p className="muted small mono">
                  {result.what} · {result.width}×{result.height} · {model.name} {result.version}
                </p>
                <ScoreBars scores={result.scores} label={result.label} />
              </figcaption>
            </figure>
          ) : (
            <p className="muted">Pick an image and press Predict: the image, its label and every label’s score show here.</p>
          )}
        </div>
      </div>
    </section>
  );
}
