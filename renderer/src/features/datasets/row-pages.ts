import type { BrowseRow } from './rows';

/** Rows the list can draw: how many, and the row at an index (an array is one; so are the loaded pages). */
export interface RowList {
  readonly length: number;
  /** The row at `index`, or undefined outside the list. */
  at(index: number): BrowseRow | undefined;
}

/**
 * Loaded rows kept as the pages they arrived in, never copied. Appending a page makes a new list
 * that shares every earlier page and copies only one pointer per page: a single array's concat
 * copies all million rows per page of 1,000 near the end of a large folder.
 */
export class PagedRows implements RowList {
  /** No rows. */
  static readonly empty = new PagedRows([], [0]);

  /** `starts[i]` is the index of page i's first row; the last entry is the row count. */
  private constructor(
    private readonly pages: readonly (readonly BrowseRow[])[],
    private readonly starts: readonly number[],
  ) {}

  /** The rows of an array, as one page. */
  static of(rows: readonly BrowseRow[]): PagedRows {
    return PagedRows.empty.append(rows);
  }

  /** How many rows are loaded. */
  get length(): number {
    return this.starts[this.starts.length - 1] ?? 0;
  }

  /** These rows and then `rows`, as a new list; this one is unchanged. */
  append(rows: readonly BrowseRow[]): PagedRows {
    if (!rows.length) return this;
    return new PagedRows([...this.pages, rows], [...this.starts, this.length + rows.length]);
  }

  /** The row at `index` (a binary search over the pages). */
  at(index: number): BrowseRow | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    let low = 0;
    let high = this.pages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= index) low = mid;
      else high = mid - 1;
    }
    return this.pages[low]?.[index - (this.starts[low] ?? 0)];
  }

  /** Every row in one new array: O(n), for a sort or filter the user asked for. */
  toArray(): BrowseRow[] {
    return this.pages.flat();
  }
}

/** Two lists shown one after the other (folders, then objects) without copying either. */
export function joinRows(first: RowList, second: RowList): RowList {
  if (!first.length) return second;
  if (!second.length) return first;
  return {
    length: first.length + second.length,
    at: (index) => (index < 0 ? undefined : index < first.length ? first.at(index) : second.at(index - first.length)),
  };
}
