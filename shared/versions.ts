import { z } from 'zod';

/**
 * A dataset version: what a run pins and the local cache keys by. On an ONTAP volume it is
 * `(connection, svm, volume, snapshot)` plus the dataset's folder inside the volume; a dataset that
 * is not on a volume (a plain local folder, an S3 endpoint the app cannot snapshot) is pinned by
 * its listing instead — the SHA-256 of its sorted keys and ETags — and marked `listing`.
 */
export const datasetVersionSchema = z.object({
  datasetId: z.string(),
  datasetName: z.string(),
  kind: z.enum(['snapshot', 'listing']),
  connectionId: z.string().nullable(),
  svm: z.string().nullable(),
  volume: z.string().nullable(),
  snapshot: z.string().nullable(),
  snapshotUuid: z.string().nullable(),
  /** The dataset's folder inside the volume, without leading or trailing "/" ('' = the volume's root). */
  path: z.string(),
  /** `listing` versions: SHA-256 of the sorted `key etag` lines; snapshot versions: null. */
  listingHash: z.string().nullable(),
  /** How the UI names it: `vol1@wb-tyre-20261122T101500Z` or `listing 3f2a…`. */
  label: z.string(),
});

/** A pinned dataset version. */
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

/** Methods of dataset versions: snapshots, restore, clones, compare, lineage (issue 6). */
export const versionMethods = {} as const;

/** Events of dataset versions. */
export const versionEvents = {} as const;
