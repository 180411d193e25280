import { create } from 'zustand';

/** The x axis of metric charts: training steps, or time since the run's first point. */
export type ChartAxis = 'step' | 'time';

interface RunsViewState {
  search: string;
  filters: Record<string, string>;
  sort: { column: string; descending: boolean } | null;
  /** Column id → shown; columns not named here show by their default. */
  columns: Record<string, boolean>;
  /** Runs ticked for comparison, in the order they were ticked. */
  selected: string[];
  /** EMA weight of the charts, 0 (raw) to 0.99. */
  smoothing: number;
  axis: ChartAxis;
  setSearch(search: string): void;
  setFilter(column: string, text: string): void;
  clearFilters(): void;
  /** Sorts by a column: ascending first, then descending, then the table's own order. */
  toggleSort(column: string, numeric: boolean): void;
  setColumn(column: string, shown: boolean): void;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
  setSmoothing(weight: number): void;
  setAxis(axis: ChartAxis): void;
}

/** How the user looks at runs (search, filters, sort, columns, selection, chart settings); kept while moving between pages. */
export const useRunsView = create<RunsViewState>((set) => ({
  search: '',
  filters: {},
  sort: null,
  columns: {},
  selected: [],
  smoothing: 0,
  axis: 'step',
  setSearch: (search) => set({ search }),
  setFilter: (column, text) => set((s) => ({ filters: { ...s.filters, [column]: text } })),
  clearFilters: () => set({ filters: {}, search: '' }),
  toggleSort: (column, numeric) =>
    set((s) => {
      // Numbers start with the largest first (best accuracy, biggest loss): what one usually looks for.
      const first = numeric;
      if (s.sort?.column !== column) return { sort: { column, descending: first } };
      if (s.sort.descending === first) return { sort: { column, descending: !first } };
      return { sort: null };
    }),
  setColumn: (column, shown) => set((s) => ({ columns: { ...s.columns, [column]: shown } })),
  toggleSelected: (id) =>
    set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] })),
  setSelected: (selected) => set({ selected }),
  setSmoothing: (smoothing) => set({ smoothing }),
  setAxis: (axis) => set({ axis }),
}));
