import Database from 'better-sqlite3';

/** Bumped with every schema change; `migrate` brings older files up to date. */
const SCHEMA_VERSION = 1;

/** What the lab keeps about one object beyond its bytes (its file holds those). */
export interface ObjectMeta {
  etag: string;
  size: number;
  mtimeMs: number;
  contentType: string | null;
  userMeta: Record<string, string>;
  /** The sizes of a multipart object's parts, in order; absent for single-part objects. */
  partSizes?: number[];
}

/**
 * Where part sizes live inside the `user_meta` JSON: a name no `x-amz-meta-` header can carry (":" is
 * not allowed in a header name), so it is never returned as user metadata and needs no schema change.
 */
const PART_SIZES_KEY = 'lab:part-sizes';

function encodeUserMeta(meta: ObjectMeta): string {
  const out: Record<string, string> = { ...meta.userMeta };
  delete out[PART_SIZES_KEY];
  if (meta.partSizes?.length) out[PART_SIZES_KEY] = meta.partSizes.join(',');
  return JSON.stringify(out);
}

function decodeUserMeta(json: string): { userMeta: Record<string, string>; partSizes?: number[] } {
  const userMeta = JSON.parse(json) as Record<string, string>;
  const raw = userMeta[PART_SIZES_KEY];
  delete userMeta[PART_SIZES_KEY];
  if (raw === undefined) return { userMeta };
  const partSizes = raw.split(',').map(Number);
  return partSizes.every((n) => Number.isSafeInteger(n) && n >= 0) ? { userMeta, partSizes } : { userMeta };
}

/**
 * The lab's state in SQLite (WAL): every control-plane record as JSON keyed by kind and key, and
 * per-object metadata (ETags, content types) keyed by the file tree it belongs to. A transaction
 * either lands whole or not at all, so a kill -9 never leaves half-written metadata.
 */
export class LabStore {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  // Every S3 request reads records and object metadata: preparing each statement once instead of on
  // every call took the largest slice of the lab's CPU off a 100 KB GET (profiled in bench/sync.ts).
  private readonly statements = new Map<string, Database.Statement>();

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(`The lab's data was written by a newer workbench (schema ${version}); update the app.`);
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, key));
        CREATE TABLE IF NOT EXISTS object_meta (
          tree TEXT NOT NULL, key TEXT NOT NULL, etag TEXT NOT NULL, size INTEGER NOT NULL, mtime_ms REAL NOT NULL,
          content_type TEXT, user_meta TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (tree, key));
      `);
    }
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  // The committed JSON of each kind's records, read once: every S3 request looks up its SVM, user,
  // groups, bucket and volume, and SQLite's row reads were the lab's largest cost per small GET after
  // the file itself. Callers still get freshly parsed objects (they may change them). Only this
  // process writes the database (the lab holds a lock), and a write forgets its kind's entry.
  private readonly cache = new Map<string, { keys: Map<string, string>; rows: string[] }>();

  private rowsOf(kind: string): { keys: Map<string, string>; rows: string[] } {
    const cached = this.cache.get(kind);
    if (cached) return cached;
    const rows = this.sql('SELECT key, data FROM records WHERE kind = ? ORDER BY rowid').all(kind) as {
      key: string;
      data: string;
    }[];
    const entry = { keys: new Map(rows.map((r) => [r.key, r.data])), rows: rows.map((r) => r.data) };
    // Inside a transaction the rows may not be committed yet: a rollback must not leave them cached.
    if (!this.db.inTransaction) this.cache.set(kind, entry);
    return entry;
  }

  /** One record, or undefined. */
  get<T>(kind: string, key: string): T | undefined {
    const data = this.rowsOf(kind).keys.get(key);
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  /** Every record of a kind, in insertion order. */
  all<T>(kind: string): T[] {
    return this.rowsOf(kind).rows.map((data) => JSON.parse(data) as T);
  }

  /** Creates or replaces a record. */
  put(kind: string, key: string, value: unknown): void {
    this.cache.delete(kind);
    this.sql(
      'INSERT INTO records (kind, key, data) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data',
    ).run(kind, key, JSON.stringify(value));
  }

  /** Removes a record; true when it existed. */
  delete(kind: string, key: string): boolean {
    this.cache.delete(kind);
    return this.sql('DELETE FROM records WHERE kind = ? AND key = ?').run(kind, key).changes > 0;
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      // Rolled back: what was read inside is not what is committed.
      this.cache.clear();
      throw err;
    }
  }

  /** Runs SQL directly (schema-level changes); forgets every cached record. */
  exec(sql: string): void {
    this.cache.clear();
    this.db.exec(sql);
  }

  /** An object's metadata in a tree (a volume's or a snapshot's uuid). */
  getMeta(tree: string, key: string): ObjectMeta | undefined {
    const row = this.sql('SELECT etag, size, mtime_ms, content_type, user_meta FROM object_meta WHERE tree = ? AND key = ?').get(
      tree,
      key,
    ) as { etag: string; size: number; mtime_ms: number; content_type: string | null; user_meta: string } | undefined;
    if (!row) return undefined;
    return {
      etag: row.etag,
      size: row.size,
      mtimeMs: row.mtime_ms,
      contentType: row.content_type,
      ...decodeUserMeta(row.user_meta),
    };
  }

  /** Records an object's metadata. */
  putMeta(tree: string, key: string, meta: ObjectMeta): void {
    this.sql(
      `INSERT INTO object_meta (tree, key, etag, size, mtime_ms, content_type, user_meta) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tree, key) DO UPDATE SET etag = excluded.etag, size = excluded.size, mtime_ms = excluded.mtime_ms,
           content_type = excluded.content_type, user_meta = excluded.user_meta`,
    ).run(tree, key, meta.etag, meta.size, meta.mtimeMs, meta.contentType, encodeUserMeta(meta));
  }

  /** Forgets an object's metadata. */
  deleteMeta(tree: string, key: string): void {
    this.sql('DELETE FROM object_meta WHERE tree = ? AND key = ?').run(tree, key);
  }

  /** Copies every object's metadata of one tree to another (a snapshot or clone of it). */
  copyMeta(fromTree: string, toTree: string): void {
    this.sql(
      `INSERT OR REPLACE INTO object_meta (tree, key, etag, size, mtime_ms, content_type, user_meta)
         SELECT ?, key, etag, size, mtime_ms, content_type, user_meta FROM object_meta WHERE tree = ?`,
    ).run(toTree, fromTree);
  }

  /** Forgets a whole tree's metadata (a deleted volume or snapshot). */
  dropMeta(tree: string): void {
    this.sql('DELETE FROM object_meta WHERE tree = ?').run(tree);
  }

  close(): void {
    this.db.close();
  }
}
