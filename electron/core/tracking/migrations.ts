import type { Database } from 'better-sqlite3';

/** One schema change; `PRAGMA user_version` records how many have run. */
export interface Migration {
  /** What it changes, for the log and for readers. */
  name: string;
  up(db: Database): void;
}

/**
 * The tracking database's schema, as an ordered list: migration i brings `user_version` from i to
 * i + 1. Append new migrations at the end; never edit or reorder one that has shipped.
 */
export const MIGRATIONS: Migration[] = [
  {
    name: 'runs, params, metrics with per-key summaries, artifacts',
    up: (db) =>
      db.exec(`
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          status TEXT NOT NULL,
          code_json TEXT NOT NULL,
          code_version TEXT NOT NULL,
          code_sha256 TEXT,
          dataset_id TEXT NOT NULL,
          dataset_name TEXT NOT NULL,
          version_json TEXT,
          connection_id TEXT,
          svm TEXT,
          volume TEXT,
          snapshot TEXT,
          env_id TEXT,
          device TEXT,
          env_json TEXT,
          evaluation_json TEXT,
          onnx_evaluation_json TEXT,
          exit_code INTEGER,
          error TEXT,
          created_at TEXT NOT NULL,
          started_at TEXT,
          ended_at TEXT
        );
        CREATE INDEX runs_created ON runs (created_at DESC);
        CREATE INDEX runs_status ON runs (status);
        CREATE INDEX runs_snapshot ON runs (connection_id, svm, volume, snapshot);
        CREATE TABLE params (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          value_json TEXT NOT NULL,
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE metrics (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          step REAL NOT NULL,
          time REAL NOT NULL,
          value REAL NOT NULL
        );
        CREATE INDEX metrics_series ON metrics (run_id, key, step);
        -- Kept up to date in the same transaction as the points, so listing runs never scans metrics.
        CREATE TABLE metric_summaries (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          last REAL NOT NULL,
          min REAL NOT NULL,
          max REAL NOT NULL,
          step REAL NOT NULL,
          count INTEGER NOT NULL,
          PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE artifacts (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          kind TEXT NOT NULL,
          path TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          PRIMARY KEY (run_id, name)
        );
      `),
  },
  {
    // Owned by the model registry (core/inference). No foreign key to runs: deleting a run never breaks a model.
    name: 'model registry: models, versions, production alias log',
    up: (db) =>
      db.exec(`
        CREATE TABLE models (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          created_at TEXT NOT NULL
        );
        CREATE TABLE model_versions (
          model_id TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          run_id TEXT NOT NULL,
          run_name TEXT NOT NULL,
          dataset_version_label TEXT NOT NULL,
          metrics_json TEXT NOT NULL,
          onnx_path TEXT NOT NULL,
          labels_json TEXT NOT NULL,
          note TEXT,
          created_at TEXT NOT NULL,
          PRIMARY KEY (model_id, version)
        ) WITHOUT ROWID;
        CREATE INDEX model_versions_run ON model_versions (run_id);
        -- Every promote and rollback in order; replaying it gives production and where a rollback goes.
        CREATE TABLE model_production_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          model_id TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          action TEXT NOT NULL,
          reason TEXT,
          at TEXT NOT NULL
        );
      `),
  },
];

/** Brings the database to the newest schema, one transaction per migration; answers the version reached. */
export function migrate(db: Database, migrations: Migration[] = MIGRATIONS): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new Error(
      `tracking.db has schema version ${version}, newer than this app knows (${migrations.length}); update the app.`,
    );
  }
  for (const migration of migrations.slice(version)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
    version += 1;
  }
  return version;
}
