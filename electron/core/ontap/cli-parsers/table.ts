import { outputLines } from './cli-messages';

/**
 * Reads ONTAP's table output: header lines, a dashed rule that gives each column's place and
 * width, then rows. ONTAP prints a cell longer than its column whole and moves the rest of the row
 * to the next line at the usual columns, so one row may take several lines; a column that only
 * changes between groups (the SVM of `network interface show`) may stand on a line of its own, or
 * be left blank while it repeats. Lines like `Access Key: …` under a row (`user show`) belong to it.
 */

/** One column, from the dashed rule. */
interface Column {
  name: string;
  start: number;
  /** Where the column's separator space is: a cell reaching it has pushed the rest of its row down. */
  end: number;
}

/** A row: its cells by column name, and the `Label: value` lines printed under it. */
export interface CliTableRow {
  cells: Record<string, string>;
  details: Record<string, string>;
}

/** A parsed table. */
export interface CliTable {
  /** Column names as the header spells them (multi-line headers joined with a space). */
  columns: string[];
  rows: CliTableRow[];
}

const RULE = /^-+(?: +-+)*$/;
const DETAIL = /^\s*([A-Za-z][A-Za-z0-9 ]*?):(?: (.*))?$/;
const ENTRIES = /^\d+ entries were displayed\.$/;

function columnsOf(rule: string, header: string[]): Column[] {
  const spans = [...rule.matchAll(/-+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return spans.map((span, i) => {
    const next = spans[i + 1]?.start;
    const name = header
      .map((line) => line.slice(span.start, next).trim())
      .filter(Boolean)
      .join(' ');
    return { name, start: span.start, end: span.end };
  });
}

/** The column a text position falls in: the last one starting at or before it. */
function columnAt(columns: Column[], position: number): number {
  let found = 0;
  columns.forEach((c, i) => {
    if (c.start <= position) found = i;
  });
  return found;
}

/**
 * Reads cells from column `from` on. Returns the cells and, when the last cell read ran past its
 * column (ONTAP then continues the row on the next line), the column it overflowed.
 */
function readCells(columns: Column[], line: string, from: number): { cells: Map<number, string>; overflow: number | null } {
  const cells = new Map<number, string>();
  for (let i = from; i < columns.length; i++) {
    const c = columns[i] as Column;
    if (c.start >= line.length) break;
    if (i === columns.length - 1) {
      cells.set(i, line.slice(c.start).trim());
      break;
    }
    if (line.length > c.end && line[c.end] !== ' ') {
      cells.set(i, line.slice(c.start).trim());
      return { cells, overflow: i };
    }
    cells.set(i, line.slice(c.start, c.end + 1).trim());
  }
  return { cells, overflow: null };
}

/** The table in `text`, or null when there is none (no dashed rule under a header). */
export function parseTable(text: string): CliTable | null {
  const lines = outputLines(text);
  const ruleAt = lines.findIndex((line, i) => RULE.test(line) && i > 0 && (lines[i - 1] ?? '').trim() !== '');
  if (ruleAt < 0) return null;
  let top = ruleAt;
  while (top > 0 && (lines[top - 1] ?? '').trim() !== '') top--;
  const columns = columnsOf(lines[ruleAt] as string, lines.slice(top, ruleAt));

  const rows: { values: string[]; details: Record<string, string> }[] = [];
  let current: { values: string[]; details: Record<string, string> } | null = null;
  let continueAt: number | null = null;
  // A line with only the first column (ONTAP's group line) heads the rows under it.
  let groupLine: string[] | null = null;

  const finishGroupLine = () => {
    if (groupLine) rows.push({ values: groupLine, details: {} });
    groupLine = null;
  };

  for (const line of lines.slice(ruleAt + 1)) {
    const trimmed = line.trim();
    if (ENTRIES.test(trimmed)) break;
    if (!trimmed) {
      if (rows.length || current || groupLine) break;
      continue;
    }
    const first = line.length - line.trimStart().length;
    if (continueAt !== null && current) {
      const { cells, overflow } = readCells(columns, line, continueAt);
      for (const [i, value] of cells) current.values[i] = value;
      continueAt = overflow === null ? null : overflow + 1;
      continue;
    }
    const detail = current ? DETAIL.exec(line) : null;
    if (detail && current) {
      current.details[(detail[1] as string).trim()] = (detail[2] ?? '').trim();
      continue;
    }
    const from = columnAt(columns, first);
    const { cells, overflow } = readCells(columns, line, from);
    const values = columns.map((_, i) => cells.get(i) ?? '');
    if (from > 0) {
      // Leading columns left blank repeat the group line's or the previous row's values.
      const previous: string[] = groupLine ?? current?.values ?? [];
      for (let i = 0; i < from; i++) values[i] = previous[i] ?? '';
      if (groupLine) groupLine = null;
    } else {
      finishGroupLine();
      const onlyFirst = columns.length > 1 && overflow === null && values.slice(1).every((v) => v === '');
      if (onlyFirst) {
        groupLine = values;
        current = null;
        continue;
      }
    }
    current = { values, details: {} };
    rows.push(current);
    continueAt = overflow === null ? null : overflow + 1;
  }
  finishGroupLine();

  const names = columns.map((c) => c.name);
  return {
    columns: names,
    rows: rows.map((row) => ({
      cells: Object.fromEntries(names.map((name, i) => [name, row.values[i] ?? ''])),
      details: row.details,
    })),
  };
}
