import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Model, ModelVersion } from '../../../shared/models';
import type { RunDetail } from '../../../shared/training';
import { WorkbenchError } from '../errors';
import { modelsOfRun, type RunModel } from '../tracking/run-models';
import { loadClassifier } from './onnx-model';

/** The folder, in the data directory, that holds the registry's copies of ONNX models. */
export const MODELS_DIR = 'models';

/** Where the registry reads runs from (the tracking store's `get`). */
export interface RunSource {
  get(id: string): RunDetail;
}

interface ModelRow {
  id: string;
  name: string;
  created_at: string;
}

interface VersionRow {
  model_id: string;
  version: number;
  run_id: string;
  run_name: string;
  dataset_version_label: string;
  metrics_json: string;
  onnx_path: string;
  labels_json: string;
  note: string | null;
  created_at: string;
}

interface LogRow {
  model_id: string;
  version: number;
  action: 'promote' | 'rollback';
  reason: string | null;
  at: string;
}

/** Replays the production log: each promote pushes a version, each rollback pops one. */
function productionStack(log: LogRow[]): number[] {
  const stack: number[] = [];
  for (const entry of log) {
    if (entry.action === 'promote') stack.push(entry.version);
    else stack.pop();
  }
  return stack;
}

function toVersion(row: VersionRow): ModelVersion {
  return {
    version: row.version,
    runId: row.run_id,
    runName: row.run_name,
    datasetVersionLabel: row.dataset_version_label,
    metrics: JSON.parse(row.metrics_json) as Record<string, number>,
    onnxPath: row.onnx_path,
    labels: JSON.parse(row.labels_json) as string[],
    createdAt: row.created_at,
    note: row.note,
  };
}

/** The metrics a version keeps: every metric's last value, then both evaluations' accuracies. */
function versionMetrics(run: RunDetail): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, summary] of Object.entries(run.metrics)) metrics[key] = summary.last;
  if (run.evaluation) metrics['test/accuracy'] = run.evaluation.accuracy;
  if (run.onnxEvaluation) metrics['onnx/accuracy'] = run.onnxEvaluation.accuracy;
  return metrics;
}

/**
 * Models and their versions in the tracking database. A version is a run's ONNX export copied to
 * `<dataDir>/models/<modelId>/<version>/model.onnx`, so deleting the run never breaks the model; the
 * `production` alias is a log of promotions and rollbacks.
 */
export class ModelRegistry {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly runs: RunSource,
  ) {}

  /** Every model, by name. */
  list(): Model[] {
    const models = this.db.prepare('SELECT * FROM models ORDER BY name COLLATE NOCASE').all() as ModelRow[];
    return models.map((m) => this.assemble(m));
  }

  /** One model, or NOT_FOUND. */
  get(modelId: string): Model {
    return this.assemble(this.row(modelId));
  }

  /** The models (and versions) registered from a run, for the run's page and lineage. */
  modelsOfRun(runId: string): RunModel[] {
    return modelsOfRun(this.db, runId);
  }

  /** A version of a model; without a number, the production version (CONFLICT when there is none). */
  resolve(modelId: string, version?: number): { model: Model; version: ModelVersion } {
    const model = this.get(modelId);
    const wanted = version ?? model.productionVersion;
    if (wanted === null) {
      throw new WorkbenchError('CONFLICT', `Model ${model.name} has no production version.`, {
        hint: 'Promote a version to production, or choose a version.',
      });
    }
    const found = model.versions.find((v) => v.version === wanted);
    if (!found) {
      throw new WorkbenchError('NOT_FOUND', `Model ${model.name} has no version ${wanted}.`, {
        hint: `Its versions are ${model.versions.map((v) => v.version).join(', ') || 'none yet'}.`,
      });
    }
    return { model, version: found };
  }

  /**
   * Registers a finished run's ONNX model as the next version of the model named `name` (created
   * when new; its first version becomes production). The file is checked with onnxruntime first.
   */
  async register(input: { runId: string; name: string; note?: string }): Promise<Model> {
    const run = this.runs.get(input.runId);
    if (run.status !== 'finished') {
      throw new WorkbenchError('CONFLICT', `Run ${run.name} is ${run.status}; only a finished run can be registered.`, {
        hint: 'Wait for the run to finish, or choose a finished run.',
      });
    }
    const artifact = run.artifacts.find((a) => a.kind === 'model-onnx') ?? run.artifacts.find((a) => a.name === 'model.onnx');
    if (!artifact) {
      throw new WorkbenchError('NOT_FOUND', `Run ${run.name} has no ONNX model.`, {
        hint: 'Only runs that exported model.onnx can be registered; the tyre recipe does.',
      });
    }
    if (!existsSync(artifact.path)) {
      throw new WorkbenchError('NOT_FOUND', `The ONNX model of run ${run.name} is missing (${artifact.path}).`, {
        hint: 'Its files were removed; run the training again.',
      });
    }
    const labels = run.evaluation?.labels ?? run.onnxEvaluation?.labels ?? [];
    if (labels.length === 0) {
      throw new WorkbenchError('CONFLICT', `Run ${run.name} recorded no labels (it has no evaluation).`, {
        hint: 'Register a run that evaluated its model on the test split.',
      });
    }
    await this.check(artifact.path, labels);

    const name = input.name.trim();
    const existing = this.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as ModelRow | undefined;
    const modelId = existing?.id ?? randomUUID();
    const modelDir = join(this.dataDir, MODELS_DIR, modelId);
    mkdirSync(modelDir, { recursive: true });
    const incoming = join(modelDir, `.incoming-${randomUUID()}.onnx`);
    await copyFile(artifact.path, incoming);
    const now = new Date().toISOString();
    try {
      // Synchronous from here on: the version number, the file's final place and the rows cannot interleave.
      this.db.transaction(() => {
        if (!existing) this.db.prepare('INSERT INTO models (id, name, created_at) VALUES (?, ?, ?)').run(modelId, name, now);
        const last = this.db.prepare('SELECT MAX(version) FROM model_versions WHERE model_id = ?').pluck().get(modelId) as
          number | null;
        const version = (last ?? 0) + 1;
        const onnxPath = join(modelDir, String(version), 'model.onnx');
        this.db
          .prepare(
            `INSERT INTO model_versions (model_id, version, run_id, run_name, dataset_version_label, metrics_json, onnx_path,
             labels_json, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            modelId,
            version,
            run.id,
            run.name,
            run.version?.label ?? run.datasetName,
            JSON.stringify(versionMetrics(run)),
            onnxPath,
            JSON.stringify(labels),
            input.note?.trim() || null,
            now,
          );
        if (version === 1) this.log(modelId, 1, 'promote', 'first version');
        mkdirSync(dirname(onnxPath), { recursive: true });
        renameSync(incoming, onnxPath);
      })();
    } finally {
      rmSync(incoming, { force: true });
    }
    return this.get(modelId);
  }

  /** Points production at `version`; promoting the version already in production changes nothing. */
  promote(modelId: string, version: number, reason?: string): Model {
    const { model } = this.resolve(modelId, version);
    if (model.productionVersion !== version) this.log(modelId, version, 'promote', reason?.trim() || null);
    return this.get(modelId);
  }

  /** Points production back at the version before it; CONFLICT when there is none. */
  rollback(modelId: string): Model {
    const model = this.get(modelId);
    if (model.previousProductionVersion === null) {
      throw new WorkbenchError('CONFLICT', `Model ${model.name} has no earlier production version to roll back to.`, {
        hint: 'Promote another version instead.',
      });
    }
    this.log(modelId, model.previousProductionVersion, 'rollback', `rolled back from version ${model.productionVersion}`);
    return this.get(modelId);
  }

  /** Loads the file once with onnxruntime and checks it gives one score per label, so a bad export is refused now. */
  private async check(onnxPath: string, labels: string[]): Promise<void> {
    const classifier = await loadClassifier(onnxPath, { labels });
    try {
      await classifier.predictTensor(new Float32Array(3 * classifier.imageSize * classifier.imageSize), 1);
    } finally {
      await classifier.close();
    }
  }

  private log(modelId: string, version: number, action: LogRow['action'], reason: string | null): void {
    this.db
      .prepare('INSERT INTO model_production_log (model_id, version, action, reason, at) VALUES (?, ?, ?, ?, ?)')
      .run(modelId, version, action, reason, new Date().toISOString());
  }

  private row(modelId: string): ModelRow {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(modelId) as ModelRow | undefined;
    if (!row) {
      throw new WorkbenchError('NOT_FOUND', `There is no model ${modelId}.`, { hint: 'Refresh the models list.' });
    }
    return row;
  }

  private assemble(row: ModelRow): Model {
    const versions = (
      this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version').all(row.id) as VersionRow[]
    ).map(toVersion);
    const log = this.db.prepare('SELECT * FROM model_production_log WHERE model_id = ? ORDER BY seq').all(row.id) as LogRow[];
    const stack = productionStack(log);
    return {
      id: row.id,
      name: row.name,
      productionVersion: stack.at(-1) ?? null,
      previousProductionVersion: stack.at(-2) ?? null,
      versions,
      history: log.map((l) => ({ version: l.version, action: l.action, reason: l.reason, at: l.at })),
      createdAt: row.created_at,
    };
  }
}
