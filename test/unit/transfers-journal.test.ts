import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journalPath, TransferJournal } from '../../electron/core/transfers/journal';
import { tempDir } from '../support/temp-dir';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function journalFile(): string {
  const d = tempDir('workbench-journal-');
  dirs.push(d);
  return journalPath(d.path, ['download', 'http://127.0.0.1:1', 'b', 'p/', '/tmp/x']);
}

describe('TransferJournal', () => {
  it('remembers verified files across instances (a re-run after a crash reads what the last one wrote)', () => {
    const file = journalFile();
    new TransferJournal(file).record({ key: 'p/a.jpg', size: 10, etag: 'aa' });
    const again = new TransferJournal(file);
    expect(again.has({ key: 'p/a.jpg', size: 10, etag: 'aa' })).toBe(true);
    expect(again.size).toBe(1);
  });

  it('does not skip an object whose size or ETag changed since', () => {
    const file = journalFile();
    new TransferJournal(file).record({ key: 'p/a.jpg', size: 10, etag: 'aa' });
    const j = new TransferJournal(file);
    expect(j.has({ key: 'p/a.jpg', size: 11, etag: 'aa' })).toBe(false);
    expect(j.has({ key: 'p/a.jpg', size: 10, etag: 'bb' })).toBe(false);
    expect(j.has({ key: 'p/b.jpg', size: 10, etag: 'aa' })).toBe(false);
  });

  it('ignores a line a crash cut short, keeping the ones before it', () => {
    const file = journalFile();
    new TransferJournal(file).record({ key: 'p/a.jpg', size: 10, etag: 'aa' });
    appendFileSync(file, '{"key":"p/b.jpg","si');
    const j = new TransferJournal(file);
    expect(j.has({ key: 'p/a.jpg', size: 10, etag: 'aa' })).toBe(true);
    expect(j.size).toBe(1);
  });

  it('names the same transfer the same way and different ones differently', () => {
    const a = journalPath('/d', ['download', 'e', 'b', 'p/', '/x']);
    expect(journalPath('/d', ['download', 'e', 'b', 'p/', '/x'])).toBe(a);
    expect(journalPath('/d', ['download', 'e', 'b', 'p/', '/y'])).not.toBe(a);
    expect(a.startsWith(join('/d', 'transfers'))).toBe(true);
  });
});
