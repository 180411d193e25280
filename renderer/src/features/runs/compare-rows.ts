import type { RunSummary } from '../../../../shared/training';
import { formatMetric, formatParam } from './run-format';

/** One row of a side-by-side table: a name and each run's value as text. */
export interface SideRow {
  key: string;
  values: string[];
  /** True when not every run has the same value. */
  differs: boolean;
}

const row = (key: string, values: string[]): SideRow => ({ key, values, differs: new Set(values).size > 1 });

/** The parameters of the runs side by side (a run without one shows —); only the differing ones on request. */
export function paramRows(runs: readonly RunSummary[], onlyDifferences: boolean): SideRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort((a, b) => a.localeCompare(b));
  const rows = [
    row(
      'code',
      runs.map((r) => r.codeVersion),
    ),
    ...keys.map((key) =>
      row(
        key,
        runs.map((r) => formatParam(r.params[key])),
      ),
    ),
  ];
  return onlyDifferences ? rows.filter((r) => r.differs) : rows;
}

/** Which data each run read: dataset, version, and where the snapshot lives. */
export function versionRows(runs: readonly RunSummary[]): SideRow[] {
  const of = (f: (r: RunSummary) => string | null | undefined) => runs.map((r) => f(r) ?? '—');
  return [
    row(
      'dataset',
      of((r) => r.datasetName),
    ),
    row(
      'version',
      of((r) => r.version?.label ?? (r.status === 'queued' ? 'pinned when it starts' : null)),
    ),
    row(
      'kind',
      of((r) => (r.version ? (r.version.kind === 'snapshot' ? 'ONTAP snapshot' : 'file listing') : null)),
    ),
    row(
      'volume',
      of((r) => (r.version?.volume ? `${r.version.svm ?? ''}:${r.version.volume}` : null)),
    ),
    row(
      'snapshot',
      of((r) => r.version?.snapshot),
    ),
    row(
      'folder',
      of((r) => (r.version ? r.version.path || '/' : null)),
    ),
  ];
}

/** A metric's summary in one cell: `0.154 (0.101–0.62)` as last (min–max), or the value alone when logged once. */
export function describeSummary(m: RunSummary['metrics'][string] | undefined): string {
  if (!m) return '—';
  if (m.min === m.max) return formatMetric(m.last);
  return `${formatMetric(m.last)} (${formatMetric(m.min)}–${formatMetric(m.max)})`;
}

/** Each metric side by side: last, with min–max. */
export function metricRows(runs: readonly RunSummary[]): SideRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort((a, b) => a.localeCompare(b));
  return keys.map((key) =>
    row(
      key,
      runs.map((r) => describeSummary(r.metrics[key])),
    ),
  );
}

/** The run ids of a compare address (`a,b,c`), deduplicated, in order. */
export function parseCompareIds(param: string): string[] {
  return [
    ...new Set(
      param
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
