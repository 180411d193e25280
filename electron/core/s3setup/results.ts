import type { S3SetupInput, S3SetupLog, S3SetupResult } from '../../../shared/s3setup';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';

/** What a setup run left behind: the result the UI reads, and what a later permission fix needs. */
export interface SetupRecord {
  input: S3SetupInput;
  result: S3SetupResult;
  /** The volume the bucket is on, once known. */
  volume: { name: string; uuid: string | null } | null;
}

/** Runs remembered for `s3setup.result`; the oldest are forgotten first. */
export const MAX_SETUP_RESULTS = 100;

/** A result before anything is known. */
export function initialResult(input: S3SetupInput): S3SetupResult {
  return {
    state: 'running',
    endpoint: null,
    bucket: input.bucketName,
    dataInterface: null,
    keysStored: false,
    multipartSupported: null,
    writable: null,
    permissionFix: null,
    profileId: null,
  };
}

/**
 * Setup results by job id, kept in memory for this session only (like the job list): a result is
 * what the wizard shows right after a run, and the saved profile is what outlives it. A fix job's
 * id maps to the same record as the run it fixes.
 */
export class SetupResults {
  private readonly records = new Map<string, SetupRecord>();
  private readonly running = new Set<string>();

  /** Remembers a run's record under its job id. */
  set(jobId: string, record: SetupRecord): void {
    this.records.set(jobId, record);
    for (const old of [...this.records.keys()].slice(0, Math.max(0, this.records.size - MAX_SETUP_RESULTS)))
      this.records.delete(old);
  }

  /** A run's record; NOT_FOUND for an unknown id. */
  get(jobId: string): SetupRecord {
    const found = this.records.get(jobId);
    if (!found) {
      throw new WorkbenchError('NOT_FOUND', `There is no S3 setup run ${jobId} in this session.`, {
        hint: 'Results are kept until the app quits; the saved S3 profiles are kept for good.',
      });
    }
    return found;
  }

  /**
   * Claims the right to change one SVM's S3 setup: two runs at once would race to create the
   * same objects. Returns the release function.
   */
  claim(input: { connectionId: string; svm: string }): () => void {
    const key = `${input.connectionId}\u0000${input.svm}`;
    if (this.running.has(key)) {
      throw new WorkbenchError('INVALID_INPUT', `An S3 setup of SVM ${input.svm} is already running on this connection.`, {
        hint: 'Wait for it to finish (or cancel it in Activity), then run the wizard again.',
      });
    }
    this.running.add(key);
    return () => this.running.delete(key);
  }
}

/** Publishes the live log of one job: plain-language lines, never a key. */
export function setupLogger(ctx: ServiceContext, jobId: string) {
  return (
    stepId: S3SetupLog['stepId'],
    status: S3SetupLog['status'],
    message: string,
    extra: { hint?: string; troubleshoot?: S3SetupLog['troubleshoot'] } = {},
  ): void => {
    const line: S3SetupLog = { jobId, stepId, status, message };
    if (extra.hint) line.hint = extra.hint;
    if (extra.troubleshoot) line.troubleshoot = extra.troubleshoot;
    ctx.bus.publish('s3setup.log', line);
  };
}

/** A setup logger's signature. */
export type SetupLogger = ReturnType<typeof setupLogger>;
