import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabStore } from '../../electron/lab/model/store';

// The store keeps each kind's committed records in memory (every S3 request reads them): what it
// answers must always be what SQLite holds, through writes, deletes, rollbacks and a reopen.
describe('LabStore records', () => {
  let dir: string;
  let store: LabStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lab-store-'));
    store = new LabStore(join(dir, 'lab.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every write and delete at once, in insertion order', () => {
    store.put('user', 'a', { name: 'a', n: 1 });
    expect(store.all('user')).toEqual([{ name: 'a', n: 1 }]);
    store.put('user', 'b', { name: 'b', n: 2 });
    store.put('user', 'a', { name: 'a', n: 3 });
    expect(store.all('user')).toEqual([
      { name: 'a', n: 3 },
      { name: 'b', n: 2 },
    ]);
    expect(store.get('user', 'a')).toEqual({ name: 'a', n: 3 });
    expect(store.delete('user', 'a')).toBe(true);
    expect(store.delete('user', 'a')).toBe(false);
    expect(store.get('user', 'a')).toBeUndefined();
    expect(store.all('user')).toEqual([{ name: 'b', n: 2 }]);
    expect(store.all('other')).toEqual([]);
  });

  it('hands out copies: changing an answer does not change the store', () => {
    store.put('svm', 's', { name: 'svm1', tags: ['x'] });
    const svm = store.get<{ name: string; tags: string[] }>('svm', 's')!;
    svm.name = 'changed';
    svm.tags.push('y');
    store.all<{ name: string }>('svm')[0]!.name = 'changed too';
    expect(store.get('svm', 's')).toEqual({ name: 'svm1', tags: ['x'] });
  });

  it('forgets what a rolled-back transaction wrote, even when it was read inside', () => {
    store.put('bucket', 'b1', { name: 'b1' });
    expect(store.all('bucket')).toHaveLength(1);
    expect(() =>
      store.transaction(() => {
        store.put('bucket', 'b2', { name: 'b2' });
        store.delete('bucket', 'b1');
        expect(store.all('bucket')).toEqual([{ name: 'b2' }]);
        throw new Error('refused halfway');
      }),
    ).toThrow('refused halfway');
    expect(store.all('bucket')).toEqual([{ name: 'b1' }]);
    expect(store.get('bucket', 'b2')).toBeUndefined();
  });

  it('keeps what a committed transaction wrote, and reopens with the same records', () => {
    store.transaction(() => {
      store.put('volume', 'v1', { name: 'vol1' });
      store.put('volume', 'v2', { name: 'vol2' });
    });
    store.exec("DELETE FROM records WHERE key = 'v1'");
    expect(store.all('volume')).toEqual([{ name: 'vol2' }]);
    store.close();
    store = new LabStore(join(dir, 'lab.db'));
    expect(store.all('volume')).toEqual([{ name: 'vol2' }]);
  });
});
