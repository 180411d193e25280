import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLDER_BUCKET } from '../../shared/datasets';
import { FolderBrowser } from '../../electron/core/browse/folder-browser';
import { DEFAULT_THUMBNAIL_CACHE_BYTES } from '../../electron/core/browse/thumbnail-store';
import { THUMBNAIL_DIR, thumbnail } from '../../electron/core/browse/thumbnails';
import { tempDir } from '../support/temp-dir';

const home = tempDir('thumbs-');
const images = join(home.path, 'images');
const dataDir = join(home.path, 'data');
const thumbDir = join(dataDir, THUMBNAIL_DIR);
const names = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];
const pause = () => new Promise((r) => setTimeout(r, 25));
const cachedNames = () => readdirSync(thumbDir).filter((n) => n.endsWith('.jpg'));
const cachedBytes = () => cachedNames().reduce((n, name) => n + statSync(join(thumbDir, name)).size, 0);

beforeAll(async () => {
  // Noise compresses badly, so every thumbnail is a few kilobytes.
  mkdirSync(images, { recursive: true });
  for (const name of names) {
    await sharp(randomBytes(128 * 128 * 3), { raw: { width: 128, height: 128, channels: 3 } })
      .png()
      .toFile(join(images, name));
  }
});
afterAll(() => home.remove());

describe('the thumbnail disk cache', () => {
  it('is bounded (256 MiB by default), evicting the least recently used thumbnails on write', async () => {
    expect(DEFAULT_THUMBNAIL_CACHE_BYTES).toBe(256 * 1024 ** 2);
    const browser = new FolderBrowser(images);
    const make = (key: string, maxCacheBytes: number) =>
      thumbnail(browser, dataDir, { sourceId: 'folder', bucket: FOLDER_BUCKET, key, size: 64 }, undefined, { maxCacheBytes });
    const first = await make('a.png', 1024 ** 2);
    expect(first.cached).toBe(false);
    const one = cachedBytes();
    expect(one).toBeGreaterThan(1000);
    const bound = Math.floor(one * 3.5);
    await pause();
    await make('b.png', bound);
    await pause();
    await make('c.png', bound);
    await pause();
    // Reading a's thumbnail again marks it used: b is now the least recently used.
    expect((await make('a.png', bound)).cached).toBe(true);
    await pause();
    await make('d.png', bound);
    await pause();
    await make('e.png', bound);
    expect(cachedBytes()).toBeLessThanOrEqual(bound);
    expect((await make('a.png', bound)).cached).toBe(true);
    expect((await make('e.png', bound)).cached).toBe(true);
    expect((await make('b.png', bound)).cached).toBe(false);
  });
});
