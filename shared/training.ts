import { z } from 'zod';
import { jobStartedSchema } from './jobs';
import { byId, method, noInput } from './method';
import { datasetVersionSchema } from './versions';

/** A GPU as `nvidia-smi` reports it. */
export const envGpuSchema = z.object({ index: z.number().int(), name: z.string(), memoryMiB: z.number().nonnegative() });

/** A Python environment the app can train with, probed. */
export const pythonEnvSchema = z.object({
  id: z.string(),
  /** `python3 on PATH`, the conda environment's name, the virtualenv's folder name, or the user's label. */
  name: z.string(),
  kind: z.enum(['system', 'conda', 'venv', 'custom']),
  /** The interpreter's absolute path. */
  python: z.string(),
  pythonVersion: z.string().nullable(),
  torch: z.string().nullable(),
  torchvision: z.string().nullable(),
  cudaAvailable: z.boolean(),
  cudaVersion: z.string().nullable(),
  gpus: z.array(envGpuSchema),
  /** Why this environment cannot train (no PyTorch, interpreter broken…), or null. */
  problem: z.string().nullable(),
  /** The fix in one line, e.g. the install command for PyTorch. */
  hint: z.string().nullable(),
  /** The environment runs use when none is chosen. */
  isDefault: z.boolean(),
});

/** A probed Python environment. */
export type PythonEnv = z.infer<typeof pythonEnvSchema>;

/** A run's lifecycle. `crashed`: the runner died without saying why (killed, out of memory, app closed). */
export const runStatusSchema = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled', 'crashed']);

/** Where a run is in its life. */
export type RunStatus = z.infer<typeof runStatusSchema>;

/** A parameter's value. */
export const paramValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** Parameters by name. */
export const paramsSchema = z.record(z.string(), paramValueSchema);

/** A metric's summary over a run. */
export const metricSummarySchema = z.object({
  last: z.number(),
  min: z.number(),
  max: z.number(),
  /** The step of the last value. */
  step: z.number(),
  count: z.number().int(),
});

/** What a run executes: a built-in recipe or the user's script. */
export const runCodeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recipe'), recipe: z.string().min(1, 'choose a recipe from recipes.list') }).strict(),
  z
    .object({
      kind: z.literal('script'),
      path: z.string().trim().min(1, 'choose the Python script to run (an absolute path)'),
      args: z.array(z.string()).default([]),
    })
    .strict(),
]);

/** A run as the runs table lists it. */
export const runSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: runStatusSchema,
  code: runCodeSchema,
  /** `tyre-quality@1` for a recipe; the script's file name and the first 12 hex digits of its SHA-256 for a script. */
  codeVersion: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  /** The pinned version; null only while queued (pinning happens when the run starts). */
  version: datasetVersionSchema.nullable(),
  params: paramsSchema,
  metrics: z.record(z.string(), metricSummarySchema),
  /** `cuda:0`, `cpu`… once the runner said. */
  device: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Why it failed, crashed or was cancelled, in a sentence. */
  error: z.string().nullable(),
});

/** A run in the table. */
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A file a run produced. */
export const runArtifactSchema = z.object({
  name: z.string(),
  kind: z.enum(['model-onnx', 'model-torchscript', 'confusion-matrix', 'split', 'file']),
  path: z.string(),
  bytes: z.number().nonnegative(),
});

/** Held-out evaluation: accuracy, per-class precision and recall, confusion matrix (rows = true class). */
export const evaluationSchema = z.object({
  labels: z.array(z.string()),
  accuracy: z.number(),
  perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), support: z.number().int() })),
  confusion: z.array(z.array(z.number().int())),
  samples: z.number().int(),
});

/** An evaluation. */
export type Evaluation = z.infer<typeof evaluationSchema>;

/** Everything a run recorded. */
export const runDetailSchema = runSummarySchema.extend({
  env: z
    .object({
      python: z.string().nullable(),
      pythonVersion: z.string().nullable(),
      torch: z.string().nullable(),
      torchvision: z.string().nullable(),
      cuda: z.string().nullable(),
      gpus: z.array(envGpuSchema),
    })
    .nullable(),
  artifacts: z.array(runArtifactSchema),
  /** PyTorch's evaluation on the held-out split. */
  evaluation: evaluationSchema.nullable(),
  /** The app's re-evaluation of the exported ONNX model with onnxruntime-node on the same split. */
  onnxEvaluation: evaluationSchema
    .extend({ provider: z.string(), agreesWithTorch: z.boolean(), differencePoints: z.number() })
    .nullable(),
  exitCode: z.number().int().nullable(),
  /** A script's full SHA-256 (a recipe: null), as the runner hashed it before running it. */
  codeSha256: z.string().nullable().optional(),
  /** Models registered from this run (filled by the model registry). */
  models: z.array(z.object({ id: z.string(), name: z.string(), version: z.number().int() })),
});

/** A run's full record. */
export type RunDetail = z.infer<typeof runDetailSchema>;

/** A recipe parameter, with its default, as the start form shows it. */
export const recipeParamSchema = z.object({
  key: z.string(),
  type: z.enum(['int', 'float', 'string', 'bool']),
  default: paramValueSchema,
  help: z.string(),
});

/** A built-in recipe. */
export const recipeSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  params: z.array(recipeParamSchema),
});

/** What `runs.start` takes. */
export const runStartInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    datasetId: z.string().min(1, 'choose a dataset to train on'),
    /** An existing snapshot's name; absent: a new snapshot of the live data when the dataset is on a volume. */
    snapshot: z.string().min(1).optional(),
    code: runCodeSchema,
    params: paramsSchema.default({}),
    envId: z.string().min(1).optional(),
    device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
  })
  .strict();

/** A run request. */
export type RunStartInput = z.input<typeof runStartInputSchema>;

/** One metric point. `time`: seconds since the Unix epoch. */
export const metricPointSchema = z.object({ key: z.string(), step: z.number(), time: z.number(), value: z.number() });

/** A metric series for charts, downsampled to at most `maxPoints` (min/max kept per bucket). */
export const metricSeriesSchema = z.object({
  runId: z.string(),
  key: z.string(),
  step: z.array(z.number()),
  time: z.array(z.number()),
  value: z.array(z.number()),
  /** How many points the run recorded before downsampling. */
  total: z.number().int(),
});

/** A chart series. */
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

/** Methods of environments, recipes and runs (issue 7). */
export const trainingMethods = {
  'envs.list': method(
    noInput,
    z.object({ envs: z.array(pythonEnvSchema) }),
    'Python environments found (PATH, conda, virtualenvs) and added by the user, each probed.',
  ),
  'envs.add': method(
    z
      .object({
        python: z.string().trim().min(1, 'give the path of a python executable'),
        name: z.string().trim().min(1).optional(),
      })
      .strict(),
    pythonEnvSchema,
    'Adds a Python interpreter by path and probes it.',
  ),
  'envs.remove': method(byId, z.object({ removed: z.boolean() }), 'Forgets an environment the user added.'),
  'envs.setDefault': method(byId, pythonEnvSchema, 'Makes an environment the one runs use when none is chosen.'),
  'recipes.list': method(noInput, z.object({ recipes: z.array(recipeSchema) }), 'The built-in recipes and their parameters.'),
  'runs.start': method(
    runStartInputSchema,
    jobStartedSchema.extend({ runId: z.string() }),
    'Queues a run: pins the dataset version, fills the cache, trains in a Python child process, re-evaluates the ONNX model.',
  ),
  'runs.list': method(noInput, z.object({ runs: z.array(runSummarySchema) }), 'Every run, newest first.'),
  'runs.get': method(byId, runDetailSchema, 'One run with everything it recorded.'),
  'runs.metrics': method(
    z
      .object({
        runIds: z.array(z.string().min(1)).min(1, 'choose at least one run').max(20, 'compare at most 20 runs'),
        keys: z.array(z.string().min(1)).optional(),
        maxPoints: z.number().int().min(10).max(100_000).default(2000),
      })
      .strict(),
    z.object({ series: z.array(metricSeriesSchema) }),
    'Metric series of runs for charts, downsampled.',
  ),
  'runs.logs': method(
    z.object({ id: z.string().min(1), tail: z.number().int().min(1).max(100_000).default(2000) }).strict(),
    z.object({ text: z.string(), truncated: z.boolean() }),
    'The last lines a run printed (stdout and stderr).',
  ),
  'runs.cancel': method(
    byId,
    z.object({ cancelled: z.boolean(), status: runStatusSchema }),
    'Stops a run and its whole process tree.',
  ),
  'runs.delete': method(byId, z.object({ deleted: z.boolean() }), 'Deletes a finished run and its artifacts.'),
} as const;

/** Events of runs: status changes, live metric points and log lines. */
export const trainingEvents = {
  'runs.changed': z.object({ run: runSummarySchema }),
  'runs.metrics': z.object({ runId: z.string(), points: z.array(metricPointSchema) }),
  'runs.log': z.object({ runId: z.string(), text: z.string() }),
} as const;
