import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { WorkbenchError } from '../errors';

// One change at a time per file across the process, so two saves never lose one.
const locks = new Map<string, Promise<unknown>>();

/**
 * A small JSON document in the data directory, validated on read (a damaged file is refused, not
 * silently emptied, since the next save would lose what it held) and written atomically, owner-only.
 */
export class JsonFile<T> {
  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly fix: string,
  ) {}

  /** The document, or the empty one when the file does not exist yet. */
  async read(): Promise<T> {
    if (!existsSync(this.file)) return this.empty();
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch (err) {
      throw this.damaged(err);
    }
    const checked = this.schema.safeParse(parsed);
    if (!checked.success) throw this.damaged(checked.error);
    return checked.data;
  }

  /** Reads, changes and writes the document under the file's lock; answers what `change` returns. */
  update<R>(change: (doc: T) => R | Promise<R>): Promise<R> {
    const run = async () => {
      const doc = await this.read();
      const result = await change(doc);
      await this.write(doc);
      return result;
    };
    const previous = locks.get(this.file) ?? Promise.resolve();
    const next = previous.then(run, run);
    const tail = next.catch(() => undefined);
    locks.set(this.file, tail);
    void tail.then(() => {
      if (locks.get(this.file) === tail) locks.delete(this.file);
    });
    return next;
  }

  private async write(doc: T): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  private damaged(cause: unknown): WorkbenchError {
    return new WorkbenchError('INTERNAL', `The file ${this.file} cannot be read.`, { hint: this.fix, cause });
  }
}
