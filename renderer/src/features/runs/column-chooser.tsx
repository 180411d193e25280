import { Columns3 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useRunsView } from '../../stores/runs-view-store';
import { isVisible, type ColumnGroup, type RunColumn } from './run-columns';

const GROUPS: { group: Exclude<ColumnGroup, 'metric'>; label: string }[] = [
  { group: 'run', label: 'Run' },
  { group: 'param', label: 'Parameters' },
];
const STATS = ['last', 'min', 'max'] as const;

/** Metrics as a grid: one line per metric, a box for each of last, min and max. */
function MetricBoxes({
  columns,
  chosen,
  setColumn,
}: {
  columns: RunColumn[];
  chosen: Record<string, boolean>;
  setColumn(id: string, shown: boolean): void;
}) {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const keys = [
    ...new Set(columns.filter((c) => c.group === 'metric').map((c) => c.id.replace(/^metric:|:(last|min|max)$/g, ''))),
  ];
  if (!keys.length) return null;
  return (
    <fieldset>
      <legend>Metrics</legend>
      <table className="metric-boxes">
        <thead>
          <tr>
            <th />
            {STATS.map((s) => (
              <th key={s}>{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              {STATS.map((stat) => {
                const column = byId.get(`metric:${key}:${stat}`);
                return (
                  <td key={stat}>
                    {column && (
                      <input
                        type="checkbox"
                        checked={isVisible(column, chosen)}
                        aria-label={column.label}
                        data-testid={`column-${column.id}`}
                        onChange={(e) => setColumn(column.id, e.target.checked)}
                      />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/** A button opening the list of columns to tick; Escape or a click elsewhere closes it. */
export function ColumnChooser({ columns }: { columns: RunColumn[] }) {
  const [open, setOpen] = useState(false);
  const chosen = useRunsView((s) => s.columns);
  const setColumn = useRunsView((s) => s.setColumn);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open]);
  return (
    <div className="column-chooser" ref={box}>
      <button
        type="button"
        className="button-secondary"
        aria-expanded={open}
        data-testid="columns-open"
        onClick={() => setOpen(!open)}
      >
        <Columns3 size={14} aria-hidden /> Columns
      </button>
      {open && (
        <div className="column-menu" role="dialog" aria-label="Columns" data-testid="columns-menu">
          {GROUPS.map(({ group, label }) => {
            const list = columns.filter((c) => c.group === group && c.id !== 'name');
            if (!list.length) return null;
            return (
              <fieldset key={group}>
                <legend>{label}</legend>
                {list.map((c) => (
                  <label key={c.id} className="choice">
                    <input
                      type="checkbox"
                      checked={isVisible(c, chosen)}
                      data-testid={`column-${c.id}`}
                      onChange={(e) => setColumn(c.id, e.target.checked)}
                    />
                    {c.label}
                  </label>
                ))}
              </fieldset>
            );
          })}
          <MetricBoxes columns={columns} chosen={chosen} setColumn={setColumn} />
        </div>
      )}
    </div>
  );
}
