import { File, Folder } from 'lucide-react';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { formatBytes } from '../../shell/bytes';
import type { RowList } from './row-pages';
import { formatDate, type BrowseRow } from './rows';
import { geometry, rowWindow, scrollTopFor } from './scaled-window';

const ROW_HEIGHT = 36;
/** How close to the end of the loaded rows (in rows) the next page is asked for. */
const PREFETCH_ROWS = 60;
/** Rows drawn beyond the screen's edges, so fast scrolling shows no gap. */
const OVERSCAN = 12;

const indexes = (first: number, last: number) => Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

/**
 * The rows of a prefix, virtualized: only the rows on screen are in the DOM, so a million objects
 * scroll as smoothly as ten (past the browser's height limit the scrollbar is scaled: scaled-window.ts). Arrows move, Enter opens a folder, Backspace goes up; nearing the
 * end of the loaded rows asks for the next page.
 */
export function ObjectList({
  rows,
  selected,
  onSelect,
  onOpen,
  onUp,
  onNearEnd,
  thumbnail,
  label,
  resetKey,
}: {
  /** The rows in view order; read by index only, so a million loaded rows are never copied to draw them. */
  rows: RowList;
  selected: number;
  onSelect(index: number): void;
  onOpen(row: BrowseRow): void;
  onUp(): void;
  onNearEnd(): void;
  thumbnail(row: BrowseRow): ReactNode;
  label: string;
  /** Changes when the rows are replaced (another place, sort or filter): the list goes back to its top. */
  resetKey: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(ROW_HEIGHT * 12);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [resetKey]);
  const view = rowWindow(scrollTop, rows.length, ROW_HEIGHT, viewport, OVERSCAN);
  const last = rows.length ? view.lastVisible : -1;
  // More rows change a scaled scrollbar's scale: keep the same rows on screen instead of jumping.
  const shown = useRef({ count: rows.length, listTop: 0 });
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = shown.current;
    if (el && before.count !== rows.length && before.count > 0) {
      const { scale } = geometry(rows.length, ROW_HEIGHT, el.clientHeight);
      if (scale !== 1 || geometry(before.count, ROW_HEIGHT, el.clientHeight).scale !== 1) {
        el.scrollTop = before.listTop / scale;
        setScrollTop(el.scrollTop);
      }
    }
    shown.current = {
      count: rows.length,
      listTop: (el?.scrollTop ?? 0) * geometry(rows.length, ROW_HEIGHT, el?.clientHeight ?? viewport).scale,
    };
  }, [rows.length, scrollTop, viewport]);

  useEffect(() => {
    if (rows.length && last >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [last, rows.length, onNearEnd]);

  // Keys can arrive faster than React renders: moves count from the last one asked for, not the last drawn.
  const position = useRef(selected);
  useEffect(() => {
    position.current = selected;
  }, [selected]);
  const move = (to: number) => {
    if (!rows.length) return;
    const index = Math.max(0, Math.min(rows.length - 1, to));
    position.current = index;
    onSelect(index);
    const el = scroller.current;
    const target = el ? scrollTopFor(index, el.scrollTop, rows.length, ROW_HEIGHT, el.clientHeight) : null;
    if (el && target !== null) el.scrollTop = target;
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(position.current + 1),
      ArrowUp: () => move(position.current - 1),
      PageDown: () => move(position.current + page),
      PageUp: () => move(position.current - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => {
        const row = rows.at(position.current);
        if (row) onOpen(row);
      },
      Backspace: onUp,
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    <div
      ref={scroller}
      className="object-list"
      role="listbox"
      tabIndex={0}
      aria-label={label}
      aria-activedescendant={rows.at(selected) ? `obj-${selected}` : undefined}
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="object-list"
      data-count={rows.length}
    >
      <div style={{ height: view.scrollHeight, position: 'relative' }}>
        {indexes(view.first, view.last).map((index) => {
          const row = rows.at(index);
          if (!row) return null;
          const isSelected = index === selected;
          return (
            <div
              key={row.key}
              id={`obj-${index}`}
              role="option"
              aria-selected={isSelected}
              className={`object-row${isSelected ? ' selected' : ''}`}
              style={{ height: ROW_HEIGHT, transform: `translateY(${view.top(index)}px)` }}
              data-testid={row.kind === 'folder' ? 'folder-row' : 'object-row'}
              data-key={row.key}
              onClick={() => onSelect(index)}
              onDoubleClick={() => onOpen(row)}
            >
              <span className="object-icon" aria-hidden>
                {row.kind === 'folder' ? <Folder size={16} /> : (thumbnail(row) ?? <File size={16} />)}
              </span>
              <span className="object-name" title={row.key}>
                {row.name}
              </span>
              <span className="object-size num">{row.size === null ? '' : formatBytes(row.size)}</span>
              <span className="object-date muted">{formatDate(row.modified)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
