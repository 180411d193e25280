import { create } from 'zustand';
import type { ConnectionTestStep } from '../../../shared/connections';

/** The latest test of one connection: its job and the steps heard so far, in the order they started. */
export interface ConnectionTest {
  jobId: string;
  steps: ConnectionTestStep[];
}

interface ConnectionTestsState {
  byConnection: Record<string, ConnectionTest>;
  /** A test was started (the jobId the method answered); steps that already arrived for it are kept. */
  started(connectionId: string, jobId: string): void;
  /** A `connection.test` event: a newer job replaces the older test; a step already listed is updated in place. */
  step(step: ConnectionTestStep): void;
}

/** Live connection tests, fed by the events adapter. */
export const useConnectionTests = create<ConnectionTestsState>((set) => ({
  byConnection: {},
  started: (connectionId, jobId) =>
    set((s) =>
      s.byConnection[connectionId]?.jobId === jobId
        ? s
        : { byConnection: { ...s.byConnection, [connectionId]: { jobId, steps: [] } } },
    ),
  step: (step) =>
    set((s) => {
      const current = s.byConnection[step.connectionId];
      const steps = current?.jobId === step.jobId ? [...current.steps] : [];
      const at = steps.findIndex((x) => x.step === step.step);
      if (at < 0) steps.push(step);
      else steps[at] = step;
      return { byConnection: { ...s.byConnection, [step.connectionId]: { jobId: step.jobId, steps } } };
    }),
}));

/** The worst outcome among the steps: failed, warning, ok, or running while any step still runs. */
export function testOutcome(steps: ConnectionTestStep[]): 'running' | 'ok' | 'warning' | 'failed' | 'none' {
  if (!steps.length) return 'none';
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  if (steps.some((s) => s.status === 'running')) return 'running';
  if (steps.some((s) => s.status === 'warning')) return 'warning';
  return 'ok';
}
