import { useEffect, useState } from 'react';
import type { BatchResult, Model } from '../../../../shared/models';
import { api } from '../../api/client';
import { CopyText } from '../../shell/code-block';
import { ErrorNote } from '../../shell/error-note';
import { useDatasets } from '../../stores/datasets-store';
import { useJobs } from '../../stores/jobs-store';
import { useModels } from '../../stores/models-store';
import { VersionSelect, versionInput, type VersionChoice } from './version-select';

/** One batch job: progress while it runs, Cancel, then the CSV path and the count per label. */
function BatchJob({ jobId }: { jobId: string }) {
  const job = useJobs((s) => s.byId[jobId]);
  const [result, setResult] = useState<BatchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const state = job?.state ?? 'running';
  useEffect(() => {
    if (state !== 'succeeded') return;
    api.invoke('predict.batchResult', { jobId }).then(setResult, setError);
  }, [state, jobId]);
  if (!job) return null;
  const fraction = job.total ? job.done / job.total : null;
  return (
    <li className="batch-job" data-testid="batch-job" data-state={job.state}>
      <p>
        <strong>{job.title}</strong> <span className={`badge badge-${job.state}`}>{job.state}</span>
      </p>
      {job.state === 'running' && (
        <>
          <progress className="job-bar" aria-label={`${job.title} progress`} max={1} value={fraction ?? undefined} />
          <p className="muted small">{job.message}</p>
          <button
            type="button"
            className="button-secondary button-small"
            onClick={() => void api.invoke('jobs.cancel', { jobId })}
            data-testid="batch-cancel"
          >
            Cancel
          </button>
        </>
      )}
      {job.state === 'failed' && job.error && <ErrorNote error={job.error} testId="batch-error" />}
      {result && (
        <div data-testid="batch-result">
          <p>
            {result.rows} images classified
            {result.skipped > 0 && `, ${result.skipped} could not be read`}:{' '}
            {Object.entries(result.byLabel)
              .map(([label, n]) => `${n} ${label}`)
              .join(', ')}
            .
          </p>
          <p data-testid="batch-csv">
            CSV: <CopyText text={result.csvPath} label="CSV path" />
          </p>
        </div>
      )}
      <ErrorNote error={error} testId="batch-result-error" />
    </li>
  );
}

/** Classifies every image under a dataset's prefix as a job; results go to a CSV file. */
export function BatchPanel({ model }: { model: Model }) {
  const datasets = useDatasets((s) => s.datasets);
  const jobs = useModels((s) => s.batchJobs);
  const [datasetId, setDatasetId] = useState(datasets[0]?.id ?? '');
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
  const [prefix, setPrefix] = useState<string | null>(null);
  const [choice, setChoice] = useState<VersionChoice>('production');
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    if (!dataset) return;
    setError(null);
    try {
      const { jobId } = await api.invoke('predict.batch', {
        modelId: model.id,
        ...versionInput(choice),
        sourceId: dataset.sourceId,
        bucket: dataset.bucket,
        prefix: prefix ?? dataset.prefix,
      });
      useModels.getState().addBatchJob(jobId);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card batch-panel" data-testid="batch-panel" aria-labelledby="batch-title">
      <h2 id="batch-title">Batch predict</h2>
      {!dataset ? (
        <p className="muted">Register a dataset on the Datasets page to classify all of its images at once.</p>
      ) : (
        <div className="form-grid">
          <label className="field">
            <span>Dataset</span>
            <select
              value={dataset.id}
              onChange={(e) => {
                setDatasetId(e.target.value);
                setPrefix(null);
              }}
              data-testid="batch-dataset"
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Prefix</span>
            <input value={prefix ?? dataset.prefix} onChange={(e) => setPrefix(e.target.value)} data-testid="batch-prefix" />
            <span className="field-help">Every image under it, at any depth.</span>
          </label>
          <label className="field">
            <span>Version</span>
            <VersionSelect model={model} value={choice} onChange={setChoice} testId="batch-version" />
          </label>
        </div>
      )}
      <ErrorNote error={error} testId="batch-start-error" />
      <div className="actions">
        <button type="button" className="button" disabled={!dataset} onClick={() => void start()} data-testid="batch-start">
          Classify every image
        </button>
      </div>
      {jobs.length > 0 && (
        <ul className="batch-jobs">
          {jobs.map((id) => (
            <BatchJob key={id} jobId={id} />
          ))}
        </ul>
      )}
    </section>
  );
}
