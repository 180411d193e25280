import { useMemo } from 'react';
import { useRuns } from '../../stores/runs-store';
import { useRunsView } from '../../stores/runs-view-store';
import { chartOrder, xOf } from './chart-data';
import { MetricChart, RUN_COLOURS, type ChartLine } from './metric-chart';

/** The smoothing slider and the step/time switch, shared by every chart on the page. */
export function ChartControls() {
  const { smoothing, axis, setSmoothing, setAxis } = useRunsView();
  return (
    <div className="chart-controls" data-testid="chart-controls">
      <label className="smoothing">
        Smoothing
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          data-testid="smoothing"
          onChange={(e) => setSmoothing(Number(e.target.value))}
        />
        <span className="num">{smoothing.toFixed(2)}</span>
      </label>
      <div className="segmented" role="group" aria-label="X axis">
        {(['step', 'time'] as const).map((a) => (
          <button key={a} type="button" aria-pressed={axis === a} data-testid={`axis-${a}`} onClick={() => setAxis(a)}>
            {a === 'step' ? 'Step' : 'Time'}
          </button>
        ))}
      </div>
    </div>
  );
}

/** One chart per metric, each run a line in its colour; live points extend them as they arrive. */
export function RunCharts({ runs }: { runs: { id: string; label: string }[] }) {
  const series = useRuns((s) => s.series);
  const { smoothing, axis } = useRunsView();
  const charts = useMemo(() => {
    const keys = chartOrder(runs.flatMap((r) => Object.keys(series[r.id] ?? {})));
    return keys.map((key) => ({
      key,
      lines: runs.flatMap((r, i): ChartLine[] => {
        const s = series[r.id]?.[key];
        if (!s) return [];
        return [{ label: r.label, colour: RUN_COLOURS[i % RUN_COLOURS.length] as string, x: xOf(s, axis), y: s.value }];
      }),
    }));
  }, [runs, series, axis]);
  if (!charts.length)
    return (
      <p className="muted" data-testid="charts-empty">
        No metrics logged yet.
      </p>
    );
  return (
    <div className="charts" data-testid="charts">
      {charts.map((c) => (
        <MetricChart key={c.key} title={c.key} lines={c.lines} axis={axis} smoothing={smoothing} />
      ))}
    </div>
  );
}
