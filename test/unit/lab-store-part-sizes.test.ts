import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabStore } from '../../electron/lab/model/store';

describe('LabStore part sizes', () => {
  it('keeps a multipart object’s part sizes apart from user metadata, and copies them to a snapshot tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-store-'));
    const store = new LabStore(join(dir, 'lab.db'));
    try {
      const meta = { etag: 'x-2', size: 11, mtimeMs: 1.5, contentType: null, userMeta: { owner: 'ann' }, partSizes: [6, 5] };
      store.putMeta('vol', 'k', meta);
      expect(store.getMeta('vol', 'k')).toEqual(meta);
      store.copyMeta('vol', 'snap');
      expect(store.getMeta('snap', 'k')).toEqual(meta);
      store.putMeta('vol', 'k', { ...meta, etag: 'plain', partSizes: undefined });
      expect(store.getMeta('vol', 'k')).toEqual({ ...meta, etag: 'plain', partSizes: undefined });
      expect(store.getMeta('vol', 'k')?.userMeta).toEqual({ owner: 'ann' });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
