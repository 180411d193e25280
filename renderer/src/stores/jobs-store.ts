import { create } from 'zustand';
import type { JobProgress, JobSnapshot } from '../../../shared/jobs';

interface JobsState {
  byId: Record<string, JobSnapshot>;
  /** Replaces everything with a fresh listing (on connect). */
  load(jobs: JobSnapshot[]): void;
  /** A job started, ended or changed state. */
  upsert(job: JobSnapshot): void;
  /** A progress event; ignored for a job we have not heard of yet or that has ended. */
  progress(p: JobProgress): void;
}

/** The jobs of this session, fed only by the events adapter. */
export const useJobs = create<JobsState>((set) => ({
  byId: {},
  load: (jobs) => set({ byId: Object.fromEntries(jobs.map((j) => [j.jobId, j])) }),
  upsert: (job) => set((s) => ({ byId: { ...s.byId, [job.jobId]: job } })),
  progress: (p) =>
    set((s) => {
      const job = s.byId[p.jobId];
      if (!job || job.state !== 'running') return s;
      return { byId: { ...s.byId, [p.jobId]: { ...job, done: p.done, total: p.total, unit: p.unit, message: p.message } } };
    }),
}));

/** The jobs newest first, as the Activity panel lists them. */
export function sortedJobs(byId: Record<string, JobSnapshot>): JobSnapshot[] {
  return Object.values(byId).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
