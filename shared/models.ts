import { z } from 'zod';
import { jobStartedSchema } from './jobs';
import { method, noInput } from './method';

// The backend resolves paths in its own working directory, which the user never sees: only absolute ones.
const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

const modelId = z.string().min(1, 'choose a model (models.list)');
const versionNumber = z.number().int().min(1, 'versions start at 1');

/** One version of a model: the ONNX file a run exported, copied into the registry. */
export const modelVersionSchema = z.object({
  version: z.number().int(),
  runId: z.string(),
  runName: z.string(),
  /** The dataset version the run trained on, e.g. `tyres@wb-tyres-20260101T000000Z`. */
  datasetVersionLabel: z.string(),
  /** At least `test/accuracy` (PyTorch) and `onnx/accuracy` (onnxruntime-node) when the run evaluated them. */
  metrics: z.record(z.string(), z.number()),
  /** The registry's own copy: `<dataDir>/models/<modelId>/<version>/model.onnx`. */
  onnxPath: z.string(),
  labels: z.array(z.string()),
  createdAt: z.string(),
  note: z.string().nullable(),
});

/** A model version. */
export type ModelVersion = z.infer<typeof modelVersionSchema>;

/** One change of the `production` alias, newest last. */
export const productionChangeSchema = z.object({
  version: z.number().int(),
  action: z.enum(['promote', 'rollback']),
  reason: z.string().nullable(),
  at: z.string(),
});

/** A registered model with its versions and its `production` alias. */
export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  productionVersion: z.number().int().nullable(),
  /** Where a rollback goes; null when there is nothing to roll back to. */
  previousProductionVersion: z.number().int().nullable(),
  versions: z.array(modelVersionSchema),
  history: z.array(productionChangeSchema),
  createdAt: z.string(),
});

/** A model in the registry. */
export type Model = z.infer<typeof modelSchema>;

/** The local inference endpoint, as its status panel shows it. */
export const endpointStatusSchema = z.object({
  running: z.boolean(),
  /** `http://127.0.0.1:8080` while running, else null. */
  url: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  modelId: z.string().nullable(),
  modelName: z.string().nullable(),
  version: z.number().int().nullable(),
  provider: z.enum(['cpu', 'cuda']),
  /** Why the provider is not the one asked for, in a sentence; null when it is. */
  providerNote: z.string().nullable(),
  /** True when started on `production`: a promote or rollback of the model switches the served version. */
  followsProduction: z.boolean(),
  /** True when bound to a non-loopback host: requests need `Authorization: Bearer <token>`. */
  tokenRequired: z.boolean(),
  requests: z.number().int(),
  errors: z.number().int(),
  /** Over the last ~1,000 requests; null before the first. */
  latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).nullable(),
  startedAt: z.string().nullable(),
});

/** The endpoint's status. */
export type EndpointStatus = z.infer<typeof endpointStatusSchema>;

/** An image to predict on: an object of a source (dataset browser) or a local file. */
export const predictImageRefSchema = z.union([
  z
    .object({
      sourceId: z.string().min(1, 'choose a source'),
      bucket: z.string().min(1, 'choose a bucket'),
      key: z.string().min(1, 'choose an image'),
    })
    .strict(),
  z.object({ path: z.string().min(1, 'give the image file path').refine(isAbsolute, 'give an absolute file path') }).strict(),
]);

/** What `predict.image` answers. */
export const imagePredictionSchema = z.object({
  label: z.string(),
  scores: z.record(z.string(), z.number()),
  /** The original image's size, before resizing for the model. */
  width: z.number().int(),
  height: z.number().int(),
  /** A JPEG data URL of the image (longest side 320 px), so the UI shows what was classified whatever its source. */
  previewDataUrl: z.string(),
});

/** A prediction. */
export type ImagePredictionResult = z.infer<typeof imagePredictionSchema>;

/** What `predict.batchResult` answers. */
export const batchResultSchema = z.object({
  csvPath: z.string(),
  rows: z.number().int(),
  byLabel: z.record(z.string(), z.number().int()),
  /** Objects that could not be classified (not images, unreadable), with why. */
  skipped: z.number().int(),
});

/** A batch prediction's outcome. */
export type BatchResult = z.infer<typeof batchResultSchema>;

/** Methods of the model registry, the local endpoint and predictions (issue 8). */
export const modelMethods = {
  'models.list': method(noInput, z.object({ models: z.array(modelSchema) }), 'Registered models with their versions.'),
  'models.register': method(
    z
      .object({
        runId: z.string().min(1, 'choose a finished run with an ONNX model'),
        name: z.string().trim().min(1, 'name the model').max(100, 'at most 100 characters'),
        note: z.string().trim().max(500).optional(),
      })
      .strict(),
    modelSchema,
    "Registers a finished run's ONNX model as the next version of the named model (the file is copied).",
  ),
  'models.promote': method(
    z.object({ modelId, version: versionNumber, reason: z.string().trim().max(500).optional() }).strict(),
    modelSchema,
    'Points the production alias at a version; a serving endpoint switches to it without dropping requests.',
  ),
  'models.rollback': method(
    z.object({ modelId }).strict(),
    modelSchema,
    'Points production back at the previous production version.',
  ),
  'endpoint.start': method(
    z
      .object({
        modelId,
        version: versionNumber.optional(),
        host: z.string().trim().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535, 'a port from 0 to 65535').default(8080),
      })
      .strict(),
    endpointStatusSchema,
    'Serves a model version (default: production) over HTTP; when already serving, switches in place.',
  ),
  'endpoint.stop': method(noInput, endpointStatusSchema, 'Stops the endpoint after in-flight requests finish.'),
  'endpoint.status': method(noInput, endpointStatusSchema, 'The endpoint: URL, model, requests, latency percentiles.'),
  'endpoint.token': method(
    noInput,
    z.object({ token: z.string() }),
    'The bearer token a non-loopback endpoint requires, for the user who asked to see it.',
  ),
  'predict.image': method(
    z.object({ modelId, version: versionNumber.optional(), image: predictImageRefSchema }).strict(),
    imagePredictionSchema,
    'Classifies one image from a dataset or a local file with a model version (default: production).',
  ),
  'predict.batch': method(
    z
      .object({
        modelId,
        version: versionNumber.optional(),
        sourceId: z.string().min(1, 'choose a source'),
        bucket: z.string().min(1, 'choose a bucket'),
        prefix: z.string().default(''),
      })
      .strict(),
    jobStartedSchema,
    'Classifies every image under a prefix as a job; the results are written to a CSV file.',
  ),
  'predict.batchResult': method(
    z.object({ jobId: z.string().min(1) }).strict(),
    batchResultSchema,
    'Where a batch prediction wrote its CSV, and how many images got each label.',
  ),
} as const;

/** Events of the model registry and the endpoint. */
export const modelEvents = {
  'models.changed': z.object({ models: z.array(modelSchema) }),
  'endpoint.changed': z.object({ status: endpointStatusSchema }),
} as const;
