import { describe, expect, it } from 'vitest';
import { crumbsOf, parentOf, rowsOfPage, viewRows, type BrowseRow } from '../../../renderer/src/features/datasets/rows';
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
  const rows = [obj('b_10.jpg', 5, '2026-01-02'), dir('zeta'), obj('b_9.jpg', 50, '2026-01-01'), dir('alpha')];

  it('puts folders first and keeps the listing order for name ascending', () => {
    expect(viewRows(rows, { sort: 'name', descending: false, filter: '' }).map((r) => r.name)).toEqual([
      'zeta',
      'alpha',
      'b_10.jpg',
      'b_9.jpg',
    ]);
  });

  it('sorts names numerically, sizes and dates, folders still first', () => {
    const names = viewRows(rows, { sort: 'name', descending: true, filter: '' }).map((r) => r.name);
    expect(names).toEqual(['zeta', 'alpha', 'b_10.jpg', 'b_9.jpg']);
    expect(
      viewRows(rows, { sort: 'size', descending: true, filter: '' })
        .map((r) => r.name)
        .slice(2),
    ).toEqual(['b_9.jpg', 'b_10.jpg']);
    expect(
      viewRows(rows, { sort: 'modified', descending: false, filter: '' })
        .map((r) => r.name)
        .slice(2),
    ).toEqual(['b_9.jpg', 'b_10.jpg']);
  });

  it('filters by name, ignoring case', () => {
    expect(viewRows(rows, { sort: 'name', descending: false, filter: 'B_9' }).map((r) => r.name)).toEqual(['b_9.jpg']);
  });

  it('views a million rows in a linear pass when unsorted', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => obj(`good_${i}.jpg`, i, '2026-01-01'));
    const view = viewRows(many, { sort: 'name', descending: false, filter: '' });
    expect(view === many).toBe(true); // no copy, no sort
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
