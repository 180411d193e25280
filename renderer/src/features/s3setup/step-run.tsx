import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useJobs } from '../../stores/jobs-store';
import { useS3Wizard } from '../../stores/s3-wizard-store';
import { ExplainedError } from '../troubleshooting/troubleshoot-link';
import { SetupLogView } from './setup-log';
import { useSetupResult } from './use-setup-result';
import { WizardButtons } from './wizard-buttons';

const OUTCOME = {
  done: 'Done: the bucket is ready.',
  'needs-attention': 'The bucket is set up; one thing needs your attention — the next page explains it and offers the fix.',
  failed: 'The setup stopped. The log says where and why; fix it and run again — finished steps are reused.',
  running: 'Running…',
};

/** Step 3: the setup runs with its live log; it can be cancelled, and leads to the result when it ends. */
export function StepRun() {
  const { jobId, result, goTo } = useS3Wizard();
  const job = useJobs((s) => (jobId ? s.byId[jobId] : undefined));
  const { running, error } = useSetupResult();
  const [cancelError, setCancelError] = useState<unknown>(null);
  const cancel = async () => {
    if (!jobId) return;
    try {
      await api.invoke('jobs.cancel', { jobId });
    } catch (err) {
      setCancelError(err);
    }
  };
  const next = (event: FormEvent) => {
    event.preventDefault();
    if (result && !running) goTo(3);
  };
  const state = running ? 'running' : job?.state === 'cancelled' ? 'cancelled' : (result?.state ?? 'running');
  return (
    <form onSubmit={next} data-testid="wizard-step-run" data-run-state={state} aria-label="Run">
      {jobId && <SetupLogView jobIds={[jobId]} />}
      {running && job && job.total !== null && (
        <progress className="job-bar" max={job.total} value={job.done} aria-label="Setup progress" />
      )}
      <p className={`run-outcome run-${state}`} data-testid="run-outcome" aria-live="polite">
        {state === 'cancelled' ? 'Cancelled. Steps already done stay done; run again to continue.' : OUTCOME[state]}
      </p>
      {!running && job?.state === 'failed' && <ExplainedError error={job.error} testId="run-job-error" />}
      <ErrorNote error={error ?? cancelError} testId="run-error" />
      <div className="actions">
        {running && (
          <button type="button" className="button-secondary" data-testid="wiz-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      <WizardButtons
        back={running ? null : () => goTo(1)}
        nextLabel="Next: see the result"
        nextDisabled={running || !result || result.state === 'failed' || state === 'cancelled'}
      />
    </form>
  );
}
