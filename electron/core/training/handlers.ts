import { join } from 'node:path';
import type { trainingMethods } from '../../../shared/training';
import type { Handlers } from '../contract/dispatch';
import { DatasetStore } from '../datasets/dataset-store';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import { TrackingStore } from '../tracking/tracking-store';
import { noVersionsAccess, versionsAccess } from './data-access';
import { EnvService } from './env-service';
import { RecipeCatalog } from './recipes';
import { tailLines } from './run-logs';
import { RunService } from './run-service';
import { runPaths } from './run-execution';

type TrainingMethods = Pick<Handlers, keyof typeof trainingMethods>;

/** Python environments, recipes and runs. */
export function trainingHandlers(ctx: ServiceContext): TrainingMethods {
  // The backend shares its store (lineage reads it too); a bare context, as in some tests, gets its own.
  const tracking = ctx.tracking ?? new TrackingStore(ctx.dataDir);
  const resourcesDir = ctx.resourcesDir ?? join(process.cwd(), 'resources');
  const envs = new EnvService(ctx.dataDir, { resourcesDir, env: ctx.env });
  const recipes = new RecipeCatalog({ resourcesDir, env: ctx.env });
  const datasets = new DatasetStore(ctx.dataDir);
  const runs = new RunService({
    dataDir: ctx.dataDir,
    resourcesDir,
    env: ctx.env,
    bus: ctx.bus,
    jobs: ctx.jobs,
    tracking,
    envs,
    recipes,
    datasets,
    data: ctx.versions ? versionsAccess(ctx.versions) : noVersionsAccess(),
  });
  for (const id of tracking.markInterrupted()) {
    // Nobody listens this early in the desktop app, but a browser-mode client reconnecting might.
    ctx.bus.publish('runs.changed', { run: tracking.summary(id) });
  }

  return {
    'envs.list': async () => ({ envs: await envs.list() }),
    'envs.add': async (input) => envs.add(input),
    'envs.remove': async ({ id }) => ({ removed: await envs.remove(id) }),
    'envs.setDefault': async ({ id }) => envs.setDefault(id),
    'recipes.list': async () => ({ recipes: await recipes.list(await envs.default()) }),
    'runs.start': async (input) => runs.start(input),
    'runs.list': async () => ({ runs: tracking.list() }),
    'runs.get': async ({ id }) => tracking.get(id),
    'runs.metrics': async ({ runIds, keys, maxPoints }) => ({
      series: runIds.flatMap((runId) => {
        if (tracking.status(runId) === null) {
          throw new WorkbenchError('NOT_FOUND', `There is no run ${runId}.`, {
            hint: 'It may have been deleted; refresh the runs list.',
          });
        }
        return (keys ?? tracking.metricKeys(runId)).map((key: string) => ({
          runId,
          key,
          ...tracking.series(runId, key, maxPoints),
        }));
      }),
    }),
    'runs.logs': async ({ id, tail }) => {
      if (tracking.status(id) === null) {
        throw new WorkbenchError('NOT_FOUND', `There is no run ${id}.`, {
          hint: 'It may have been deleted; refresh the runs list.',
        });
      }
      return tailLines(runPaths(runs.runDir(id)).log, tail);
    },
    'runs.cancel': async ({ id }) => runs.cancel(id),
    'runs.delete': async ({ id }) => ({ deleted: await runs.delete(id) }),
  };
}
