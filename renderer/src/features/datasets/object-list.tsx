import { useVirtualizer } from '@tanstack/react-virtual';
import { File, Folder } from 'lucide-react';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { formatBytes } from '../../shell/bytes';
import { formatDate, type BrowseRow } from './rows';

const ROW_HEIGHT = 36;
/** How close to the end of the loaded rows (in rows) the next page is asked for. */
const PREFETCH_ROWS = 60;

/**
 * The rows of a prefix, virtualized: only the rows on screen are in the DOM, so a million objects
 * scroll as smoothly as ten. Arrows move, Enter opens a folder, Backspace goes up; nearing the
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
  rows: BrowseRow[];
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
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? -1;

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
    virtualizer.scrollToIndex(index, { align: 'auto' });
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
        const row = rows[position.current];
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
      aria-activedescendant={rows[selected] ? `obj-${selected}` : undefined}
      onKeyDown={onKey}
      data-testid="object-list"
      data-count={rows.length}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const isSelected = item.index === selected;
          return (
            <div
              key={row.key}
              id={`obj-${item.index}`}
              role="option"
              aria-selected={isSelected}
              className={`object-row${isSelected ? ' selected' : ''}`}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              data-testid={row.kind === 'folder' ? 'folder-row' : 'object-row'}
              data-key={row.key}
              onClick={() => onSelect(item.index)}
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
