import { useState } from 'react';
import type { JobSnapshot } from '../../../../shared/jobs';
import { api } from '../../api/client';
import { useConnectionTests, type ConnectionTest } from '../../stores/connection-tests-store';
import { useConnections } from '../../stores/connections-store';
import { useJobs } from '../../stores/jobs-store';

/** The latest test of a connection, whether its job still runs, and a way to start another. */
export function useConnectionTest(connectionId: string): {
  test: ConnectionTest | null;
  /** The test's job once it is known (its end, and its error when it failed outside a step). */
  job: JobSnapshot | null;
  running: boolean;
  startError: unknown;
  start(): Promise<void>;
} {
  const test = useConnectionTests((s) => s.byConnection[connectionId] ?? null);
  const job = useJobs((s) => (test ? (s.byId[test.jobId] ?? null) : null));
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const start = async () => {
    setStarting(true);
    setStartError(null);
    useConnections.getState().use(connectionId);
    try {
      const { jobId } = await api.invoke('connections.test', { id: connectionId });
      useConnectionTests.getState().started(connectionId, jobId);
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
    }
  };
  // Until the job's end is heard, a test that has started counts as running.
  const running = starting || (test !== null && (job === null || job.state === 'running'));
  return { test, job, running, startError, start };
}
