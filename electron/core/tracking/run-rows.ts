import type { RunDetail, RunStatus, RunSummary } from '../../../shared/training';

/** A `runs` row as SQLite returns it. */
export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  code_json: string;
  code_version: string;
  code_sha256: string | null;
  dataset_id: string;
  dataset_name: string;
  version_json: string | null;
  env_id: string | null;
  device: string | null;
  env_json: string | null;
  evaluation_json: string | null;
  onnx_evaluation_json: string | null;
  exit_code: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

/** A `metric_summaries` row. */
export interface SummaryRow {
  run_id: string;
  key: string;
  last: number;
  min: number;
  max: number;
  step: number;
  count: number;
}

/** A `params` row. */
export interface ParamRow {
  run_id: string;
  key: string;
  value_json: string;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** A row and its params and metric summaries as the runs table shows it. */
export function toSummary(row: RunRow, params: ParamRow[], summaries: SummaryRow[]): RunSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    code: JSON.parse(row.code_json) as RunSummary['code'],
    codeVersion: row.code_version,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    version: json(row.version_json),
    params: Object.fromEntries(params.map((p) => [p.key, JSON.parse(p.value_json) as string | number | boolean])),
    metrics: Object.fromEntries(
      summaries.map((s) => [s.key, { last: s.last, min: s.min, max: s.max, step: s.step, count: s.count }]),
    ),
    device: row.device,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    error: row.error,
  };
}

/** Everything but the summary's fields, which `toSummary` fills. */
export function detailExtras(row: RunRow): Omit<RunDetail, keyof RunSummary | 'artifacts' | 'models'> {
  return {
    env: json(row.env_json),
    evaluation: json(row.evaluation_json),
    onnxEvaluation: json(row.onnx_evaluation_json),
    exitCode: row.exit_code,
    codeSha256: row.code_sha256,
  };
}

/** Groups rows by run id, keeping each group's order. */
export function groupByRun<T extends { run_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.run_id);
    if (group) group.push(row);
    else groups.set(row.run_id, [row]);
  }
  return groups;
}
