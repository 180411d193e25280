import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';
import { SourceCatalog } from './sources';
import { thumbnail } from './thumbnails';

type BrowseMethods = Pick<Handlers, Extract<keyof Handlers, `sources.${string}` | `browse.${string}`>>;

/** The `sources.*` and `browse.*` methods: what can be browsed, and one page, object or thumbnail at a time. */
export function browseHandlers(ctx: ServiceContext): BrowseMethods {
  const sources = new SourceCatalog(ctx.dataDir, ctx.secrets, ctx.bus);
  return {
    'sources.list': async () => ({ sources: await sources.list() }),
    'sources.addFolder': async (input) => sources.addFolder(input),
    'sources.remove': async ({ id }) => ({ removed: await sources.remove(id) }),
    'browse.buckets': async ({ sourceId }) => ({ buckets: await sources.with(sourceId, (b) => b.buckets()) }),
    'browse.list': async ({ sourceId, ...request }) => sources.with(sourceId, (b) => b.list(request)),
    'browse.object': async ({ sourceId, bucket, key }) => sources.with(sourceId, (b) => b.details(bucket, key)),
    'browse.thumbnail': async (request) => sources.with(request.sourceId, (b) => thumbnail(b, ctx.dataDir, request)),
  };
}
