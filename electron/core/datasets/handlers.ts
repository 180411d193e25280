import { SourceCatalog } from '../browse/sources';
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';
import { DatasetStore } from './dataset-store';
import { summarise } from './summary';

type DatasetMethods = Pick<Handlers, Extract<keyof Handlers, `datasets.${string}`>>;

/** The `datasets.*` methods: register a (source, bucket, prefix) with a label rule, and summarise it as a job. */
export function datasetHandlers(ctx: ServiceContext): DatasetMethods {
  const sources = new SourceCatalog(ctx.dataDir, ctx.secrets, ctx.bus);
  const store = new DatasetStore(ctx.dataDir);
  // One summary job per dataset at a time: asking again while it runs answers the same job.
  const running = new Map<string, string>();
  const changed = async () => ctx.bus.publish('datasets.changed', { datasets: await store.list() });

  return {
    'datasets.register': async (input) => {
      // One listed key proves the source, keys and bucket work now, rather than at the first summary.
      await sources.with(input.sourceId, (b) => b.list({ bucket: input.bucket, prefix: input.prefix, maxKeys: 1 }));
      const dataset = await store.add(input);
      await changed();
      return dataset;
    },
    'datasets.list': async () => ({ datasets: await store.list() }),
    'datasets.delete': async ({ id }) => {
      const deleted = await store.delete(id);
      if (deleted) await changed();
      return { deleted };
    },
    'datasets.summary': async ({ id, refresh }) => {
      const dataset = await store.get(id);
      const current = running.get(id);
      if (current) return { summary: dataset.summary, jobId: current };
      if (dataset.summary && !refresh) return { summary: dataset.summary, jobId: null };
      const browser = await sources.open(dataset.sourceId);
      const jobId = ctx.jobs.start({
        kind: 'datasets.summary',
        title: `Summarise dataset ${dataset.name}`,
        unit: 'items',
        run: async (job) => {
          try {
            const summary = await summarise(browser, dataset, {
              signal: job.signal,
              progress: (done, message) => job.progress({ done, message }),
            });
            await store.setSummary(id, summary);
            job.progress({ message: `${summary.objectCount} objects in ${summary.classes.length} classes` });
            await changed();
          } finally {
            browser.close();
            running.delete(id);
          }
        },
      });
      running.set(id, jobId);
      return { summary: dataset.summary, jobId };
    },
  };
}
