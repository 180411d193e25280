import type { RunSummary } from '../../../../shared/training';
import { formatDuration, formatMetric, formatParam, formatWhen, secondsBetween, STATUS_LABEL } from './run-format';

/** Which part of a run a column shows. */
export type ColumnGroup = 'run' | 'param' | 'metric';

/** A metric column shows one of the run's summary figures of that metric. */
export type MetricStat = 'last' | 'min' | 'max';

/** A cell's raw value: what sorting and filtering read. */
export type CellValue = string | number | null;

/** One column of the runs table. */
export interface RunColumn {
  /** `name`, `param:lr`, `metric:loss:last`. */
  id: string;
  group: ColumnGroup;
  /** The header text. */
  label: string;
  /** Numbers sort and filter as numbers (`> 0.9`, `0.1..0.5`); text by its words. */
  numeric: boolean;
  /** Shown until the user chooses otherwise. */
  defaultVisible: boolean;
  /** Width in pixels. */
  width: number;
  value(run: RunSummary): CellValue;
  /** The cell's text. */
  text(run: RunSummary): string;
}

const durationOf = (run: RunSummary) => secondsBetween(run.startedAt, run.endedAt);

type BaseSpec = Pick<RunColumn, 'id' | 'label' | 'numeric' | 'width' | 'value'> & Partial<Pick<RunColumn, 'text'>>;

const BASE_SPECS: BaseSpec[] = [
  { id: 'name', label: 'Run', numeric: false, width: 190, value: (r) => r.name },
  { id: 'status', label: 'Status', numeric: false, width: 96, value: (r) => r.status, text: (r) => STATUS_LABEL[r.status] },
  { id: 'dataset', label: 'Dataset', numeric: false, width: 160, value: (r) => r.datasetName },
  { id: 'version', label: 'Data version', numeric: false, width: 200, value: (r) => r.version?.label ?? null },
  { id: 'code', label: 'Code', numeric: false, width: 130, value: (r) => r.codeVersion },
  { id: 'device', label: 'Device', numeric: false, width: 80, value: (r) => r.device },
  {
    id: 'created',
    label: 'Started',
    numeric: false,
    width: 130,
    value: (r) => r.createdAt,
    text: (r) => formatWhen(r.createdAt),
  },
  { id: 'duration', label: 'Duration', numeric: true, width: 96, value: durationOf, text: (r) => formatDuration(durationOf(r)) },
];

const BASE: RunColumn[] = BASE_SPECS.map((c) => ({
  group: 'run',
  defaultVisible: c.id !== 'version' && c.id !== 'device',
  text: (r: RunSummary) => formatParam(c.value(r)),
  ...c,
}));

/** The parameter and metric names over all runs, sorted, in one pass. */
export function runKeys(runs: readonly RunSummary[]): { params: string[]; metrics: string[] } {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const key in run.params) params.add(key);
    for (const key in run.metrics) metrics.add(key);
  }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return { params: [...params].sort(byName), metrics: [...metrics].sort(byName) };
}

function paramColumn(key: string): RunColumn {
  const value = (r: RunSummary): CellValue => {
    const v = r.params[key];
    return v === undefined ? null : typeof v === 'boolean' ? String(v) : v;
  };
  return {
    id: `param:${key}`,
    group: 'param',
    label: key,
    numeric: false,
    defaultVisible: true,
    width: 96,
    value,
    text: (r) => formatParam(r.params[key]),
  };
}

function metricColumn(key: string, stat: MetricStat): RunColumn {
  const value = (r: RunSummary): CellValue => r.metrics[key]?.[stat] ?? null;
  return {
    id: `metric:${key}:${stat}`,
    group: 'metric',
    label: `${key} (${stat})`,
    numeric: true,
    defaultVisible: stat === 'last',
    width: 120,
    value,
    text: (r) => formatMetric(r.metrics[key]?.[stat]),
  };
}

/**
 * The columns of the runs table: the run's own facts, then one per parameter, then last/min/max of
 * every metric. Parameter columns sort as numbers when every run that has the parameter has a number.
 */
export function runColumns(runs: readonly RunSummary[]): RunColumn[] {
  const { params, metrics } = runKeys(runs);
  const paramCols = params.map((key) => {
    const col = paramColumn(key);
    const numeric = runs.every((r) => r.params[key] === undefined || typeof r.params[key] === 'number');
    return { ...col, numeric };
  });
  const metricCols = metrics.flatMap((key) => (['last', 'min', 'max'] as const).map((stat) => metricColumn(key, stat)));
  return [...BASE, ...paramCols, ...metricCols];
}

/** True when the column shows: the user's choice, else its default. The run's name always shows. */
export function isVisible(column: RunColumn, chosen: Record<string, boolean>): boolean {
  if (column.id === 'name') return true;
  return chosen[column.id] ?? column.defaultVisible;
}
