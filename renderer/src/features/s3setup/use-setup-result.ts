import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useJobs } from '../../stores/jobs-store';
import { useS3Wizard } from '../../stores/s3-wizard-store';

/**
 * Fetches the setup's result each time one of its jobs (the run, then the permission fix) ends,
 * so the wizard shows where things stand without polling.
 */
export function useSetupResult(): { running: boolean; error: unknown } {
  const { jobId, fixJobId, setResult } = useS3Wizard();
  const runState = useJobs((s) => (jobId ? s.byId[jobId]?.state : undefined));
  const fixState = useJobs((s) => (fixJobId ? s.byId[fixJobId]?.state : undefined));
  const [error, setError] = useState<unknown>(null);
  const running =
    (jobId !== null && (runState === undefined || runState === 'running')) ||
    (fixJobId !== null && (fixState === undefined || fixState === 'running'));

  useEffect(() => {
    if (!jobId || running) return;
    let current = true;
    api.invoke('s3setup.result', { jobId }).then(
      (r) => current && setResult(r),
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [jobId, running, runState, fixState, setResult]);

  return { running, error };
}
