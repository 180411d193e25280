import type { Handlers } from '../contract/dispatch';
import { DatasetCache } from '../dataset-cache/dataset-cache';
import type { ServiceContext } from '../services';
import { CachedBrowser } from './cached-browser';
import type { SourceBrowser } from './source-browser';
import { SourceCatalog } from './sources';
import { thumbnail } from './thumbnails';

type BrowseMethods = Pick<Handlers, Extract<keyof Handlers, `sources.${string}` | `browse.${string}`>>;

/** The `sources.*` and `browse.*` methods: what can be browsed, and one page, object or thumbnail at a time. */
export function browseHandlers(ctx: ServiceContext): BrowseMethods {
  const sources = new SourceCatalog(ctx.dataDir, ctx.secrets, ctx.bus);
  const cache = ctx.datasetCache ?? new DatasetCache(ctx.dataDir);
  /** Runs `fn` over a source whose object reads come from the dataset cache when it holds them (S3 sources). */
  const withCache = async <T>(sourceId: string, fn: (b: SourceBrowser) => Promise<T>): Promise<T> => {
    const source = await sources.get(sourceId);
    return sources.with(sourceId, (b) => fn(source.kind === 's3' ? new CachedBrowser(b, cache, source.location) : b));
  };
  return {
    'sources.list': async () => ({ sources: await sources.list() }),
    'sources.addFolder': async (input) => sources.addFolder(input),
    'sources.remove': async ({ id }) => ({ removed: await sources.remove(id) }),
    'browse.buckets': async ({ sourceId }) => ({ buckets: await sources.with(sourceId, (b) => b.buckets()) }),
    'browse.list': async ({ sourceId, ...request }) => sources.with(sourceId, (b) => b.list(request)),
    'browse.object': async ({ sourceId, bucket, key }) =>
      withCache(sourceId, async (b) => ({ cached: false, ...(await b.details(bucket, key)) })),
    'browse.thumbnail': async (request) => withCache(request.sourceId, (b) => thumbnail(b, ctx.dataDir, request)),
  };
}
