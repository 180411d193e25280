/**
 * ONTAP's table output: header lines, a dashed rule, rows. A cell longer than its column is printed
 * whole and the rest of the row moves to the next line at its usual columns, as ONTAP does
 * (`network interface show` with a long node name, `volume clone show` with long volume names).
 */

/** One column: its header lines (bottom-aligned with the others), width and alignment. */
export interface Column {
  header: readonly string[];
  width: number;
  align?: 'left' | 'right';
}

/** A row's cells, and lines ONTAP prints under it (`user show`'s `Access Key:` line). */
export interface TableRow {
  cells: readonly string[];
  after?: readonly string[];
}

/** How rows are grouped. */
export interface TableOptions {
  /** Header lines above all columns (`volume snapshot show`'s `---Blocks---`). */
  above?: readonly string[];
  /** Leading columns printed only when their value changes (`volume snapshot show` groups by Vserver and Volume). */
  group?: number;
  /** The first column, when printed, stands on a line of its own (`network interface show`). */
  groupOwnLine?: boolean;
}

function pad(text: string, width: number, align: Column['align']): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

function offsets(columns: readonly Column[]): number[] {
  const result: number[] = [];
  let at = 0;
  for (const c of columns) {
    result.push(at);
    at += c.width + 1;
  }
  return result;
}

/** Lays cells out at the columns' offsets, breaking the line wherever a long cell pushes into the next column. */
function layout(columns: readonly Column[], cells: readonly string[]): string[] {
  const at = offsets(columns);
  const lines: string[] = [];
  let line = '';
  columns.forEach((column, i) => {
    const start = at[i] as number;
    if (line.length > start - (i > 0 ? 1 : 0) && i > 0) {
      lines.push(line);
      line = '';
    }
    const cell = cells[i] ?? '';
    line = line.padEnd(start) + pad(cell, column.width, column.align);
  });
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/** The header lines and the dashed rule. */
function header(columns: readonly Column[], above: readonly string[]): string[] {
  const height = Math.max(...columns.map((c) => c.header.length));
  const lines = [...above];
  for (let row = 0; row < height; row++) {
    const cells = columns.map((c) => c.header[row - (height - c.header.length)] ?? '');
    lines.push(
      columns
        .map((c, i) => pad(cells[i] as string, c.width, c.align))
        .join(' ')
        .trimEnd(),
    );
  }
  lines.push(columns.map((c) => '-'.repeat(c.width)).join(' '));
  return lines;
}

/** A whole table, without the `entries were displayed` line (see entriesLine). */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[] | TableRow)[],
  options: TableOptions = {},
): string[] {
  const lines = header(columns, options.above ?? []);
  const group = options.group ?? 0;
  let previous: readonly string[] = [];
  for (const row of rows) {
    const { cells, after } = Array.isArray(row) ? { cells: row as readonly string[], after: [] } : (row as TableRow);
    const shown = [...cells];
    let changed = false;
    for (let i = 0; i < group; i++) {
      changed ||= cells[i] !== previous[i];
      if (!changed) shown[i] = '';
    }
    if (options.groupOwnLine && shown[0]) {
      lines.push(shown[0]);
      shown[0] = '';
    }
    lines.push(...layout(columns, shown), ...(after ?? []));
    previous = cells;
  }
  return lines;
}

/** ONTAP's count line, printed under results of two or more rows. */
export function entriesLine(count: number): string[] {
  return count >= 2 ? [`${count} entries were displayed.`] : [];
}

/**
 * The `-fields` view: the field names as headers. ONTAP sizes each column by its name and the
 * first row only; a longer value further down pushes the rest of its row to the next line.
 */
export function formatFields(names: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const first = rows[0] ?? [];
  const columns = names.map((name, i) => ({ header: [name], width: Math.max(name.length, (first[i] ?? '').length) }));
  return formatTable(columns, rows);
}

/** The `-instance` view of one record: labels right-aligned on their colons (at `width` when given). */
export function formatInstance(pairs: readonly (readonly [string, string])[], width = 0): string[] {
  width = Math.max(width, ...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padStart(width)}: ${value}`.trimEnd());
}
