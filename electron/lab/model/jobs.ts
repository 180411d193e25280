import { randomUUID } from 'node:crypto';
import { LabError, notFound } from './errors';
import type { LabStore } from './store';
import type { ClusterJob } from './types';

/**
 * ONTAP's cluster jobs: long operations answer 202 with a job that clients poll. Jobs are kept in
 * the store, so a job a client is polling survives a lab restart (as failed, if it was running).
 */
export class LabJobs {
  private readonly done = new Map<string, Promise<ClusterJob>>();

  constructor(private readonly store: LabStore) {
    for (const job of store.all<ClusterJob>('job')) {
      if (job.state === 'running' || job.state === 'queued') {
        store.put('job', job.uuid, {
          ...job,
          state: 'failure',
          message: 'The lab restarted while the job ran.',
          code: 1,
          end_time: new Date().toISOString(),
        });
      }
    }
  }

  /** Starts `work` as a job and returns it at once (state running). */
  start(description: string, work: () => Promise<string | void>): ClusterJob {
    const job: ClusterJob = {
      uuid: randomUUID(),
      description,
      state: 'running',
      message: '',
      code: 0,
      start_time: new Date().toISOString(),
    };
    this.store.put('job', job.uuid, job);
    const finished = work().then(
      (message) => ({ ...job, state: 'success' as const, message: message || 'success', end_time: new Date().toISOString() }),
      (err: unknown) => ({
        ...job,
        state: 'failure' as const,
        message: err instanceof Error ? err.message : String(err),
        code: err instanceof LabError ? Number(err.code) || 1 : 1,
        end_time: new Date().toISOString(),
      }),
    );
    this.done.set(
      job.uuid,
      finished.then((final) => {
        this.store.put('job', final.uuid, final);
        return final;
      }),
    );
    return job;
  }

  /** A job by uuid. */
  get(uuid: string): ClusterJob {
    const job = this.store.get<ClusterJob>('job', uuid);
    if (!job) throw notFound('job', 'uuid');
    return job;
  }

  /** Every job, oldest first. */
  list(): ClusterJob[] {
    return this.store.all<ClusterJob>('job');
  }

  /** Waits up to `ms` for a job to end; resolves with its state then. */
  async wait(uuid: string, ms: number): Promise<ClusterJob> {
    const finished = this.done.get(uuid);
    if (!finished) return this.get(uuid);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
    const result = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    return result ?? this.get(uuid);
  }

  /** Resolves when every running job has ended (on close). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.done.values());
  }
}
