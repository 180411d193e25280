import type { RunStatus } from '../../../../shared/training';

/** True once a run can no longer change: it finished, failed, was cancelled or crashed. */
export function isEnded(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/** How the status reads in a badge. */
export const STATUS_LABEL: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  finished: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
  crashed: 'Crashed',
};

/** The badge colour class of a status, reusing the jobs' colours. */
export function statusBadge(status: RunStatus): string {
  if (status === 'finished') return 'badge badge-succeeded';
  if (status === 'running' || status === 'queued') return 'badge badge-running';
  if (status === 'cancelled') return 'badge badge-cancelled';
  return 'badge badge-failed';
}

/** A metric value with four significant digits (0.6931, 1.235e-5, 1234). */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(value.toPrecision(4)));
  return value.toExponential(2);
}

/** A parameter's value as text (booleans as true/false). */
export function formatParam(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return String(value);
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Seconds between two ISO dates, or null when either is missing. */
export function secondsBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** "2026-11-22 01:30" in local time. */
export function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
