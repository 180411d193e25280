import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One verified file: enough to tell whether the same object is still the same. */
export interface JournalEntry {
  key: string;
  size: number;
  etag: string;
}

/** The journal file of a transfer, named by what it copies so a re-run of the same transfer finds it. */
export function journalPath(dataDir: string, identity: readonly string[]): string {
  const id = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
  return join(dataDir, 'transfers', `${id}.jsonl`);
}

/**
 * The resume journal: one JSON line per verified file, appended synchronously after its rename,
 * so a crash loses at most the file in flight. A torn last line (crash mid-append) is ignored.
 */
export class TransferJournal {
  private readonly done = new Map<string, JournalEntry>();

  constructor(readonly file: string) {
    mkdirSync(join(file, '..'), { recursive: true });
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as JournalEntry;
        if (typeof e.key === 'string' && typeof e.size === 'number' && typeof e.etag === 'string') this.done.set(e.key, e);
      } catch {
        // the line a crash cut short: that file is simply transferred again
      }
    }
  }

  /** True when this exact object (same key, size and ETag) was already verified. */
  has(entry: JournalEntry): boolean {
    const e = this.done.get(entry.key);
    return !!e && e.size === entry.size && e.etag === entry.etag;
  }

  /** Records a verified file. */
  record(entry: JournalEntry): void {
    this.done.set(entry.key, entry);
    appendFileSync(this.file, `${JSON.stringify({ key: entry.key, size: entry.size, etag: entry.etag })}\n`);
  }

  /** How many files are recorded. */
  get size(): number {
    return this.done.size;
  }

  /** Deletes the journal (after a transfer completed, it is no longer needed to resume). */
  remove(): void {
    rmSync(this.file, { force: true });
  }
}
