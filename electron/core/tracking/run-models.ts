import type { Database } from 'better-sqlite3';

/** A model version registered from a run, as a run's page and lineage list it. */
export interface RunModel {
  id: string;
  name: string;
  version: number;
}

/**
 * The model versions registered from a run, read from tracking.db's registry tables (the tracking store fills `runs.get`'s and lineage's `models` with it).
 */
export function modelsOfRun(db: Database, runId: string): RunModel[] {
  return db
    .prepare(
      `SELECT m.id AS id, m.name AS name, v.version AS version FROM model_versions v JOIN models m ON m.id = v.model_id
       WHERE v.run_id = ? ORDER BY m.name, v.version`,
    )
    .all(runId) as RunModel[];
}
