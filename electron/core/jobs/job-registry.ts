import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { JobProgress, JobSnapshot, JobState } from '../../../shared/jobs';
import { cancelledError, toErrorShape } from '../errors';
import type { EventBus } from '../event-bus';

/** How a job reports progress: any field left out keeps its previous value. */
export interface ProgressUpdate {
  done?: number;
  total?: number | null;
  unit?: JobProgress['unit'];
  message?: string;
}

/** What a job's body receives: the signal to honour and the way to report progress. */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(update: ProgressUpdate): void;
}

/** How to start a job. */
export interface JobSpec {
  kind: string;
  title: string;
  unit?: JobProgress['unit'];
  total?: number | null;
  run: (ctx: JobContext) => Promise<void>;
}

interface JobRecord {
  snapshot: JobSnapshot;
  controller: AbortController;
  finished: Promise<JobSnapshot>;
  lastEmit: number;
  pendingEmit: NodeJS.Timeout | null;
}

/** Progress events per job are coalesced to at most one per interval, so a fast transfer cannot flood the UI. */
export const PROGRESS_INTERVAL_MS = 100;
/** Finished jobs kept for the Activity panel; older ones are forgotten first. */
export const MAX_FINISHED_JOBS = 200;

/**
 * Runs long work as jobs: each gets an id, an AbortSignal, progress events and a final state.
 * Like VS Code's `withProgress` + cancellation token, as the one way every feature reports work.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly bus: EventBus) {}

  /** Starts a job and returns its id at once; the body runs in the background. */
  start(spec: JobSpec): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    // One job's signal is shared by every request of a parallel transfer (16+ at once); Node's
    // default of 10 listeners would warn about a leak that is not one.
    setMaxListeners(256, controller.signal);
    const snapshot: JobSnapshot = {
      jobId,
      kind: spec.kind,
      title: spec.title,
      state: 'running',
      done: 0,
      total: spec.total ?? null,
      unit: spec.unit ?? 'steps',
      message: 'Starting…',
      startedAt: new Date().toISOString(),
      endedAt: null,
      error: null,
    };
    const record: JobRecord = { snapshot, controller, finished: Promise.resolve(snapshot), lastEmit: 0, pendingEmit: null };
    this.jobs.set(jobId, record);
    this.forgetOldJobs();
    this.bus.publish('job.state', { ...snapshot });

    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (update) => this.progress(record, update),
    };
    record.finished = Promise.resolve()
      .then(() => {
        // A job cancelled before its body started must not start it: the body's abort listener would never fire.
        if (controller.signal.aborted) throw cancelledError();
        return spec.run(ctx);
      })
      .then(
        () => this.finish(record, controller.signal.aborted ? 'cancelled' : 'succeeded', null),
        (err: unknown) => this.finish(record, controller.signal.aborted ? 'cancelled' : 'failed', err),
      );
    return jobId;
  }

  /** Every job of this session, newest first. */
  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((r) => ({ ...r.snapshot })).reverse();
  }

  /** One job, or undefined when the id is unknown. */
  get(jobId: string): JobSnapshot | undefined {
    const record = this.jobs.get(jobId);
    return record ? { ...record.snapshot } : undefined;
  }

  /** Resolves with the final snapshot once the job has ended. */
  async waitFor(jobId: string): Promise<JobSnapshot> {
    const record = this.jobs.get(jobId);
    if (!record) throw new Error(`no job ${jobId}`);
    return record.finished;
  }

  /** Aborts a running job's signal; returns whether this call cancelled it. */
  cancel(jobId: string): { cancelled: boolean; state: JobState } | undefined {
    const record = this.jobs.get(jobId);
    if (!record) return undefined;
    if (record.snapshot.state !== 'running' || record.controller.signal.aborted) {
      return { cancelled: false, state: record.snapshot.state };
    }
    record.snapshot.message = 'Cancelling…';
    record.controller.abort();
    this.emitProgress(record);
    return { cancelled: true, state: record.snapshot.state };
  }

  /** Cancels every running job and waits for them to end (on quit). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.snapshot.state === 'running');
    for (const r of running) r.controller.abort();
    await Promise.all(running.map((r) => r.finished));
  }

  private progress(record: JobRecord, update: ProgressUpdate): void {
    if (record.snapshot.state !== 'running') return;
    const s = record.snapshot;
    if (update.done !== undefined) s.done = Math.max(0, update.done);
    if (update.total !== undefined) s.total = update.total;
    if (update.unit !== undefined) s.unit = update.unit;
    if (update.message !== undefined) s.message = update.message;
    const wait = record.lastEmit + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) this.emitProgress(record);
    else record.pendingEmit ??= setTimeout(() => this.emitProgress(record), wait);
  }

  private emitProgress(record: JobRecord): void {
    if (record.pendingEmit) clearTimeout(record.pendingEmit);
    record.pendingEmit = null;
    record.lastEmit = Date.now();
    const { jobId, kind, done, total, unit, message } = record.snapshot;
    this.bus.publish('job.progress', { jobId, kind, done, total, unit, message });
  }

  private finish(record: JobRecord, state: JobState, err: unknown): JobSnapshot {
    if (record.pendingEmit) clearTimeout(record.pendingEmit);
    record.pendingEmit = null;
    const s = record.snapshot;
    s.state = state;
    s.endedAt = new Date().toISOString();
    if (state === 'failed') {
      s.error = toErrorShape(err);
      s.message = s.error.message;
    } else if (state === 'cancelled') {
      s.error = null;
      s.message = 'Cancelled';
    } else {
      if (s.total !== null) s.done = s.total;
      s.error = null;
      if (s.message === 'Starting…') s.message = 'Done';
    }
    this.bus.publish('job.state', { ...s });
    return { ...s };
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((r) => r.snapshot.state !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) this.jobs.delete(r.snapshot.jobId);
  }
}
