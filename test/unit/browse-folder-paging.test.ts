import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, FolderBrowser, pageKeys, pathInFolder } from '../../electron/core/browse/folder-browser';
import { tempDir } from '../support/temp-dir';

describe('local folder paging tokens', () => {
  const keys = ['a', 'b/', 'c', 'd', 'e/'];

  it('pages through sorted keys with tokens until the last page says null', () => {
    const first = pageKeys(keys, null, 2);
    expect(first.keys).toEqual(['a', 'b/']);
    const second = pageKeys(keys, decodeToken(first.nextToken!, ''), 2);
    expect(second.keys).toEqual(['c', 'd']);
    const third = pageKeys(keys, decodeToken(second.nextToken!, ''), 2);
    expect(third).toEqual({ keys: ['e/'], nextToken: null });
  });

  it('continues after the token key even when that key was deleted meanwhile', () => {
    expect(pageKeys(['a', 'c', 'd'], 'b', 10).keys).toEqual(['c', 'd']);
  });

  it('ends with a null token when the last page is exactly full', () => {
    expect(pageKeys(['a', 'b'], null, 2).nextToken).toBeNull();
  });

  it('refuses a token from another prefix or not issued at all, saying to list again', () => {
    expect(() => decodeToken(encodeToken('x/a'), 'y/')).toThrow(/does not belong to this listing/);
    expect(() => decodeToken('garbage!', '')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('refuses keys that would leave the folder', () => {
    expect(() => pathInFolder('/data', '../etc/')).toThrow(/not a path inside the folder/);
    expect(() => pathInFolder('/data', 'a//b')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(pathInFolder('/data', 'a/b/')).toBe('/data/a/b');
  });
});

describe('local folder browsing', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('folder-browse-');
    mkdirSync(join(dir.path, 'good'));
    mkdirSync(join(dir.path, 'defective'));
    for (let i = 0; i < 5; i++) writeFileSync(join(dir.path, `f${i}.txt`), 'x'.repeat(i));
  });
  afterEach(() => dir.remove());

  it('lists folders and files in S3 order with sizes, paged', async () => {
    const browser = new FolderBrowser(dir.path);
    const first = await browser.list({ bucket: '.', prefix: '', maxKeys: 4 });
    // "defective/" < "f0.txt" < "good/": folders and files interleave by key, as S3 lists them.
    expect(first.folders.map((f) => f.prefix)).toEqual(['defective/']);
    expect(first.objects.map((o) => [o.key, o.size])).toEqual([
      ['f0.txt', 0],
      ['f1.txt', 1],
      ['f2.txt', 2],
    ]);
    const second = await browser.list({ bucket: '.', prefix: '', maxKeys: 4, continuationToken: first.nextToken! });
    expect(second.objects.map((o) => o.name)).toEqual(['f3.txt', 'f4.txt']);
    expect(second.folders).toEqual([{ prefix: 'good/', name: 'good' }]);
    expect(second.nextToken).toBeNull();
  });

  it('shows files added or removed after the folder was first listed (the sorted listing is reused only while unchanged)', async () => {
    const browser = new FolderBrowser(dir.path);
    const before = await browser.list({ bucket: '.', prefix: '', maxKeys: 100 });
    expect(before.objects.map((o) => o.name)).not.toContain('new.txt');
    writeFileSync(join(dir.path, 'new.txt'), 'hello');
    rmSync(join(dir.path, 'f0.txt'));
    const after = await new FolderBrowser(dir.path).list({ bucket: '.', prefix: '', maxKeys: 100 });
    expect(after.objects.map((o) => o.name)).toEqual(['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'new.txt']);
  });

  it('says a missing folder is NOT_FOUND and a wrong bucket names the right one', async () => {
    const browser = new FolderBrowser(dir.path);
    await expect(browser.list({ bucket: '.', prefix: 'nope/', maxKeys: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(browser.list({ bucket: 'bucket1', prefix: '', maxKeys: 10 })).rejects.toThrow(/one bucket, "\."/);
  });
});
