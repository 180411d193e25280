import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartAxis } from '../../stores/runs-view-store';
import { alignLines, emaSmooth, formatElapsed, type Line } from './chart-data';
import { formatMetric } from './run-format';

/** Run colours, distinct in light and dark; the 11th run starts over. */
export const RUN_COLOURS = [
  '#4c8dd6',
  '#e8772e',
  '#3aa55d',
  '#d6455a',
  '#8e6bd1',
  '#a0714f',
  '#d46fb7',
  '#7f8c8d',
  '#b5b728',
  '#26b3c4',
];

/** One run's line on a chart. */
export interface ChartLine extends Line {
  label: string;
  colour: string;
}

const HEIGHT = 200;
const SHOW_DOTS_BELOW = 30;

/** Follows the system's light/dark switch, so the axes are redrawn in the other theme's colours. */
function useScheme(): string {
  const query = useMemo(() => window.matchMedia('(prefers-color-scheme: dark)'), []);
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const on = () => setDark(query.matches);
    query.addEventListener('change', on);
    return () => query.removeEventListener('change', on);
  }, [query]);
  return dark ? 'dark' : 'light';
}

function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${hex}${a}`;
}

/**
 * A metric over steps or time for one or more runs, drawn by uPlot. With smoothing, the EMA line is
 * drawn over the raw one, which stays faint behind it (as TensorBoard does).
 */
export function MetricChart({
  title,
  lines,
  axis,
  smoothing,
}: {
  title: string;
  lines: ChartLine[];
  axis: ChartAxis;
  smoothing: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const scheme = useScheme();
  const smooth = smoothing > 0;
  const drawn = useMemo(
    () => (smooth ? [...lines, ...lines.map((l) => ({ ...l, y: emaSmooth(l.y, smoothing) }))] : lines),
    [lines, smooth, smoothing],
  );
  const data = useMemo(() => alignLines(drawn), [drawn]);
  // The chart is rebuilt only when its shape changes; new points go through setData.
  const shape = `${scheme}|${axis}|${smooth}|${lines.map((l) => `${l.label}${l.colour}${l.x.length <= SHOW_DOTS_BELOW}`).join(',')}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const muted = css.getPropertyValue('--muted').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ddd';
    const axisStyle = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    // A metric logged once per epoch has a handful of points: dots make a single one visible.
    const dots = (l: ChartLine) => ({ show: l.x.length <= SHOW_DOTS_BELOW, size: 6, fill: l.colour });
    const series: uPlot.Series[] = [
      {},
      ...lines.map((l) => ({
        label: l.label,
        stroke: smooth ? withAlpha(l.colour, 0.25) : l.colour,
        width: smooth ? 1 : 1.6,
        spanGaps: true,
        points: smooth ? { show: false } : dots(l),
      })),
      ...(smooth
        ? lines.map((l) => ({ label: `${l.label} (smoothed)`, stroke: l.colour, width: 1.8, spanGaps: true, points: dots(l) }))
        : []),
    ];
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: false } },
        axes: [
          {
            ...axisStyle,
            label: axis === 'step' ? 'step' : 'time since start',
            labelSize: 18,
            values: (_u, ticks) => ticks.map((t) => (axis === 'time' ? formatElapsed(t) : String(t))),
          },
          { ...axisStyle, size: 56, values: (_u, ticks) => ticks.map((t) => formatMetric(t)) },
        ],
        series,
      },
      data as uPlot.AlignedData,
      el,
    );
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // `data` goes through setData below: rebuilding on every point would flicker.
  }, [shape]);

  useEffect(() => {
    chart.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  const points = lines.reduce((n, l) => n + l.x.length, 0);
  return (
    <figure className="metric-chart" data-testid="metric-chart" data-key={title} data-points={points}>
      <figcaption>
        <strong>{title}</strong>
        {lines.length > 1 || smooth ? (
          <span className="chart-legend">
            {lines.map((l) => (
              <span key={l.label} className="chart-legend-item">
                <span className="swatch" style={{ background: l.colour }} aria-hidden />
                {l.label}
              </span>
            ))}
            {smooth && <span className="muted">faint: raw values</span>}
          </span>
        ) : (
          <span className="muted">{formatMetric(lines[0]?.y.at(-1))} last</span>
        )}
      </figcaption>
      <div ref={box} className="chart-box" />
      {points === 0 && <p className="chart-empty muted">No points yet.</p>}
    </figure>
  );
}
