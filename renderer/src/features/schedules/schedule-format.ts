import type { PipelineRun } from '../../../../shared/schedules';

const utcFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const localFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "Mon, 23 Nov 2026, 17:00 UTC": schedules run in UTC, as EventBridge's do. */
export function formatUtc(iso: string): string {
  return `${utcFormat.format(new Date(iso))} UTC`;
}

/** The same instant in the user's time zone, e.g. "Mon, Nov 23, 06:00 PM". */
export function formatLocal(iso: string): string {
  return localFormat.format(new Date(iso));
}

/** The user's time zone name, e.g. "Europe/Berlin". */
export const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "4 min 12 s", "850 ms". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The outcome in the user's words. */
export const OUTCOME_LABELS: Record<PipelineRun['outcome'], string> = {
  running: 'Running',
  promoted: 'Promoted',
  'not-promoted': 'Kept production',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The badge class of an outcome. */
export function outcomeClass(outcome: PipelineRun['outcome'] | null): string {
  if (outcome === 'promoted') return 'badge badge-succeeded';
  if (outcome === 'failed') return 'badge badge-failed';
  if (outcome === 'running') return 'badge badge-running';
  return 'badge badge-cancelled';
}

/** A metric value as shown: accuracies as percentages. */
export function formatMetric(metric: string, value: number | null): string {
  if (value === null) return '—';
  return /accuracy/.test(metric) ? `${(value * 100).toFixed(1)}%` : value.toFixed(4);
}
