import type { RunSummary } from '../../../../shared/training';
import type { CellValue, RunColumn } from './run-columns';

/** A column filter as a test on a cell's value. */
export type CellTest = (value: CellValue) => boolean;

const COMPARISON = /^(<=|>=|!=|<|>|=)\s*(.+)$/;
const RANGE = /^(.+?)\s*\.\.\s*(.+)$/;

const toNumber = (text: string): number | null => {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : null;
};

/**
 * Reads what the user typed in a column's filter box: `> 0.9`, `<= 1e-3`, `= 32`, `!= 0`,
 * `0.1..0.5` (inclusive) on numbers; anything else matches cells whose text contains it
 * (case-insensitive). An empty filter keeps everything; null values fail every number test.
 */
export function parseCellFilter(expr: string): CellTest | null {
  const text = expr.trim();
  if (!text) return null;
  const cmp = COMPARISON.exec(text);
  const bound = cmp ? toNumber(cmp[2] ?? '') : null;
  if (cmp && bound !== null) {
    const op = cmp[1];
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : null;
      if (n === null) return false;
      if (op === '<') return n < bound;
      if (op === '<=') return n <= bound;
      if (op === '>') return n > bound;
      if (op === '>=') return n >= bound;
      if (op === '!=') return n !== bound;
      return n === bound;
    };
  }
  const range = RANGE.exec(text);
  const lo = range ? toNumber(range[1] ?? '') : null;
  const hi = range ? toNumber(range[2] ?? '') : null;
  if (lo !== null && hi !== null) {
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : null;
      return n !== null && n >= Math.min(lo, hi) && n <= Math.max(lo, hi);
    };
  }
  const needle = text.toLowerCase();
  return (v) => v !== null && String(v).toLowerCase().includes(needle);
}

/** The words a run is found by in the search box: name, id, status, dataset, data version, code, parameters. */
export function searchText(run: RunSummary): string {
  const params = Object.entries(run.params).map(([k, v]) => `${k}=${String(v)}`);
  return [run.name, run.id, run.status, run.datasetName, run.version?.label ?? '', run.codeVersion, run.device ?? '', ...params]
    .join(' ')
    .toLowerCase();
}

/** True when every word of the search appears in the run's text (`lr=0.01 finished`). */
export function matchesSearch(haystack: string, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => haystack.includes(w));
}

/** What the table shows: the search, each column's filter, and the sort. */
export interface RunsView {
  search: string;
  /** Column id → filter text. */
  filters: Record<string, string>;
  sort: { column: string; descending: boolean } | null;
}

/** The runs that pass the search and every column filter, in their order. */
export function filterRuns(
  runs: readonly RunSummary[],
  columns: readonly RunColumn[],
  view: Omit<RunsView, 'sort'>,
): RunSummary[] {
  const tests = columns
    .map((c) => ({ column: c, test: parseCellFilter(view.filters[c.id] ?? '') }))
    .filter((t): t is { column: RunColumn; test: CellTest } => t.test !== null);
  const search = view.search.trim();
  if (!tests.length && !search) return [...runs];
  return runs.filter(
    (run) => (!search || matchesSearch(searchText(run), search)) && tests.every(({ column, test }) => test(column.value(run))),
  );
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(String(a), String(b));
}

/** The runs sorted by a column; runs without a value go last whichever the direction. Stable. */
export function sortRuns(runs: readonly RunSummary[], column: RunColumn | undefined, descending: boolean): RunSummary[] {
  if (!column) return [...runs];
  const keyed = runs.map((run, index) => ({ run, index, value: column.value(run) }));
  keyed.sort((x, y) => {
    if (x.value === null || y.value === null) {
      if (x.value === y.value) return x.index - y.index;
      return x.value === null ? 1 : -1;
    }
    const order = compareValues(x.value, y.value);
    return (descending ? -order : order) || x.index - y.index;
  });
  return keyed.map((k) => k.run);
}

/** The table's rows: filtered, then sorted. */
export function viewRuns(runs: readonly RunSummary[], columns: readonly RunColumn[], view: RunsView): RunSummary[] {
  const kept = filterRuns(runs, columns, view);
  if (!view.sort) return kept;
  const sort = view.sort;
  return sortRuns(
    kept,
    columns.find((c) => c.id === sort.column),
    sort.descending,
  );
}
