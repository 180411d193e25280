import { LabError } from '../model/errors';
import type { Lab } from '../model/lab';

/**
 * Runs `work` as a cluster job (so REST clients see it under /api/cluster/jobs too) and answers as
 * ONTAP's CLI does when it waits for one: `[Job N] Job succeeded: Successful`.
 */
export async function runAsJob(lab: Lab, description: string, work: () => Promise<unknown>): Promise<string[]> {
  const job = lab.jobs.start(description, async () => {
    await work();
  });
  // ONTAP numbers jobs; the lab's are uuids, so the CLI counts them (jobs are never removed).
  const number = lab.jobs.list().length;
  const final = await lab.jobs.wait(job.uuid, 10 * 60_000);
  if (final.state === 'success') return [`[Job ${number}] Job succeeded: Successful`];
  if (final.state === 'running' || final.state === 'queued') return [`[Job ${number}] Job is ${final.state}: ${description}.`];
  // The lab's jobs fail mostly on what ONTAP checks before it starts one (a duplicate name, a bad
  // size), so the reason is printed as ONTAP prints those.
  throw new LabError(String(final.code || 1), final.message);
}
