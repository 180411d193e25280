import { useState } from 'react';
import type { JobSnapshot } from '../../../shared/jobs';
import { api, ApiError } from '../api/client';
import { sortedJobs, useJobs } from '../stores/jobs-store';
import { describeCount, jobFraction } from './format';
import { WithCode } from './with-code';

const STATE_LABEL: Record<JobSnapshot['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function JobRow({ job }: { job: JobSnapshot }) {
  const [cancelError, setCancelError] = useState<string | null>(null);
  const fraction = jobFraction(job);
  const cancel = async () => {
    try {
      await api.invoke('jobs.cancel', { jobId: job.jobId });
    } catch (err) {
      setCancelError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <li className={`job job-${job.state}`} data-testid="job" data-job-state={job.state} data-job-kind={job.kind}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className={`badge badge-${job.state}`} data-testid="job-state">
          {STATE_LABEL[job.state]}
        </span>
      </div>
      {job.state === 'running' && (
        <progress className="job-bar" aria-label={`${job.title} progress`} max={1} value={fraction ?? undefined} />
      )}
      <div className="job-message" title={job.message}>
        {job.message}
        {job.state === 'running' && job.total !== null && <span className="job-count"> · {describeCount(job)}</span>}
      </div>
      {job.error?.hint && (
        <div className="job-hint">
          <WithCode text={job.error.hint} />
        </div>
      )}
      {cancelError && <div className="job-hint">{cancelError}</div>}
      {job.state === 'running' && (
        <button type="button" className="button-small" data-testid="job-cancel" onClick={() => void cancel()}>
          Cancel
        </button>
      )}
    </li>
  );
}

/** Every job of this session with its progress, state and a Cancel button. */
export function ActivityPanel() {
  const byId = useJobs((s) => s.byId);
  const jobs = sortedJobs(byId);
  const running = jobs.filter((j) => j.state === 'running').length;
  return (
    <aside className="activity" aria-label="Activity" data-testid="activity">
      <h2>Activity {running > 0 && <span className="count">{running} running</span>}</h2>
      {jobs.length === 0 ? (
        <p className="muted">
          Long work — transfers, snapshots, training — shows here with its progress, and can be cancelled at any moment.
        </p>
      ) : (
        <ul className="jobs">
          {jobs.map((job) => (
            <JobRow key={job.jobId} job={job} />
          ))}
        </ul>
      )}
    </aside>
  );
}
