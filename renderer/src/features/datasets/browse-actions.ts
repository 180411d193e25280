import { FOLDER_BUCKET, type Source } from '../../../../shared/datasets';
import { api } from '../../api/client';
import { useBrowse, type BrowsePlace } from '../../stores/browse-store';
import { parentOf, rowsOfPage, type BrowseRow } from './rows';

/** How many keys one page asks for (ListObjectsV2's maximum). */
const PAGE_SIZE = 1000;

/** Loads the next page of the current place (its buckets when no bucket is chosen); a no-op while one loads or at the end. */
export async function loadMore(): Promise<void> {
  const s = useBrowse.getState();
  if (!s.sourceId || s.loading || (s.pages > 0 && s.nextToken === null)) return;
  const place: BrowsePlace = { sourceId: s.sourceId, bucket: s.bucket, prefix: s.prefix };
  s.setLoading(true);
  try {
    if (place.bucket === null) {
      const { buckets } = await api.invoke('browse.buckets', { sourceId: s.sourceId });
      const rows = buckets.map((b): BrowseRow => ({
        kind: 'folder',
        key: b.name,
        name: b.name,
        size: null,
        modified: b.createdAt,
      }));
      useBrowse.getState().addPage(place, rows, null);
      return;
    }
    const page = await api.invoke('browse.list', {
      sourceId: s.sourceId,
      bucket: place.bucket,
      prefix: place.prefix,
      maxKeys: PAGE_SIZE,
      ...(s.nextToken ? { continuationToken: s.nextToken } : {}),
    });
    useBrowse.getState().addPage(place, rowsOfPage(page), page.nextToken, s.nextToken);
  } catch (err) {
    const now = useBrowse.getState();
    if (now.sourceId === place.sourceId && now.bucket === place.bucket && now.prefix === place.prefix) now.setError(err);
  }
}

/** The bucket a source opens on: a folder's only bucket, an S3 profile's own bucket, or none (list the buckets). */
export function homeBucket(source: Source): string | null {
  return source.kind === 'folder' ? FOLDER_BUCKET : source.bucket;
}

/** Opens a source at its top. */
export function openSource(source: Source): void {
  useBrowse.getState().goTo({ sourceId: source.id, bucket: homeBucket(source), prefix: '' });
  void loadMore();
}

/** Moves to a bucket and prefix of the current source. */
export function openPlace(bucket: string | null, prefix: string): void {
  useBrowse.getState().goTo({ bucket, prefix });
  void loadMore();
}

/** Opens a row: a bucket or a folder is entered; an object stays selected. */
export function openRow(row: BrowseRow): void {
  const { bucket } = useBrowse.getState();
  if (row.kind !== 'folder') return;
  if (bucket === null) openPlace(row.key, '');
  else openPlace(bucket, row.key);
}

/** One level up: the parent prefix, then the bucket list (when the source has more than one bucket). */
export function goUp(source: Source | undefined): void {
  const { bucket, prefix } = useBrowse.getState();
  if (prefix) openPlace(bucket, parentOf(prefix));
  else if (bucket !== null && source && homeBucket(source) === null) openPlace(null, '');
}
