import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useBrowse } from '../../stores/browse-store';
import { useJobs } from '../../stores/jobs-store';
import { openPlace } from './browse-actions';
import { ExplainedError } from '../troubleshooting/troubleshoot-link';

/** What a transfer acts on: an S3 profile's bucket and prefix. */
export interface TransferTarget {
  profileId: string;
  bucket: string;
  prefix: string;
  /** How the target is named to the user ("the dataset tyres", "tyre-data/dataset/"). */
  label: string;
}

/** A transfer's outcome once the job ends badly, with the fix (AccessDenied links to the wizard's permission fix). */
function TransferOutcome({ jobId }: { jobId: string }) {
  const job = useJobs((s) => s.byId[jobId]);
  if (!job) return <p className="muted">Starting…</p>;
  if (job.state === 'running')
    return (
      <p className="muted" data-testid="transfer-running">
        Running — progress and Cancel are in the Activity panel on the right.
      </p>
    );
  if (job.state === 'succeeded')
    return (
      <p className="ok" data-testid="transfer-done">
        Done: {job.message}
      </p>
    );
  if (job.state === 'cancelled')
    return (
      <p className="muted" data-testid="transfer-cancelled">
        Cancelled. Files already verified were kept; starting the same transfer again resumes from there.
      </p>
    );
  return (
    <>
      <ExplainedError error={job.error ?? { code: 'INTERNAL', message: job.message }} testId="transfer-error" />
      {job.error?.code === 'S3_ACCESS_DENIED' && (
        <p data-testid="transfer-fix-link">
          <a href="#/s3-setup">Open the S3 setup wizard: its result step shows and applies the permission fix →</a>
        </p>
      )}
    </>
  );
}

/** Downloads a prefix (or a dataset) into a local folder, or uploads files typed as paths; progress shows in Activity. */
export function TransferForm({ target, mode, onDone }: { target: TransferTarget; mode: 'download' | 'upload'; onDone(): void }) {
  const [destination, setDestination] = useState('');
  const [paths, setPaths] = useState('');
  const [parallel, setParallel] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const state = useJobs((s) => (jobId ? s.byId[jobId]?.state : undefined));
  const running = state === 'running';
  // An upload into the folder on screen shows its new files as soon as it ends.
  useEffect(() => {
    if (mode !== 'upload' || state !== 'succeeded') return;
    const here = useBrowse.getState();
    if (here.sourceId === target.profileId && here.bucket === target.bucket && here.prefix === target.prefix)
      openPlace(target.bucket, target.prefix);
  }, [mode, state, target.profileId, target.bucket, target.prefix]);
  const concurrency = parallel.trim() ? Number(parallel) : undefined;
  const where = {
    profileId: target.profileId,
    bucket: target.bucket,
    prefix: target.prefix,
    ...(concurrency === undefined ? {} : { concurrency }),
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const started =
        mode === 'download'
          ? await api.invoke('transfers.download', { ...where, destination: destination.trim() })
          : await api.invoke('transfers.upload', {
              ...where,
              paths: paths
                .split('\n')
                .map((p) => p.trim())
                .filter(Boolean),
            });
      setJobId(started.jobId);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      className="card"
      data-testid={`${mode}-form`}
      aria-label={mode === 'download' ? 'Download' : 'Upload'}
      onSubmit={(e) => void submit(e)}
    >
      <h3>
        {mode === 'download' ? 'Download' : 'Upload into'} {target.label}
      </h3>
      {mode === 'download' ? (
        <label className="field">
          <span>Local folder to download into</span>
          <input
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
            placeholder="/home/you/data/tyres"
            spellCheck={false}
            data-testid="download-destination"
            autoFocus
          />
          <span className="field-help">
            Created if missing. Each file is checked against its ETag and written under a temporary name until verified, so a
            cancelled download never leaves a half-written file.
          </span>
        </label>
      ) : (
        <label className="field">
          <span>Files or folders to upload, one path per line</span>
          <textarea
            value={paths}
            onChange={(e) => setPaths(e.target.value)}
            rows={3}
            placeholder="/home/you/new-images/"
            spellCheck={false}
            data-testid="upload-paths"
            autoFocus
          />
          <span className="field-help">Folders are uploaded with their contents; each object is checked with Content-MD5.</span>
        </label>
      )}
      <label className="field field-narrow">
        <span>Files in parallel</span>
        <input
          value={parallel}
          onChange={(e) => setParallel(e.target.value)}
          inputMode="numeric"
          placeholder="default"
          data-testid="transfer-concurrency"
        />
        <span className="field-help">Leave empty for the default; fewer for a busy server or a slow disk.</span>
      </label>
      <ExplainedError error={error} testId="transfer-start-error" />
      {jobId && <TransferOutcome jobId={jobId} />}
      <div className="actions">
        <button type="submit" className="button" disabled={running} data-testid={`${mode}-start`}>
          {mode === 'download' ? 'Download' : 'Upload'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Close
        </button>
      </div>
    </form>
  );
}
