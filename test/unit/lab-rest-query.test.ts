import { describe, expect, it } from 'vitest';
import {
  matchesFilter,
  nextHref,
  pageOf,
  parseQuery,
  selectFields,
  sortRecords,
  valuesAt,
  type JsonRecord,
} from '../../electron/lab/rest/query';

const vol1: JsonRecord = {
  uuid: 'u1',
  name: 'vol1',
  state: 'online',
  svm: { name: 'svm1', uuid: 's1' },
  aggregates: [
    { name: 'aggr1', uuid: 'a1' },
    { name: 'aggr2', uuid: 'a2' },
  ],
  nas: { path: '/vol1', unix_permissions: 755 },
  space: { size: 100, used: 10 },
  clone: { is_flexclone: false },
  comment: '',
};
const clone1: JsonRecord = {
  uuid: 'u2',
  name: 'vol1_clone',
  state: 'offline',
  svm: { name: 'svm2', uuid: 's2' },
  aggregates: [{ name: 'aggr1', uuid: 'a1' }],
  nas: { path: null, unix_permissions: 777 },
  space: { size: 300, used: 0 },
  clone: { is_flexclone: true, parent_volume: { name: 'vol1', uuid: 'u1' } },
  comment: 'made by a test',
};

const match = (record: JsonRecord, path: string, expression: string) => matchesFilter(record, { path, expression });

describe('query filters', () => {
  it('matches exact values, nested paths and booleans as ONTAP writes them', () => {
    expect(match(vol1, 'name', 'vol1')).toBe(true);
    expect(match(clone1, 'name', 'vol1')).toBe(false);
    expect(match(vol1, 'svm.name', 'svm1')).toBe(true);
    expect(match(clone1, 'clone.is_flexclone', 'true')).toBe(true);
    expect(match(vol1, 'clone.is_flexclone', 'true')).toBe(false);
    expect(match(vol1, 'nas.unix_permissions', '755')).toBe(true);
  });

  it('expands * wildcards anywhere in the value, and nowhere else', () => {
    expect(match(vol1, 'name', 'vol*')).toBe(true);
    expect(match(clone1, 'name', '*clone')).toBe(true);
    expect(match(clone1, 'name', 'v*_c*e')).toBe(true);
    expect(match(vol1, 'name', '*clone')).toBe(false);
    // Regular-expression characters are literal.
    expect(match(vol1, 'name', 'vol.')).toBe(false);
    expect(match({ name: 'a.b' }, 'name', 'a.*')).toBe(true);
  });

  it('treats | as alternatives and ! as negation', () => {
    expect(match(vol1, 'name', 'nope|vol1')).toBe(true);
    expect(match(clone1, 'state', 'online|restricted')).toBe(false);
    expect(match(vol1, 'state', '!offline')).toBe(true);
    expect(match(clone1, 'state', '!offline')).toBe(false);
    expect(match(clone1, 'name', '!vol1|x')).toBe(true);
  });

  it('compares numbers numerically and text lexically with < > <= >=', () => {
    expect(match(vol1, 'space.size', '<200')).toBe(true);
    expect(match(clone1, 'space.size', '<200')).toBe(false);
    expect(match(clone1, 'space.size', '>=300')).toBe(true);
    expect(match(vol1, 'space.size', '>99')).toBe(true);
    expect(match(vol1, 'space.size', '<=99')).toBe(false);
    expect(match({ t: '2024-05-01T00:00:00Z' }, 't', '>2024-01-01')).toBe(true);
  });

  it('matches any element of an array on the way', () => {
    expect(match(vol1, 'aggregates.name', 'aggr2')).toBe(true);
    expect(match(clone1, 'aggregates.name', 'aggr2')).toBe(false);
    expect(valuesAt(vol1, 'aggregates.uuid')).toEqual(['a1', 'a2']);
  });

  it('never matches unset fields, except with null; !null finds set ones', () => {
    expect(match(vol1, 'clone.parent_volume.name', 'vol1')).toBe(false);
    expect(match(vol1, 'clone.parent_volume.name', '!x')).toBe(false);
    expect(match(vol1, 'clone.parent_volume.name', 'null')).toBe(true);
    expect(match(clone1, 'clone.parent_volume.name', '!null')).toBe(true);
    expect(match(clone1, 'nas.path', 'null')).toBe(true);
    expect(match(vol1, 'no_such_field', '*')).toBe(false);
  });
});

describe('fields selection', () => {
  it('keeps the key fields and picks the listed ones, nested and through arrays', () => {
    expect(selectFields(vol1, ['nas.path', 'aggregates.name', 'space'], ['uuid', 'name'])).toEqual({
      uuid: 'u1',
      name: 'vol1',
      nas: { path: '/vol1' },
      aggregates: [{ name: 'aggr1' }, { name: 'aggr2' }],
      space: { size: 100, used: 10 },
    });
  });

  it('gives every field for * and **, and only keys for an empty list', () => {
    expect(selectFields(vol1, ['*'], ['uuid'])).toEqual(vol1);
    expect(selectFields(vol1, ['**'], ['uuid'])).toEqual(vol1);
    expect(selectFields(vol1, [], ['uuid', 'name'])).toEqual({ uuid: 'u1', name: 'vol1' });
  });

  it('selects nothing for names the record lacks (real clients ask for fields of other releases)', () => {
    expect(selectFields(vol1, ['encryption.enabled', 'snaplock', 'nas.nope'], ['uuid'])).toEqual({ uuid: 'u1' });
  });

  it('returns a copy: changing the answer leaves the record alone', () => {
    const out = selectFields(vol1, ['nas'], ['uuid']);
    (out.nas as JsonRecord).path = '/changed';
    expect((vol1.nas as JsonRecord).path).toBe('/vol1');
  });
});

describe('parseQuery', () => {
  it('separates control parameters from filters', () => {
    const q = parseQuery(
      new URLSearchParams('fields=name,svm.name,&max_records=5&name=vol*&svm.name=svm1&return_timeout=15&x=1'),
      ['x'],
    );
    expect(q.fields).toEqual(['name', 'svm.name']);
    expect(q.maxRecords).toBe(5);
    expect(q.returnTimeout).toBe(15);
    expect(q.returnRecords).toBeNull();
    expect(q.filters).toEqual([
      { path: 'name', expression: 'vol*' },
      { path: 'svm.name', expression: 'svm1' },
    ]);
  });

  it('refuses malformed numbers with ONTAP’s error, and caps return_timeout at 120 s', () => {
    expect(() => parseQuery(new URLSearchParams('max_records=0'))).toThrow(/invalid for field "max_records"/);
    expect(() => parseQuery(new URLSearchParams('max_records=abc'))).toThrow(/invalid/);
    expect(() => parseQuery(new URLSearchParams('return_records=maybe'))).toThrow(/return_records/);
    expect(parseQuery(new URLSearchParams('return_timeout=900')).returnTimeout).toBe(120);
  });

  it('reads order_by with directions', () => {
    const q = parseQuery(new URLSearchParams('order_by=space.size desc,name'));
    expect(q.orderBy).toEqual([
      { path: 'space.size', descending: true },
      { path: 'name', descending: false },
    ]);
    expect(sortRecords([vol1, clone1], q.orderBy).map((r) => r.name)).toEqual(['vol1_clone', 'vol1']);
    expect(sortRecords([clone1, vol1], [{ path: 'name', descending: false }]).map((r) => r.name)).toEqual(['vol1', 'vol1_clone']);
  });
});

describe('pagination', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('cuts pages and says where the next starts until the last', () => {
    expect(pageOf(items, 0, 3)).toEqual({ records: [0, 1, 2], nextOffset: 3 });
    expect(pageOf(items, 3, 3)).toEqual({ records: [3, 4, 5], nextOffset: 6 });
    expect(pageOf(items, 6, 3)).toEqual({ records: [6], nextOffset: null });
    expect(pageOf(items, 0, 7)).toEqual({ records: items, nextOffset: null });
    expect(pageOf(items, 0, null)).toEqual({ records: items, nextOffset: null });
  });

  it('keeps the query in the next link and replaces the continuation', () => {
    const params = new URLSearchParams('fields=name&max_records=3&start.offset=3&name=vol*');
    const href = nextHref('/api/storage/volumes', params, 6);
    const next = new URL(href, 'https://x');
    expect(next.pathname).toBe('/api/storage/volumes');
    expect(next.searchParams.get('fields')).toBe('name');
    expect(next.searchParams.get('name')).toBe('vol*');
    expect(next.searchParams.get('max_records')).toBe('3');
    expect(parseQuery(next.searchParams).offset).toBe(6);
  });
});
