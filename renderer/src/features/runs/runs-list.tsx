import { GitCompare, Play, Search } from 'lucide-react';
import { useMemo } from 'react';
import type { RunSummary } from '../../../../shared/training';
import { pageById } from '../../shell/pages';
import { useNav } from '../../stores/nav-store';
import { newestFirst, useRuns } from '../../stores/runs-store';
import { useRunsView } from '../../stores/runs-view-store';
import { ColumnChooser } from './column-chooser';
import { runColumns } from './run-columns';
import { viewRuns } from './run-filter';
import { compareHash } from './runs-page';
import { RunsTable } from './runs-table';

/** Compare takes 2 to 20 runs (the backend's limit for one chart request). */
const COMPARE_MAX = 20;

/** The runs table with its search, column filters, column chooser, and Compare / Start buttons. */
export function RunsList() {
  const { byId, loaded, error } = useRuns();
  const go = useNav((s) => s.go);
  const { search, filters, sort, selected, setSearch, clearFilters, setSelected } = useRunsView();
  const runs = useMemo(() => newestFirst(byId), [byId]);
  // Columns come from the runs' keys: recomputed when runs change, not on every keystroke.
  const columns = useMemo(() => runColumns(runs), [runs]);
  const rows = useMemo(() => viewRuns(runs, columns, { search, filters, sort }), [runs, columns, search, filters, sort]);
  const ticked = selected.filter((id) => byId[id]);
  const filtered = search.trim() !== '' || Object.values(filters).some((f) => f.trim());
  const open = (run: RunSummary) => go('runs', run.id);
  const canCompare = ticked.length >= 2 && ticked.length <= COMPARE_MAX;

  return (
    <section className="page page-wide" data-testid="page-runs" aria-labelledby="page-title">
      <h1 id="page-title">Runs</h1>
      <p className="lead">{pageById('runs').summary}</p>
      <div className="actions runs-toolbar">
        <button type="button" className="button" data-testid="start-run" onClick={() => go('runs', 'new')}>
          <Play size={14} aria-hidden /> Start a run
        </button>
        {runs.length > 0 && (
          <>
            <label className="runs-search">
              <Search size={14} aria-hidden />
              <input
                type="search"
                placeholder="Search, e.g. lr=0.01"
                aria-label="Search runs"
                value={search}
                data-testid="runs-search"
                onChange={(e) => setSearch(e.target.value)}
              />
            </label>
            <ColumnChooser columns={columns} />
            {filtered && (
              <button type="button" className="button-link" data-testid="clear-filters" onClick={clearFilters}>
                Clear filters
              </button>
            )}
            <span className="spacer" />
            <button
              type="button"
              className="button-secondary"
              disabled={!canCompare}
              title={
                ticked.length > COMPARE_MAX
                  ? `Compare at most ${COMPARE_MAX} runs`
                  : 'Tick 2 or more runs (Space on a row) to compare'
              }
              data-testid="compare-open"
              onClick={() => (window.location.hash = compareHash(ticked))}
            >
              <GitCompare size={14} aria-hidden /> Compare{ticked.length ? ` ${ticked.length}` : ''}
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="error" data-testid="runs-error">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="muted">Loading runs…</p>}
      {loaded && !error && runs.length === 0 ? (
        <div className="empty" data-testid="runs-empty">
          <p>No runs yet.</p>
          <p className="muted">
            Start one on the lab’s sample dataset: the built-in tyre-quality recipe trains a small classifier in a minute on a
            CPU, and every figure it logs shows here live.
          </p>
        </div>
      ) : (
        runs.length > 0 && (
          <>
            <p className="muted runs-count" data-testid="runs-count">
              {filtered
                ? `${rows.length.toLocaleString()} of ${runs.length.toLocaleString()} runs`
                : `${runs.length.toLocaleString()} runs`}
              {ticked.length > 0 && (
                <>
                  {' · '}
                  {ticked.length} ticked{' '}
                  <button
                    type="button"
                    className="button-link inline-link"
                    data-testid="clear-selection"
                    onClick={() => setSelected([])}
                  >
                    untick all
                  </button>
                </>
              )}
              {' · '}Enter opens a run, Space ticks it for Compare; filters take text or numbers (<code>&gt; 0.9</code>,{' '}
              <code>1e-4..1e-2</code>).
            </p>
            <RunsTable rows={rows} columns={columns} onOpen={open} />
          </>
        )
      )}
    </section>
  );
}
