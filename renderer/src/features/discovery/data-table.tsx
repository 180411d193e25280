import { useId, useState, type ReactNode } from 'react';

/** One column: its heading, the text it is filtered on, and how a cell shows. */
export interface Column<T> {
  label: string;
  text(row: T): string;
  cell?(row: T): ReactNode;
  numeric?: boolean;
}

const FIRST_ROWS = 100;

/**
 * A table that stays usable with thousands of rows: a filter over every column, a scrolling body
 * with a sticky header, and the first hundred rows drawn until the user asks for all.
 */
export function DataTable<T>({
  title,
  rows,
  columns,
  rowKey,
  empty,
  testId,
}: {
  title: string;
  rows: T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  empty: string;
  testId: string;
}) {
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const matching = needle ? rows.filter((r) => columns.some((c) => c.text(r).toLowerCase().includes(needle))) : rows;
  const shown = all ? matching : matching.slice(0, FIRST_ROWS);
  return (
    <section className="data-table" data-testid={testId} aria-label={title}>
      <div className="data-table-head">
        <h2>
          {title} <span className="count muted">{needle ? `${matching.length} of ${rows.length}` : rows.length}</span>
        </h2>
        {rows.length > 5 && (
          <>
            <label htmlFor={filterId} className="visually-hidden">
              Filter {title}
            </label>
            <input
              id={filterId}
              type="search"
              className="filter"
              placeholder={`Filter ${title.toLowerCase()}…`}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              data-testid={`${testId}-filter`}
            />
          </>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={rowKey(row)} data-testid={`${testId}-row`}>
                  {columns.map((c) => (
                    <td key={c.label} className={c.numeric ? 'num' : undefined}>
                      {c.cell ? c.cell(row) : c.text(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown.length < matching.length && (
        <button type="button" className="button-small" onClick={() => setAll(true)} data-testid={`${testId}-show-all`}>
          Show all {matching.length}
        </button>
      )}
    </section>
  );
}
