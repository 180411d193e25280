import { useEffect, useMemo, useState } from 'react';
import type { RunSummary } from '../../../../shared/training';
import { ErrorNote } from '../../shell/error-note';
import { useRuns } from '../../stores/runs-store';
import { metricRows, paramRows, parseCompareIds, versionRows, type SideRow } from './compare-rows';
import { RUN_COLOURS } from './metric-chart';
import { ChartControls, RunCharts } from './run-charts';
import { statusBadge, STATUS_LABEL } from './run-format';
import { loadSeries } from './runs-refresh';

/** A side-by-side table: one column per run, differing rows marked. */
function SideTable({ runs, rows, testId }: { runs: RunSummary[]; rows: SideRow[]; testId: string }) {
  return (
    <div className="side-scroll">
      <table className="table side-table" data-testid={testId}>
        <thead>
          <tr>
            <th />
            {runs.map((r, i) => (
              <th key={r.id}>
                <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden /> {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.key}
              className={row.differs ? 'differs' : undefined}
              data-testid="side-row"
              data-key={row.key}
              data-differs={row.differs}
            >
              <th scope="row">{row.key}</th>
              {row.values.map((v, i) => (
                <td key={i}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Runs side by side: overlaid metric charts, parameters (optionally only those that differ), data versions, figures. */
export function RunCompare({ idsParam }: { idsParam: string }) {
  const ids = useMemo(() => parseCompareIds(idsParam), [idsParam]);
  const byId = useRuns((s) => s.byId);
  const loaded = useRuns((s) => s.loaded);
  const [error, setError] = useState<unknown>(null);
  const [onlyDifferences, setOnlyDifferences] = useState(true);
  const runs = useMemo(() => ids.map((id) => byId[id]).filter((r): r is RunSummary => !!r), [ids, byId]);
  const missing = loaded ? ids.filter((id) => !byId[id]) : [];

  useEffect(() => {
    if (ids.length < 1 || ids.length > 20) return;
    setError(null);
    loadSeries(ids).catch(setError);
  }, [ids]);

  const chartRuns = useMemo(() => runs.map((r) => ({ id: r.id, label: r.name })), [runs]);
  const params = useMemo(() => paramRows(runs, onlyDifferences), [runs, onlyDifferences]);
  const versions = useMemo(() => versionRows(runs), [runs]);
  const figures = useMemo(() => metricRows(runs), [runs]);

  return (
    <section className="page page-wide" data-testid="page-compare" aria-labelledby="page-title">
      <p className="crumbs">
        <a href="#/runs">Runs</a> ›
      </p>
      <h1 id="page-title">Compare {runs.length} runs</h1>
      <ul className="compare-runs">
        {runs.map((r, i) => (
          <li key={r.id}>
            <span className="swatch" style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }} aria-hidden />
            <a href={`#/runs/${encodeURIComponent(r.id)}`}>{r.name}</a>
            <span className={statusBadge(r.status)}>{STATUS_LABEL[r.status]}</span>
          </li>
        ))}
      </ul>
      {missing.length > 0 && (
        <p className="warn" data-testid="compare-missing">
          {missing.length === 1 ? 'One run was' : `${missing.length} runs were`} not found (deleted?): {missing.join(', ')}
        </p>
      )}
      {ids.length > 20 && <p className="error">Compare at most 20 runs at a time.</p>}
      <ErrorNote error={error} testId="compare-error" />

      <div className="section-head">
        <h2>Metrics</h2>
        <ChartControls />
      </div>
      <RunCharts runs={chartRuns} />

      <div className="section-head">
        <h2>Parameters</h2>
        <label className="choice">
          <input
            type="checkbox"
            checked={onlyDifferences}
            data-testid="only-differences"
            onChange={(e) => setOnlyDifferences(e.target.checked)}
          />
          Only differences
        </label>
      </div>
      {params.length ? (
        <SideTable runs={runs} rows={params} testId="compare-params" />
      ) : (
        <p className="muted" data-testid="params-same">
          Every parameter is the same in these runs.
        </p>
      )}

      <h2>Data versions</h2>
      <SideTable runs={runs} rows={versions} testId="compare-versions" />

      <h2>Figures</h2>
      <p className="muted">Each metric’s last value, with its lowest–highest over the run.</p>
      <SideTable runs={runs} rows={figures} testId="compare-metrics" />
    </section>
  );
}
