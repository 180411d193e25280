import { Plus } from 'lucide-react';
import { useState } from 'react';
import '../../styles/models.css';
import { pageById } from '../../shell/pages';
import { useModels } from '../../stores/models-store';
import { BatchPanel } from './batch-panel';
import { EndpointPanel } from './endpoint-panel';
import { ModelCard } from './model-card';
import { PredictPanel } from './predict-panel';
import { RegisterForm } from './register-form';

/** Models: the registry (versions, production, promote, roll back), the local endpoint, and predictions. */
export function ModelsPage() {
  const { models, loaded, error } = useModels();
  const [registering, setRegistering] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const model = models.find((m) => m.id === selectedId) ?? models[0];

  return (
    <section className="page page-wide" data-testid="page-models" aria-labelledby="page-title">
      <h1 id="page-title">Models</h1>
      <p className="lead">{pageById('models').summary}</p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => setRegistering(true)} data-testid="register-open">
          <Plus size={13} aria-hidden /> Register a model from a run
        </button>
      </div>
      {registering && (
        <RegisterForm
          onDone={(id) => {
            setRegistering(false);
            if (id) setSelectedId(id);
          }}
        />
      )}
      {error && <p className="error">{error}</p>}
      {!loaded && !error && <p className="muted">Loading models…</p>}
      {loaded && models.length === 0 && !registering && (
        <div className="empty" data-testid="models-empty">
          <p>No model registered yet.</p>
          <p className="muted">
            A model is a run’s exported ONNX file, kept with the run and the data snapshot it came from. Train on the{' '}
            <a href="#/runs">Runs</a> page, then register the finished run here.
          </p>
        </div>
      )}
      {models.length > 0 && (
        <div className="model-cards" data-testid="model-cards">
          {models.map((m) => (
            <ModelCard key={m.id} model={m} selected={m.id === model?.id} onSelect={() => setSelectedId(m.id)} />
          ))}
        </div>
      )}
      {model && (
        <>
          <p className="muted" data-testid="selected-model">
            Serving and predicting with <strong>{model.name}</strong>
            {models.length > 1 && ' (click another model’s name to switch)'}.
          </p>
          <EndpointPanel key={`endpoint-${model.id}`} model={model} />
          <PredictPanel key={`predict-${model.id}`} model={model} />
          <BatchPanel key={`batch-${model.id}`} model={model} />
        </>
      )}
    </section>
  );
}
