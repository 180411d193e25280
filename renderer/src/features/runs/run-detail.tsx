import { Square, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { useNav } from '../../stores/nav-store';
import { useRuns } from '../../stores/runs-store';
import { ConfirmDialog } from './confirm-dialog';
import { RunCharts, ChartControls } from './run-charts';
import { RunEvaluation } from './run-evaluation';
import { RunArtifacts, RunEnvironment, RunLineage } from './run-facts';
import { formatDuration, formatWhen, isEnded, secondsBetween, statusBadge, STATUS_LABEL } from './run-format';
import { RunLogs } from './run-logs';
import { loadLog, loadSeries, refreshRunDetail } from './runs-refresh';

/** One run: status and outcome, live charts and log, evaluation, artifacts, environment, code and data. */
export function RunDetailPage({ runId }: { runId: string }) {
  const go = useNav((s) => s.go);
  const detail = useRuns((s) => s.details[runId]);
  const summary = useRuns((s) => s.byId[runId]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<'cancel' | 'delete' | null>(null);

  useEffect(() => {
    setLoadError(null);
    refreshRunDetail(runId).catch(setLoadError);
    loadSeries([runId]).catch(setLoadError);
    loadLog(runId).catch(() => {
      // A run without a log yet still shows; the log box says it is empty.
    });
  }, [runId]);

  // The summary is kept current by events; the full record adds what only ends bring.
  const run = detail && summary ? { ...detail, ...summary } : detail;
  const chartRuns = useMemo(() => [{ id: runId, label: run?.name ?? runId }], [runId, run?.name]);
  if (!run) {
    return (
      <section className="page" data-testid="page-run" aria-labelledby="page-title">
        <p className="crumbs">
          <a href="#/runs">Runs</a> ›
        </p>
        <h1 id="page-title">Run</h1>
        {loadError ? <ErrorNote error={loadError} testId="run-load-error" /> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  const ended = isEnded(run.status);
  const act = async (what: 'cancel' | 'delete') => {
    setConfirm(null);
    setActionError(null);
    try {
      if (what === 'cancel') await api.invoke('runs.cancel', { id: runId });
      else {
        await api.invoke('runs.delete', { id: runId });
        useRuns.getState().remove(runId);
        go('runs');
      }
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <section className="page page-wide" data-testid="page-run" data-status={run.status} aria-labelledby="page-title">
      <p className="crumbs">
        <a href="#/runs">Runs</a> ›
      </p>
      <div className="run-head">
        <h1 id="page-title">{run.name}</h1>
        <span className={statusBadge(run.status)} data-testid="run-status">
          {STATUS_LABEL[run.status]}
        </span>
        <span className="spacer" />
        {!ended ? (
          <button type="button" className="button-secondary" data-testid="run-cancel" onClick={() => setConfirm('cancel')}>
            <Square size={13} aria-hidden /> Cancel run
          </button>
        ) : (
          <button type="button" className="button-secondary" data-testid="run-delete" onClick={() => setConfirm('delete')}>
            <Trash2 size={13} aria-hidden /> Delete
          </button>
        )}
      </div>
      <p className="muted run-when">
        Started {formatWhen(run.startedAt ?? run.createdAt)}
        {run.endedAt
          ? ` · ended ${formatWhen(run.endedAt)} · took ${formatDuration(secondsBetween(run.startedAt, run.endedAt))}`
          : ''}
        {run.exitCode !== null ? ` · exit code ${run.exitCode}` : ''}
      </p>
      {run.error && (
        <div className={`note ${run.status === 'cancelled' ? 'note-warn' : 'note-bad'}`} role="status" data-testid="run-error">
          <p className="note-title">{STATUS_LABEL[run.status]}</p>
          <p>{run.error}</p>
        </div>
      )}
      <ErrorNote error={actionError} testId="run-action-error" />
      {confirm && (
        <ConfirmDialog
          title={confirm === 'cancel' ? 'Cancel this run?' : 'Delete this run?'}
          body={
            confirm === 'cancel'
              ? 'Training stops now (its whole process tree). Everything logged so far is kept.'
              : 'Its metrics, logs and files (models included) are deleted. The data snapshot it read is kept.'
          }
          confirmLabel={confirm === 'cancel' ? 'Cancel run' : 'Delete run'}
          danger={confirm === 'delete'}
          onConfirm={() => void act(confirm)}
          onClose={() => setConfirm(null)}
        />
      )}

      <div className="section-head">
        <h2>Metrics</h2>
        <ChartControls />
      </div>
      <RunCharts runs={chartRuns} />

      <h2>Evaluation</h2>
      <RunEvaluation detail={run} />

      <div className="run-columns">
        <div>
          <h2>Code and data</h2>
          <RunLineage detail={run} />
        </div>
        <div>
          <h2>Environment</h2>
          <RunEnvironment detail={run} />
        </div>
      </div>

      <h2>Artifacts</h2>
      <RunArtifacts artifacts={run.artifacts} />

      <h2>Output</h2>
      <RunLogs runId={runId} ended={ended} />
    </section>
  );
}
