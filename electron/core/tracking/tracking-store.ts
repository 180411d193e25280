import { mkdirSync } from 'node:fs';
import { modelsOfRun } from './run-models';
import { join } from 'node:path';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import type {
  Evaluation,
  RunDetail,
  RunStatus,
  RunSummary,
  runArtifactSchema,
  runCodeSchema,
  runDetailSchema,
} from '../../../shared/training';
import type { DatasetVersion } from '../../../shared/versions';
import type { z } from 'zod';
import { WorkbenchError } from '../errors';
import type { LineageRun, RunLookup } from '../services';
import { downsample, type SeriesArrays } from './downsample';
import { migrate } from './migrations';
import { detailExtras, groupByRun, toSummary, type ParamRow, type RunRow, type SummaryRow } from './run-rows';

/** The database file in the data directory. */
export const TRACKING_DB = 'tracking.db';

/** Why a run left running or queued by an earlier app process is marked crashed. */
export const APP_STOPPED = 'the app stopped while it ran';

/** A metric point as the runner sends it. */
export interface MetricInput {
  key: string;
  step: number;
  /** Seconds since the Unix epoch. */
  time: number;
  value: number;
}

/** What a new run starts with. */
export interface NewRun {
  id: string;
  name: string;
  code: z.infer<typeof runCodeSchema>;
  codeVersion: string;
  datasetId: string;
  datasetName: string;
  params: Record<string, string | number | boolean>;
  envId: string | null;
}

type Artifact = z.infer<typeof runArtifactSchema>;
type RunEnv = NonNullable<RunDetail['env']>;
type OnnxEvaluation = NonNullable<z.infer<typeof runDetailSchema>['onnxEvaluation']>;

const ACTIVE = "('queued', 'running')";
const SUMMARY_COLUMNS =
  'id, name, status, code_json, code_version, dataset_id, dataset_name, version_json, device, created_at, started_at, ended_at, error';

/**
 * Experiment tracking in SQLite (WAL) at `<dataDir>/tracking.db`: runs, their parameters, metrics
 * (with per-key summaries kept in step), artifacts and evaluations. Every write is its own
 * transaction, so whatever arrived before a crash is on disk.
 */
export class TrackingStore implements RunLookup {
  readonly db: Database;
  private readonly insertMetric: Statement;
  private readonly upsertSummary: Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new BetterSqlite3(join(dataDir, TRACKING_DB));
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across an app crash in WAL mode; only a power cut can lose the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.insertMetric = this.db.prepare('INSERT INTO metrics (run_id, key, step, time, value) VALUES (?, ?, ?, ?, ?)');
    this.upsertSummary = this.db.prepare(`
      INSERT INTO metric_summaries (run_id, key, last, min, max, step, count) VALUES (?, ?, ?, ?, ?, ?, 1)
      ON CONFLICT (run_id, key) DO UPDATE SET
        last = excluded.last, min = MIN(min, excluded.min), max = MAX(max, excluded.max),
        step = excluded.step, count = count + 1`);
  }

  /** Marks runs an earlier app process left running or queued as crashed; answers how many. */
  markInterrupted(reason = APP_STOPPED): string[] {
    const ids = this.db.prepare(`SELECT id FROM runs WHERE status IN ${ACTIVE}`).pluck().all() as string[];
    this.db
      .prepare(`UPDATE runs SET status = 'crashed', error = ?, ended_at = ? WHERE status IN ${ACTIVE}`)
      .run(reason, new Date().toISOString());
    return ids;
  }

  /** Records a queued run. */
  create(run: NewRun): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO runs (id, name, status, code_json, code_version, dataset_id, dataset_name, env_id, created_at)
           VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.name,
          JSON.stringify(run.code),
          run.codeVersion,
          run.datasetId,
          run.datasetName,
          run.envId,
          new Date().toISOString(),
        );
      this.writeParams(run.id, run.params);
    })();
  }

  /** Moves a queued run to running; false when it is no longer queued (cancelled meanwhile). */
  markRunning(id: string): boolean {
    const changed = this.db
      .prepare(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`)
      .run(new Date().toISOString(), id);
    return changed.changes === 1;
  }

  /** Records the dataset version the run reads. */
  setVersion(id: string, version: DatasetVersion): void {
    this.db
      .prepare('UPDATE runs SET version_json = ?, connection_id = ?, svm = ?, volume = ?, snapshot = ? WHERE id = ?')
      .run(JSON.stringify(version), version.connectionId, version.svm, version.volume, version.snapshot, id);
  }

  /** Records the environment the runner reported and the device it trains on. */
  setEnv(id: string, env: RunEnv, device: string | null): void {
    this.db
      .prepare('UPDATE runs SET env_json = ?, device = COALESCE(?, device) WHERE id = ?')
      .run(JSON.stringify(env), device, id);
  }

  /** Records the code's version (`recipe@1`, `train.py@<sha12>`) and a script's full SHA-256. */
  setCode(id: string, codeVersion: string, sha256: string | null): void {
    this.db.prepare('UPDATE runs SET code_version = ?, code_sha256 = ? WHERE id = ?').run(codeVersion, sha256, id);
  }

  /** Adds or updates parameters (a recipe reports all of them with defaults filled in; a script a few at a time). */
  setParams(id: string, params: Record<string, string | number | boolean>): void {
    this.db.transaction(() => this.writeParams(id, params))();
  }

  /** Writes a batch of metric points and their summaries in one transaction. */
  addMetrics(id: string, points: MetricInput[]): void {
    if (!points.length) return;
    this.db.transaction(() => {
      for (const p of points) {
        this.insertMetric.run(id, p.key, p.step, p.time, p.value);
        this.upsertSummary.run(id, p.key, p.value, p.value, p.value, p.step);
      }
    })();
  }

  /** Records (or replaces) an artifact by name. */
  addArtifact(id: string, artifact: Artifact): void {
    this.db
      .prepare('INSERT OR REPLACE INTO artifacts (run_id, name, kind, path, bytes) VALUES (?, ?, ?, ?, ?)')
      .run(id, artifact.name, artifact.kind, artifact.path, artifact.bytes);
  }

  /** Records PyTorch's held-out evaluation. */
  setEvaluation(id: string, evaluation: Evaluation): void {
    this.db.prepare('UPDATE runs SET evaluation_json = ? WHERE id = ?').run(JSON.stringify(evaluation), id);
  }

  /** Records the app's ONNX re-evaluation. */
  setOnnxEvaluation(id: string, evaluation: OnnxEvaluation): void {
    this.db.prepare('UPDATE runs SET onnx_evaluation_json = ? WHERE id = ?').run(JSON.stringify(evaluation), id);
  }

  /** Records a message on the run without ending it (a later step that failed). */
  setError(id: string, error: string | null): void {
    this.db.prepare('UPDATE runs SET error = ? WHERE id = ?').run(error, id);
  }

  /**
   * Ends a run; a run that already ended keeps its outcome (so a late "cancelled" cannot overwrite
   * "crashed"). Answers whether this call ended it.
   */
  finish(
    id: string,
    status: Exclude<RunStatus, 'queued' | 'running'>,
    outcome: { error?: string | null; exitCode?: number | null },
  ): boolean {
    const changed = this.db
      .prepare(
        `UPDATE runs SET status = ?, error = COALESCE(?, error), exit_code = ?, ended_at = ? WHERE id = ? AND status IN ${ACTIVE}`,
      )
      .run(status, outcome.error ?? null, outcome.exitCode ?? null, new Date().toISOString(), id);
    return changed.changes === 1;
  }

  /** Every run, newest first: three queries whatever the number of runs. */
  list(): RunSummary[] {
    // Only the table's columns: evaluations and environments can be large and are read per run by `get`.
    const rows = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs ORDER BY created_at DESC, rowid DESC`).all() as RunRow[];
    const params = groupByRun(this.db.prepare('SELECT run_id, key, value_json FROM params').all() as ParamRow[]);
    const summaries = groupByRun(this.db.prepare('SELECT * FROM metric_summaries ORDER BY key').all() as SummaryRow[]);
    return rows.map((row) => toSummary(row, params.get(row.id) ?? [], summaries.get(row.id) ?? []));
  }

  /** One run's summary, or NOT_FOUND. */
  summary(id: string): RunSummary {
    const row = this.row(id);
    const params = this.db.prepare('SELECT run_id, key, value_json FROM params WHERE run_id = ?').all(id) as ParamRow[];
    const summaries = this.db.prepare('SELECT * FROM metric_summaries WHERE run_id = ? ORDER BY key').all(id) as SummaryRow[];
    return toSummary(row, params, summaries);
  }

  /** One run with everything it recorded, or NOT_FOUND. */
  get(id: string): RunDetail {
    const row = this.row(id);
    const artifacts = this.db
      .prepare('SELECT name, kind, path, bytes FROM artifacts WHERE run_id = ? ORDER BY rowid')
      .all(id) as Artifact[];
    return { ...this.summary(id), ...detailExtras(row), artifacts, models: modelsOfRun(this.db, id) };
  }

  /** The run's status, or null when there is no such run. */
  status(id: string): RunStatus | null {
    return (this.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id) as RunStatus | undefined) ?? null;
  }

  /** The metric keys a run recorded. */
  metricKeys(id: string): string[] {
    return this.db.prepare('SELECT key FROM metric_summaries WHERE run_id = ? ORDER BY key').pluck().all(id) as string[];
  }

  /** One series ordered by step (then arrival), downsampled to `maxPoints`; `total` is the stored count. */
  series(id: string, key: string, maxPoints: number): SeriesArrays & { total: number } {
    // raw() skips building an object per row: a 100k-point series stays cheap.
    const rows = this.db
      .prepare('SELECT step, time, value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, rowid')
      .raw()
      .all(id, key) as [number, number, number][];
    const full: SeriesArrays = { step: new Array(rows.length), time: new Array(rows.length), value: new Array(rows.length) };
    rows.forEach(([step, time, value], i) => {
      full.step[i] = step;
      full.time[i] = time;
      full.value[i] = value;
    });
    return { ...downsample(full, maxPoints), total: rows.length };
  }

  /** Forgets a run and everything it recorded (its files are the caller's). */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes === 1;
  }

  /** Runs that read a snapshot, newest first (models are filled by the model registry). */
  runsUsingSnapshot(ref: { connectionId: string; svm: string; volume: string; snapshot: string }): LineageRun[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, status, started_at FROM runs
         WHERE connection_id = ? AND svm = ? AND volume = ? AND snapshot = ? ORDER BY created_at DESC`,
      )
      .all(ref.connectionId, ref.svm, ref.volume, ref.snapshot) as Pick<RunRow, 'id' | 'name' | 'status' | 'started_at'>[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      startedAt: r.started_at,
      models: modelsOfRun(this.db, r.id),
    }));
  }

  /** Closes the database (the WAL is checkpointed by SQLite). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private row(id: string): RunRow {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) {
      throw new WorkbenchError('NOT_FOUND', `There is no run ${id}.`, {
        hint: 'It may have been deleted; refresh the runs list.',
      });
    }
    return row;
  }

  private writeParams(id: string, params: Record<string, string | number | boolean>): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO params (run_id, key, value_json) VALUES (?, ?, ?)');
    for (const [key, value] of Object.entries(params)) insert.run(id, key, JSON.stringify(value));
  }
}
