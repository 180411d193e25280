import { create } from 'zustand';
import type { S3SetupLog } from '../../../shared/s3setup';

interface SetupLogState {
  byJob: Record<string, S3SetupLog[]>;
  /** An `s3setup.log` event. */
  append(line: S3SetupLog): void;
}

/** The live logs of S3 setup runs (and permission fixes), by job, fed by the events adapter. */
export const useSetupLog = create<SetupLogState>((set) => ({
  byJob: {},
  append: (line) => set((s) => ({ byJob: { ...s.byJob, [line.jobId]: [...(s.byJob[line.jobId] ?? []), line] } })),
}));
