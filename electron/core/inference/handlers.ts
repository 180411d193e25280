import type { BatchResult, modelMethods } from '../../../shared/models';
import { SourceCatalog } from '../browse/sources';
import type { Handlers } from '../contract/dispatch';
import { DatasetCache } from '../dataset-cache/dataset-cache';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import { TrackingStore } from '../tracking/tracking-store';
import { ClassifierPool } from './classifier-pool';
import { InferenceEndpoint, type ServedModel } from './endpoint-server';
import { ModelRegistry } from './model-registry';
import { loadClassifier } from './onnx-model';
import { classifyBytes, previewOf, readBatchCsv, readImage, runBatch, type ImageReader } from './predictions';

type ModelMethods = Pick<Handlers, keyof typeof modelMethods>;

/** What the backend lets this domain hook into. */
export interface ModelHandlerOptions {
  /** Runs `fn` when the backend stops (the endpoint is stopped then). */
  onDispose?: (fn: () => Promise<void>) => void;
}

/** The model registry, the local inference endpoint and predictions. */
export function modelHandlers(ctx: ServiceContext, options: ModelHandlerOptions = {}): ModelMethods {
  // The backend shares its tracking store; a bare context, as in some tests, opens its own.
  const tracking = ctx.tracking ?? new TrackingStore(ctx.dataDir);
  const registry = new ModelRegistry(tracking.db, ctx.dataDir, tracking);
  const endpoint = new InferenceEndpoint((status) => ctx.bus.publish('endpoint.changed', { status }));
  const pool = new ClassifierPool(ctx.env);
  const reader: ImageReader = {
    sources: new SourceCatalog(ctx.dataDir, ctx.secrets),
    cache: ctx.datasetCache ?? new DatasetCache(ctx.dataDir),
  };
  const batches = new Map<string, BatchResult | null>();
  const provider = ctx.env.WORKBENCH_ORT_CUDA === '1' ? 'cuda' : 'cpu';
  // Start, stop and switch run one at a time, so two clicks cannot race two sessions into the endpoint.
  let endpointQueue: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = endpointQueue.then(fn, fn);
    endpointQueue = next.catch(() => undefined);
    return next;
  };

  const modelsChanged = () => ctx.bus.publish('models.changed', { models: registry.list() });

  const load = async (modelId: string, version?: number): Promise<ServedModel> => {
    const resolved = registry.resolve(modelId, version);
    const classifier = await loadClassifier(resolved.version.onnxPath, {
      labels: resolved.version.labels,
      provider,
      env: ctx.env,
    });
    return { modelId, modelName: resolved.model.name, version: resolved.version.version, classifier };
  };

  /** After a promote or rollback: an endpoint following this model's production switches to it. */
  const followProduction = (modelId: string, productionVersion: number | null) =>
    serially(async () => {
      const status = endpoint.status();
      if (!status.running || !endpoint.followsProduction || status.modelId !== modelId) return;
      if (productionVersion === null || status.version === productionVersion) return;
      try {
        endpoint.switchTo(await load(modelId, productionVersion));
      } catch (err) {
        // The promotion stands; the endpoint keeps serving the version it had, which its status shows.
        console.error(`the endpoint could not switch to version ${productionVersion}:`, err);
      }
    });

  options.onDispose?.(async () => {
    await serially(() => endpoint.stop());
    await pool.closeAll();
  });

  return {
    'models.list': async () => ({ models: registry.list() }),
    'models.register': async (input) => {
      const model = await registry.register(input);
      modelsChanged();
      return model;
    },
    'models.promote': async ({ modelId, version, reason }) => {
      const model = registry.promote(modelId, version, reason);
      modelsChanged();
      await followProduction(modelId, model.productionVersion);
      return model;
    },
    'models.rollback': async ({ modelId }) => {
      const model = registry.rollback(modelId);
      modelsChanged();
      await followProduction(modelId, model.productionVersion);
      return model;
    },
    'endpoint.start': async ({ modelId, version, host, port }) =>
      serially(async () => {
        // Loaded before anything changes: a model that fails to load leaves the endpoint as it was.
        const served = await load(modelId, version);
        try {
          if (endpoint.listensOn(host, port)) {
            endpoint.followsProduction = version === undefined;
            return endpoint.switchTo(served);
          }
          if (endpoint.status().running) await endpoint.stop();
          endpoint.followsProduction = version === undefined;
          return await endpoint.start(served, host, port);
        } catch (err) {
          await served.classifier.close();
          throw err;
        }
      }),
    'endpoint.stop': async () => serially(() => endpoint.stop()),
    'endpoint.status': async () => endpoint.status(),
    'endpoint.token': async () => ({ token: endpoint.token }),
    'predict.image': async ({ modelId, version, image }) => {
      const resolved = registry.resolve(modelId, version);
      const bytes = await readImage(reader, image);
      const prediction = await pool.use(resolved.version.onnxPath, resolved.version.labels, (c) => classifyBytes(c, bytes));
      return { ...prediction, previewDataUrl: await previewOf(bytes) };
    },
    'predict.batch': async ({ modelId, version, sourceId, bucket, prefix }) => {
      const resolved = registry.resolve(modelId, version);
      await reader.sources.get(sourceId); // an unknown source is refused now, not inside the job
      const jobId = ctx.jobs.start({
        kind: 'predict.batch',
        title: `Predict with ${resolved.model.name} v${resolved.version.version} on ${bucket === '.' ? prefix || 'the whole folder' : `${bucket}/${prefix}`}`,
        unit: 'files',
        run: async (job) => {
          batches.set(job.jobId, null);
          try {
            const result = await pool.use(resolved.version.onnxPath, resolved.version.labels, (classifier) =>
              runBatch(job, { dataDir: ctx.dataDir, reader, sourceId, bucket, prefix, classifier }),
            );
            batches.set(job.jobId, result);
          } catch (err) {
            batches.delete(job.jobId);
            throw err;
          }
        },
      });
      if (!batches.has(jobId)) batches.set(jobId, null);
      return { jobId };
    },
    'predict.batchResult': async ({ jobId }) => {
      const known = batches.get(jobId);
      if (known) return known;
      if (known === null) {
        throw new WorkbenchError('CONFLICT', `Batch prediction ${jobId} is still running.`, {
          hint: 'Wait for the job to finish; its progress is in the Activity panel.',
        });
      }
      const fromDisk = await readBatchCsv(ctx.dataDir, jobId);
      if (fromDisk) return fromDisk;
      throw new WorkbenchError('NOT_FOUND', `Batch prediction ${jobId} wrote no results.`, {
        hint: 'It failed or was cancelled; the Activity panel says why. Start it again.',
      });
    },
  };
}
