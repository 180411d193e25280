import { randomUUID } from 'node:crypto';
import type { PipelineRun, PipelineStep } from '../../../shared/schedules';
import type { StoredSchedule } from './schedule-store';

const STEP_NAMES: PipelineStep['name'][] = ['snapshot', 'train', 'evaluate', 'promote', 'deploy'];

/** A pipeline run about to start: every step pending. */
export function newPipelineRun(
  schedule: StoredSchedule,
  trigger: PipelineRun['trigger'],
  slotAt: string | null,
  now: Date,
  note: string | null = null,
): PipelineRun {
  return {
    id: randomUUID(),
    scheduleId: schedule.id,
    trigger,
    slotAt,
    startedAt: now.toISOString(),
    endedAt: null,
    durationMs: null,
    outcome: 'running',
    reason: note,
    jobId: null,
    snapshot: null,
    runId: null,
    metric: schedule.pipeline.metric,
    newValue: null,
    productionValue: null,
    sameSplit: null,
    promotedVersion: null,
    deployResult: null,
    steps: STEP_NAMES.map((name) => ({ name, status: 'pending', detail: '' })),
  };
}

/** The record of a slot skipped because the schedule's previous pipeline was still running. */
export function skippedRun(schedule: StoredSchedule, slotAt: string, runningJobId: string | null, now: Date): PipelineRun {
  const run = newPipelineRun(schedule, 'schedule', slotAt, now);
  run.outcome = 'skipped';
  run.reason = `Skipped: the previous pipeline of this schedule${runningJobId ? ` (job ${runningJobId})` : ''} was still running at ${slotAt}; one pipeline runs at a time.`;
  run.endedAt = now.toISOString();
  run.durationMs = 0;
  for (const step of run.steps) step.status = 'skipped';
  return run;
}

/** Sets one step's status and detail. */
export function setStep(run: PipelineRun, name: PipelineStep['name'], status: PipelineStep['status'], detail: string): void {
  const step = run.steps.find((s) => s.name === name);
  if (step) Object.assign(step, { status, detail });
}
