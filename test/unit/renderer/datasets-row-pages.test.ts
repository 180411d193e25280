import { describe, expect, it } from 'vitest';
import { PagedRows, joinRows, type RowList } from '../../../renderer/src/features/datasets/row-pages';
import type { BrowseRow } from '../../../renderer/src/features/datasets/rows';

const row = (n: number): BrowseRow => ({ kind: 'object', key: `k${n}`, name: `k${n}`, size: n, modified: null });
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => row(from + i));
const keys = (list: RowList) => Array.from({ length: list.length }, (_, i) => list.at(i)?.key);

describe('the loaded rows, kept as pages', () => {
  it('finds every row by index across pages of different sizes', () => {
    const sizes = [1000, 1, 999, 0, 37, 1000];
    let rows = PagedRows.empty;
    let n = 0;
    for (const size of sizes) {
      rows = rows.append(range(n, size));
      n += size;
    }
    expect(rows.length).toBe(n);
    expect(keys(rows)).toEqual(range(0, n).map((r) => r.key));
    expect(rows.toArray().map((r) => r.key)).toEqual(range(0, n).map((r) => r.key));
  });

  it('answers nothing outside the list', () => {
    const rows = PagedRows.of(range(0, 3));
    expect([rows.at(-1), rows.at(3), rows.at(1.5), PagedRows.empty.at(0)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('leaves the list a page was appended to as it was', () => {
    const before = PagedRows.of(range(0, 2));
    const after = before.append(range(2, 2));
    expect(keys(before)).toEqual(['k0', 'k1']);
    expect(keys(after)).toEqual(['k0', 'k1', 'k2', 'k3']);
  });

  it('shows two lists one after the other', () => {
    const joined = joinRows(PagedRows.of(range(0, 2)), [row(7)]);
    expect(keys(joined)).toEqual(['k0', 'k1', 'k7']);
    expect([joined.at(-1), joined.at(3)]).toEqual([undefined, undefined]);
  });
});
