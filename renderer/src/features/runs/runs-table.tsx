import { getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RunSummary } from '../../../../shared/training';
import { useRunsView } from '../../stores/runs-view-store';
import { isVisible, type RunColumn } from './run-columns';
import { statusBadge, STATUS_LABEL } from './run-format';

const ROW_HEIGHT = 34;
const CHECK_WIDTH = 36;

/**
 * The runs, virtualized (only the rows on screen are in the DOM, so 10,000 runs scroll like 10).
 * Rows take focus: arrows move, Enter opens the run, Space ticks it for comparison. The sort and
 * the filters are applied by the caller (pure functions); the table draws and reports.
 */
export function RunsTable({
  rows,
  columns,
  onOpen,
}: {
  rows: RunSummary[];
  columns: RunColumn[];
  onOpen(run: RunSummary): void;
}) {
  const view = useRunsView();
  const visibility = useMemo<VisibilityState>(
    () => Object.fromEntries(columns.map((c) => [c.id, isVisible(c, view.columns)])),
    [columns, view.columns],
  );
  const defs = useMemo<ColumnDef<RunSummary>[]>(
    () => columns.map((c) => ({ id: c.id, accessorFn: (r) => c.value(r), size: c.width, meta: c })),
    [columns],
  );
  const table = useReactTable({
    data: rows,
    columns: defs,
    state: { columnVisibility: visibility },
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualSorting: true,
    manualFiltering: true,
  });
  const shown = table.getVisibleLeafColumns().map((c) => columns.find((x) => x.id === c.id) as RunColumn);
  const template = `${CHECK_WIDTH}px ${shown.map((c) => `${c.width}px`).join(' ')}`;
  const width = CHECK_WIDTH + shown.reduce((n, c) => n + c.width, 0);
  const selected = useMemo(() => new Set(view.selected), [view.selected]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const [active, setActive] = useState(0);
  const focusAfterScroll = useRef(false);
  useEffect(() => {
    if (active >= rows.length && rows.length) setActive(rows.length - 1);
  }, [active, rows.length]);
  useEffect(() => {
    if (!focusAfterScroll.current) return;
    focusAfterScroll.current = false;
    const frame = requestAnimationFrame(() => document.getElementById(`run-row-${active}`)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [active]);

  const move = (to: number) => {
    if (!rows.length) return;
    const index = Math.max(0, Math.min(rows.length - 1, to));
    focusAfterScroll.current = true;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, button')) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 2);
    const run = rows[active];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => run && onOpen(run),
      ' ': () => run && view.toggleSelected(run.id),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    <div
      ref={scroller}
      className="runs-table"
      role="grid"
      aria-label="Runs"
      aria-rowcount={rows.length + 1}
      data-testid="runs-table"
      data-count={rows.length}
      onKeyDown={onKey}
    >
      <div className="runs-head" role="row" style={{ gridTemplateColumns: template, width }}>
        <span role="columnheader" className="runs-check" aria-label="Compare" />
        {shown.map((c) => {
          const sorted = view.sort?.column === c.id ? view.sort : null;
          return (
            <span
              role="columnheader"
              key={c.id}
              className={`runs-th${c.numeric ? ' num' : ''}${c.id === 'name' ? ' runs-pin' : ''}`}
              aria-sort={ariaSort(sorted)}
            >
              <button
                type="button"
                className="runs-sort"
                title={`Sort by ${c.label}`}
                data-testid={`sort-${c.id}`}
                onClick={() => view.toggleSort(c.id, c.numeric)}
              >
                <span className="runs-th-label">{c.label}</span>
                {sorted && (sorted.descending ? <ArrowDown size={12} aria-hidden /> : <ArrowUp size={12} aria-hidden />)}
              </button>
              <input
                className="runs-filter"
                value={view.filters[c.id] ?? ''}
                placeholder={c.numeric ? '> 0.9, 1..5' : 'filter'}
                aria-label={`Filter ${c.label}`}
                data-testid={`filter-${c.id}`}
                onChange={(e) => view.setFilter(c.id, e.target.value)}
              />
            </span>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const run = rows[item.index];
          if (!run) return null;
          const ticked = selected.has(run.id);
          return (
            <div
              key={run.id}
              id={`run-row-${item.index}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={ticked}
              tabIndex={item.index === active ? 0 : -1}
              className={`runs-row${ticked ? ' ticked' : ''}${item.index === active ? ' active' : ''}`}
              style={{ gridTemplateColumns: template, width, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              data-testid="run-row"
              data-run-id={run.id}
              data-status={run.status}
              onFocus={() => setActive(item.index)}
              onClick={() => setActive(item.index)}
              onDoubleClick={() => onOpen(run)}
            >
              <span role="gridcell" className="runs-check">
                <input
                  type="checkbox"
                  checked={ticked}
                  tabIndex={-1}
                  aria-label={`Compare ${run.name}`}
                  data-testid="run-select"
                  onChange={() => view.toggleSelected(run.id)}
                />
              </span>
              {shown.map((c) => (
                <span
                  role="gridcell"
                  key={c.id}
                  className={`runs-td${c.numeric ? ' num' : ''}${c.id === 'name' ? ' runs-pin' : ''}`}
                  title={c.text(run)}
                >
                  {c.id === 'status' ? (
                    <span className={statusBadge(run.status)}>{STATUS_LABEL[run.status]}</span>
                  ) : c.id === 'name' ? (
                    <a
                      href={`#/runs/${encodeURIComponent(run.id)}`}
                      tabIndex={-1}
                      data-testid="run-open"
                      onClick={(e) => {
                        e.preventDefault();
                        onOpen(run);
                      }}
                    >
                      {run.name}
                    </a>
                  ) : (
                    c.text(run)
                  )}
                </span>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function ariaSort(sort: { descending: boolean } | null): 'ascending' | 'descending' | 'none' {
  if (!sort) return 'none';
  return sort.descending ? 'descending' : 'ascending';
}
