import { describe, expect, it } from 'vitest';
import { PagedRows, type RowList } from '../../../renderer/src/features/datasets/row-pages';
import {
  crumbsOf,
  parentOf,
  rowsOfPage,
  viewRows,
  type BrowseRow,
  type RowView,
} from '../../../renderer/src/features/datasets/rows';
import { labelOf, previewClasses, ruleError } from '../../../renderer/src/features/datasets/label-preview';

const obj = (name: string, size: number, modified: string): BrowseRow => ({
  kind: 'object',
  key: `p/${name}`,
  name,
  size,
  modified,
});
const dir = (name: string): BrowseRow => ({ kind: 'folder', key: `p/${name}/`, name, size: null, modified: null });

describe('the browser rows', () => {
  // As the store keeps them: folders and objects apart, each in listing order.
  const folders = PagedRows.of([dir('zeta'), dir('alpha')]);
  const objects = PagedRows.of([obj('b_10.jpg', 5, '2026-01-02'), obj('b_9.jpg', 50, '2026-01-01')]);
  const names = (list: RowList) => Array.from({ length: list.length }, (_, i) => list.at(i)?.name);
  const view = (v: Partial<RowView>) => names(viewRows(folders, objects, { sort: 'name', descending: false, filter: '', ...v }));

  it('puts folders first and keeps the listing order for name ascending', () => {
    expect(view({})).toEqual(['zeta', 'alpha', 'b_10.jpg', 'b_9.jpg']);
  });

  it('sorts names numerically, sizes and dates, folders still first', () => {
    expect(view({ descending: true })).toEqual(['zeta', 'alpha', 'b_10.jpg', 'b_9.jpg']);
    expect(view({ sort: 'size', descending: true }).slice(2)).toEqual(['b_9.jpg', 'b_10.jpg']);
    expect(view({ sort: 'modified' }).slice(2)).toEqual(['b_9.jpg', 'b_10.jpg']);
  });

  it('filters by name, ignoring case', () => {
    expect(view({ filter: 'B_9' })).toEqual(['b_9.jpg']);
    expect(view({ filter: 'AL' })).toEqual(['alpha']);
  });

  it('views a million loaded rows without copying them', () => {
    const page = Array.from({ length: 1000 }, (_, i) => obj(`good_${i}.jpg`, i, ''));
    let many = PagedRows.empty;
    for (let p = 0; p < 1000; p++) many = many.append(page);
    const shown = viewRows(PagedRows.empty, many, { sort: 'name', descending: false, filter: '' });
    expect(shown === many).toBe(true); // the pages themselves: no copy, no sort
    expect([shown.length, shown.at(999_999)?.name]).toEqual([1_000_000, 'good_999.jpg']);
  });

  it('turns a prefix into a breadcrumb and goes up', () => {
    expect(crumbsOf('dataset/tyre/')).toEqual([
      { label: 'dataset', prefix: 'dataset/' },
      { label: 'tyre', prefix: 'dataset/tyre/' },
    ]);
    expect(parentOf('dataset/tyre/')).toBe('dataset/');
    expect(parentOf('dataset/')).toBe('');
  });

  it('makes rows of a listing page, folders first', () => {
    const rows = rowsOfPage({
      folders: [{ prefix: 'a/b/', name: 'b' }],
      objects: [{ key: 'a/x.jpg', name: 'x.jpg', size: 3, lastModified: null, etag: 'e' }],
      nextToken: null,
    });
    expect(rows.map((r) => [r.kind, r.key])).toEqual([
      ['folder', 'a/b/'],
      ['object', 'a/x.jpg'],
    ]);
  });
});

describe('the label preview (the same rules as the backend)', () => {
  it('reads the leading word, the folder, or a regex group', () => {
    expect(labelOf({ kind: 'leading-word' }, 'defective_0001.jpg')).toBe('defective');
    expect(labelOf({ kind: 'folder' }, 'good/0001.jpg')).toBe('good');
    expect(labelOf({ kind: 'folder' }, '0001.jpg')).toBe('(unlabelled)');
    expect(labelOf({ kind: 'regex', pattern: '^(\\w+?)_' }, 'good_1.jpg')).toBe('good');
    expect(labelOf({ kind: 'regex', pattern: '^cat' }, 'dog.jpg')).toBe('(unlabelled)');
  });

  it('counts classes most frequent first and refuses a broken regex', () => {
    expect(previewClasses({ kind: 'leading-word' }, ['good_1', 'defective_1', 'defective_2'])).toEqual([
      { label: 'defective', count: 2 },
      { label: 'good', count: 1 },
    ]);
    expect(ruleError({ kind: 'regex', pattern: '(' })).toMatch(/./);
    expect(previewClasses({ kind: 'regex', pattern: '(' }, ['a'])).toEqual([]);
  });
});
