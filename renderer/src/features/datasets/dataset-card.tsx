import { useEffect, useState } from 'react';
import type { Dataset, Source } from '../../../../shared/datasets';
import { api } from '../../api/client';
import { formatBytes } from '../../shell/bytes';
import { ErrorNote } from '../../shell/error-note';
import { useJobs } from '../../stores/jobs-store';
import { ClassBars } from './class-bars';

const RULE_TEXT: Record<Dataset['labelRule']['kind'], string> = {
  'leading-word': 'file name’s leading word',
  folder: 'folder name',
  regex: 'regular expression',
};

/** True for the lab's synthetic tyre sample (it lives in dataset/tyre of the lab's volume, as a folder or over S3). */
export function isLabSample(dataset: Dataset, source: Source | undefined): boolean {
  return (
    /synthetic/i.test(dataset.name) || /dataset\/tyre\/?$/.test(`${source?.location ?? ''}/${dataset.prefix}`.replace(/\/+$/, ''))
  );
}

/** Asks for a summary when a card has none; the job's end publishes `datasets.changed` with it. */
function useSummaryJob(dataset: Dataset): { jobId: string | null; error: unknown; refresh(): void } {
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ask = (refresh: boolean) => {
    setError(null);
    api.invoke('datasets.summary', { id: dataset.id, refresh }).then(
      (r) => setJobId(r.jobId),
      (err: unknown) => setError(err),
    );
  };
  const missing = dataset.summary === null;
  useEffect(() => {
    if (missing) ask(false);
    // Asked once per dataset that lacks a summary; Recount asks again.
  }, [dataset.id, missing]);
  return { jobId, error, refresh: () => ask(true) };
}

/** A registered dataset: where it is, its label rule and its summary (objects, bytes, classes, image sizes). */
export function DatasetCard({
  dataset,
  source,
  onBrowse,
  onDownload,
  onCache,
}: {
  dataset: Dataset;
  source: Source | undefined;
  onBrowse(): void;
  onDownload(): void;
  onCache(): void;
}) {
  const { jobId, error, refresh } = useSummaryJob(dataset);
  const job = useJobs((s) => (jobId ? s.byId[jobId] : undefined));
  const s = dataset.summary;
  const computing = !s && !error && job?.state !== 'failed';
  const isS3 = source?.kind === 's3';
  return (
    <article
      className="card dataset"
      data-testid="dataset-card"
      data-dataset-name={dataset.name}
      aria-label={`Dataset ${dataset.name}`}
    >
      <header className="card-head">
        <h3>{dataset.name}</h3>
        {isLabSample(dataset, source) && (
          <span className="badge badge-synthetic" title="Generated images, not photographs" data-testid="synthetic-badge">
            synthetic sample
          </span>
        )}
      </header>
      <p className="muted dataset-where">
        {source?.name ?? 'Unknown source'}
        {(dataset.bucket !== '.' || dataset.prefix) && (
          <>
            {' '}
            · <code>{`${dataset.bucket === '.' ? '' : `${dataset.bucket}/`}${dataset.prefix}`}</code>
          </>
        )}{' '}
        · class from the {RULE_TEXT[dataset.labelRule.kind]}
        {dataset.labelRule.kind === 'regex' && (
          <>
            {' '}
            <code>{dataset.labelRule.pattern}</code>
          </>
        )}
      </p>
      {!isS3 && source && <p className="muted dataset-where">Already on this computer: no download or cache needed.</p>}
      {isLabSample(dataset, source) && (
        <p className="muted">
          Procedurally drawn tyre images made by the lab — not photographs — shaped like a real tyre-quality set.
        </p>
      )}
      {s ? (
        <div data-testid="dataset-summary">
          <p>
            <strong data-testid="summary-objects" data-count={s.objectCount}>
              {s.objectCount.toLocaleString()}
            </strong>{' '}
            files · <strong data-testid="summary-bytes">{formatBytes(s.totalBytes)}</strong> · {s.classes.length}{' '}
            {s.classes.length === 1 ? 'class' : 'classes'}
          </p>
          <ClassBars classes={s.classes} />
          {s.imageSizes.length > 0 && (
            <p className="muted" data-testid="summary-sizes">
              Image sizes:{' '}
              {s.imageSizes
                .slice(0, 3)
                .map((z) => `${z.width}×${z.height} (${z.count.toLocaleString()})`)
                .join(', ')}{' '}
              — read from {s.sampledImages.toLocaleString()} images
            </p>
          )}
        </div>
      ) : (
        computing && (
          <p className="muted" data-testid="summary-computing">
            Counting files and classes… {job?.total ? `${job.done.toLocaleString()} of ${job.total.toLocaleString()}` : ''}
          </p>
        )
      )}
      <ErrorNote error={error ?? (job?.state === 'failed' ? job.error : null)} testId="summary-error" />
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onBrowse} data-testid="dataset-browse">
          Browse
        </button>
        {isS3 && (
          <>
            <button type="button" className="button-secondary" onClick={onDownload} data-testid="dataset-download">
              Download…
            </button>
            <button type="button" className="button-secondary" onClick={onCache} data-testid="dataset-cache">
              Cache locally
            </button>
          </>
        )}
        <button type="button" className="button-link" onClick={refresh} data-testid="dataset-refresh">
          Recount
        </button>
      </div>
    </article>
  );
}
