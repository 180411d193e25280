import { useState } from 'react';
import '../../styles/schedules.css';
import { pageById } from '../../shell/pages';
import { useSchedules } from '../../stores/schedules-store';
import { ScheduleCard } from './schedule-card';
import { ScheduleForm } from './schedule-form';

/** Schedules: retrain on a rate or cron schedule, promote only when better, redeploy; each pipeline run's history. */
export function SchedulesPage() {
  const { schedules, loaded, error } = useSchedules();
  const [creating, setCreating] = useState(false);
  return (
    <section className="page page-wide" data-testid="page-schedules" aria-labelledby="page-title">
      <h1 id="page-title">Schedules</h1>
      <p className="lead">{pageById('schedules').summary}</p>
      <p className="muted">
        Slots missed while the app was closed run once at the next start. A slot that comes while the previous pipeline still runs
        is skipped and recorded. Each pipeline’s training run ends when it is done, so nothing keeps running between schedules.
      </p>
      {!creating && (
        <div className="actions">
          <button type="button" className="button" onClick={() => setCreating(true)} data-testid="schedule-new">
            New schedule
          </button>
        </div>
      )}
      {creating && <ScheduleForm onDone={() => setCreating(false)} />}
      {error && (
        <p className="note note-bad" role="alert">
          {error}
        </p>
      )}
      {loaded && !schedules.length && !creating && (
        <div className="empty" data-testid="schedules-empty">
          <p>No schedules yet.</p>
          <p className="muted">Create one to retrain a finished run’s recipe on fresh data, e.g. every weekday at 17:00 UTC.</p>
        </div>
      )}
      {schedules.map((s) => (
        <ScheduleCard key={s.id} schedule={s} />
      ))}
    </section>
  );
}
