import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { connectionSchema, type Connection } from '../../../shared/connections';
import { writeOwnerOnlyFile } from '../owner-only-file';

/** The file the saved connections live in (no secrets: passwords are in the secrets store). */
export const CONNECTIONS_FILE = 'connections.json';

const fileSchema = z.object({ version: z.literal(1), connections: z.array(connectionSchema) });

/**
 * `connections.json` in the data directory: read once at start, replaced atomically on every
 * change, changes written in order. A damaged file is set aside (not deleted) and the app starts
 * with none, so one bad edit cannot stop it.
 */
export class ConnectionFile {
  private readonly path: string;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, CONNECTIONS_FILE);
  }

  /** The saved connections. */
  load(): Connection[] {
    if (!existsSync(this.path)) return [];
    try {
      return fileSchema.parse(JSON.parse(readFileSync(this.path, 'utf8'))).connections;
    } catch (err) {
      const aside = `${this.path}.damaged-${Date.now()}`;
      renameSync(this.path, aside);
      console.error(`connections: ${this.path} could not be read (${(err as Error).message}); kept as ${aside}.`);
      return [];
    }
  }

  /** Writes the connections; resolves once this version (and every earlier one) is on disk. */
  save(connections: readonly Connection[]): Promise<void> {
    const text = `${JSON.stringify({ version: 1, connections }, null, 2)}\n`;
    const write = () => writeOwnerOnlyFile(this.path, text);
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
