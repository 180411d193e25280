import { useState } from 'react';
import type { Schedule } from '../../../../shared/schedules';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useRuns } from '../../stores/runs-store';
import { useSchedules } from '../../stores/schedules-store';
import { HistoryTable } from './history-table';
import { NextRuns } from './next-runs';
import { formatMetric, formatUtc, OUTCOME_LABELS, outcomeClass } from './schedule-format';
import { refreshHistory } from './schedules-refresh';

/** One schedule: its expression and next runs, what it retrains, its last outcome, and its actions and history. */
export function ScheduleCard({ schedule }: { schedule: Schedule }) {
  const history = useSchedules((s) => s.history[schedule.id]);
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const p = schedule.pipeline;
  const template = useRuns((s) => s.byId[p.templateRunId]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  const toggleHistory = () => {
    setOpen(!open);
    if (!open) void act(() => refreshHistory(schedule.id));
  };

  return (
    <article className="card schedule-card" data-testid="schedule-card" data-schedule={schedule.name} aria-label={schedule.name}>
      <div className="card-head">
        <h2>
          {schedule.name} <code className="expression">{schedule.expression}</code>
          {schedule.running && <span className="badge badge-running">Pipeline running</span>}
        </h2>
        <label className="choice toggle">
          <input
            type="checkbox"
            checked={schedule.enabled}
            onChange={(e) => void act(() => api.invoke('schedules.update', { id: schedule.id, enabled: e.target.checked }))}
            data-testid="schedule-toggle"
          />
          {schedule.enabled ? 'Enabled' : 'Disabled'}
        </label>
      </div>
      <p className="muted">
        Retrains like run <strong>{template ? template.name : p.templateRunId.slice(0, 8)}</strong>
        {template ? ` (${template.datasetName}, ${template.codeVersion})` : ''} on a new snapshot, promotes into{' '}
        <strong>{p.modelName}</strong> when {p.metric} beats production
        {p.minImprovement > 0 ? ` by at least ${formatMetric(p.metric, p.minImprovement)}` : ''}
        {p.deploy ? ', and switches the endpoint to it' : ''}.
      </p>
      <div className="schedule-grid">
        <div>
          <h3>Next runs</h3>
          {schedule.enabled ? (
            <NextRuns runs={schedule.nextRuns} testId="schedule-next-runs" />
          ) : (
            <p className="muted">Disabled.</p>
          )}
        </div>
        <div>
          <h3>Last run</h3>
          {schedule.lastRunAt ? (
            <p data-testid="schedule-last">
              {formatUtc(schedule.lastRunAt)}{' '}
              <span className={outcomeClass(schedule.lastOutcome)}>
                {schedule.lastOutcome ? OUTCOME_LABELS[schedule.lastOutcome] : '—'}
              </span>
            </p>
          ) : (
            <p className="muted">Never run.</p>
          )}
        </div>
      </div>
      <ErrorNote error={error} testId="schedule-error" />
      <div className="actions">
        <button
          type="button"
          className="button-secondary"
          disabled={schedule.running}
          onClick={() =>
            void act(async () => {
              await api.invoke('schedules.runNow', { id: schedule.id });
              if (!open) setOpen(true);
              await refreshHistory(schedule.id);
            })
          }
          data-testid="schedule-run-now"
        >
          Run now
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={toggleHistory}
          aria-expanded={open}
          data-testid="schedule-history-toggle"
        >
          {open ? 'Hide history' : 'History'}
        </button>
        {confirmDelete ? (
          <>
            <span>Delete this schedule and its history?</span>
            <button
              type="button"
              className="button-secondary button-danger"
              onClick={() => void act(() => api.invoke('schedules.delete', { id: schedule.id }))}
              data-testid="schedule-delete-confirm"
            >
              Delete
            </button>
            <button type="button" className="button-link" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="button-link" onClick={() => setConfirmDelete(true)} data-testid="schedule-delete">
            Delete…
          </button>
        )}
      </div>
      {open && (history ? <HistoryTable runs={history} /> : <p className="muted">Loading history…</p>)}
    </article>
  );
}
