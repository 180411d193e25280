import { Fragment } from 'react';
import type { PipelineRun } from '../../../../shared/schedules';
import { formatDuration, formatMetric, formatUtc, OUTCOME_LABELS, outcomeClass } from './schedule-format';

const TRIGGERS: Record<PipelineRun['trigger'], string> = {
  schedule: 'On time',
  missed: 'Missed while closed',
  manual: 'Run now',
};

const STEP_MARK: Record<PipelineRun['steps'][number]['status'], string> = {
  pending: '○',
  running: '◔',
  ok: '✓',
  skipped: '–',
  failed: '✗',
};

/** Every pipeline run of a schedule: outcome, each step, the metric new vs production, and why not promoted. */
export function HistoryTable({ runs }: { runs: PipelineRun[] }) {
  if (!runs.length) return <p className="muted">No pipeline runs yet. Use Run now to try it.</p>;
  return (
    <table className="table history-table" data-testid="schedule-history">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Outcome</th>
          <th scope="col">Snapshot → run</th>
          <th scope="col">Metric: new vs production</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <Fragment key={run.id}>
            <tr className="history-main" data-testid="history-row" data-outcome={run.outcome}>
              <td>
                {formatUtc(run.startedAt)}
                <div className="muted small">{TRIGGERS[run.trigger]}</div>
              </td>
              <td>
                <span className={outcomeClass(run.outcome)}>
                  {OUTCOME_LABELS[run.outcome]}
                  {run.promotedVersion !== null ? ` v${run.promotedVersion}` : ''}
                </span>
                {run.reason && (
                  <div className="small why" data-testid="history-reason">
                    {run.reason}
                  </div>
                )}
              </td>
              <td className="small">
                <div className="mono">{run.snapshot ?? '—'}</div>
                <div className="mono muted">{run.runId ?? ''}</div>
              </td>
              <td className="small">
                {run.newValue === null && run.productionValue === null ? (
                  '—'
                ) : (
                  <>
                    {run.metric}: <strong>{formatMetric(run.metric, run.newValue)}</strong> vs{' '}
                    {formatMetric(run.metric, run.productionValue)}
                    {run.sameSplit === false && <div className="muted">not on the same split</div>}
                    {run.sameSplit === true && <div className="muted">same held-out split</div>}
                  </>
                )}
              </td>
              <td>{formatDuration(run.durationMs)}</td>
            </tr>
            <tr className="history-steps">
              <td colSpan={5}>
                <ol className="steps" data-testid="history-steps">
                  {run.steps.map((s) => (
                    <li key={s.name} className={`step step-${s.status}`} data-step={s.name} data-status={s.status}>
                      <span aria-hidden="true">{STEP_MARK[s.status]}</span> <strong>{s.name}</strong>
                      {s.detail && <span className="muted"> — {s.detail}</span>}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
