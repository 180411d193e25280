import { z } from 'zod';
import { jobStartedSchema } from './jobs';
import { method, noInput } from './method';

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

const protocolSchema = z.enum(['rest', 'ssh']).optional();
const snapshotName = z
  .string()
  .trim()
  .min(1, 'give the snapshot a name')
  .max(255, 'a snapshot name is at most 255 characters')
  .regex(/^[^/\s]+$/, 'a snapshot name has no spaces or "/"');
const volumeName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,202}$/, 'a volume name starts with a letter or "_" and has only letters, digits and "_"');

/** Where a dataset lives on ONTAP: the volume and the dataset's folder inside it. */
export const volumeBindingSchema = z
  .object({
    connectionId: z.string().min(1, 'choose a connection'),
    svm: z.string().min(1, 'choose an SVM'),
    volume: z.string().min(1, 'choose a volume'),
    /** The dataset's folder inside the volume, without leading or trailing "/" ('' = the volume's root). */
    path: z
      .string()
      .default('')
      .transform((p) => p.replace(/^\/+|\/+$/g, '')),
  })
  .strict();

/** A dataset's volume binding. */
export type VolumeBinding = z.output<typeof volumeBindingSchema>;

/** A volume, as the versions methods address it (the folder inside it is optional). */
export const volumeRefSchema = volumeBindingSchema.extend({ protocol: protocolSchema });

/** A volume mounted on this machine (NFS; the lab's volumes are local folders): where its `.snapshot/` is read. */
export const volumeMountSchema = z
  .object({
    connectionId: z.string().min(1),
    svm: z.string().min(1),
    volume: z.string().min(1),
    dir: z.string().trim().min(1, 'give the folder where the volume is mounted, e.g. /mnt/vol1'),
  })
  .strict();

/** A volume mount. */
export type VolumeMount = z.infer<typeof volumeMountSchema>;

/** A dataset with the volume it is on (stored by the user, or discovered), or none. */
export const versionedDatasetSchema = z.object({
  datasetId: z.string(),
  datasetName: z.string(),
  binding: volumeBindingSchema.nullable(),
  /** `stored`: chosen by the user (or the lab); `discovered`: from the S3 profile's bucket and the volume's junction path. */
  bindingSource: z.enum(['stored', 'discovered']).nullable(),
  /** Where the binding's volume is mounted on this machine, or null. */
  mountDir: z.string().nullable(),
});

/** A dataset as the versions page lists it. */
export type VersionedDataset = z.infer<typeof versionedDatasetSchema>;

/** A run that read a snapshot, with the models it produced. */
export const lineageRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  startedAt: z.string().nullable(),
  models: z.array(z.object({ id: z.string(), name: z.string(), version: z.number() })),
});

/** A clone's place: volume and SVM. */
export const cloneRefSchema = z.object({ svm: z.string(), volume: z.string(), junctionPath: z.string().nullable() });

/** A snapshot of a volume and what depends on it. */
export const snapshotInfoSchema = z.object({
  uuid: z.string(),
  name: z.string(),
  createTime: z.string(),
  comment: z.string(),
  runs: z.array(lineageRunSchema),
  clones: z.array(cloneRefSchema),
});

/** A snapshot row. */
export type SnapshotInfo = z.infer<typeof snapshotInfoSchema>;

/** A FlexClone of a volume's snapshot. */
export const cloneInfoSchema = z.object({
  svm: z.string(),
  volume: z.string(),
  junctionPath: z.string().nullable(),
  parentVolume: z.string(),
  parentSnapshot: z.string(),
});

/** A clone row. */
export type CloneInfo = z.infer<typeof cloneInfoSchema>;

/** What `versions.snapshots` answers: the volume's snapshots, its clones, and its own parent when it is a clone. */
export const volumeVersionsSchema = z.object({
  protocol: z.enum(['rest', 'ssh']),
  snapshots: z.array(snapshotInfoSchema),
  clones: z.array(cloneInfoSchema),
  /** When the volume is itself a FlexClone: the snapshot and volume it came from. */
  parent: z.object({ svm: z.string(), volume: z.string(), snapshot: z.string() }).nullable(),
});

/** A volume's versions. */
export type VolumeVersions = z.infer<typeof volumeVersionsSchema>;

/** One file that differs between two versions. */
export const fileChangeSchema = z.object({
  path: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  /** Size in the older version (null when added). */
  fromSize: z.number().nullable(),
  /** Size in the newer version (null when removed). */
  toSize: z.number().nullable(),
});

/** A changed file. */
export type FileChange = z.infer<typeof fileChangeSchema>;

/** A comparison of two versions: counts and every changed file, sorted by path. */
export const comparisonSchema = z.object({
  from: z.string(),
  to: z.string(),
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  files: z.array(fileChangeSchema),
});

/** A comparison. */
export type Comparison = z.infer<typeof comparisonSchema>;

/** What a restore discards: files changed since the snapshot, and the newer snapshots ONTAP deletes. */
export const restorePreviewSchema = z.object({
  snapshot: z.string(),
  changesSince: comparisonSchema,
  newerSnapshots: z.array(z.string()),
  /** Runs that read a newer snapshot: after the restore nobody can read their exact data again. */
  newerReadBy: z.array(z.object({ snapshot: z.string(), run: z.string() })),
  /** Newer snapshots a clone depends on: ONTAP refuses the restore while they exist. */
  blockedBy: z.array(z.object({ snapshot: z.string(), clone: z.string() })),
});

/** A restore's preview. */
export type RestorePreview = z.infer<typeof restorePreviewSchema>;

/** A version to compare: a snapshot's name, or null for the live data. */
const versionName = z.string().min(1).nullable();

/** The ASCII slug of a dataset name, for snapshot names: `Tyre quality (synthetic)` → `tyre-quality-synthetic`. */
export function datasetSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents come apart under NFKD; drop them so é reads e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'dataset';
}

/** The name a snapshot taken by the workbench gets: `wb-<dataset>-<UTC yyyymmddThhmmssZ>`. */
export function defaultSnapshotName(datasetName: string, at: Date = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `wb-${datasetSlug(datasetName)}-${stamp}`;
}

/** A volume (and snapshot) as the versions page's route names it. */
export interface VersionRoute {
  connectionId: string;
  svm: string;
  volume: string;
  snapshot: string | null;
}

/**
 * The route parameter of the versions page for a volume and snapshot: `#/versions/<param>` (through
 * the nav's hashOf) shows that snapshot's lineage; runs and models link to the data they read with it.
 */
export function versionRouteParam(v: { connectionId: string; svm: string; volume: string; snapshot?: string | null }): string {
  return `${v.connectionId}/${v.svm}/${v.volume}${v.snapshot ? `@${v.snapshot}` : ''}`;
}

/** Reads `versionRouteParam`'s text back; null when it is not one. */
export function parseVersionRouteParam(param: string): VersionRoute | null {
  const parts = param.split('/');
  if (parts.length < 3) return null;
  const last = parts.at(-1) as string;
  const at = last.indexOf('@');
  const volume = at < 0 ? last : last.slice(0, at);
  const snapshot = at < 0 ? null : last.slice(at + 1) || null;
  const connectionId = parts.slice(0, -2).join('/');
  const svm = parts.at(-2) as string;
  return connectionId && svm && volume ? { connectionId, svm, volume, snapshot } : null;
}

/** Methods of dataset versions: snapshots, restore, clones, compare, lineage (issue 6). */
export const versionMethods = {
  'versions.datasets': method(
    noInput,
    z.object({ datasets: z.array(versionedDatasetSchema), mounts: z.array(volumeMountSchema) }),
    'Datasets with the ONTAP volume each is on (stored or discovered), and the volume mounts known.',
  ),
  'versions.bind': method(
    z.object({ datasetId: z.string().min(1), binding: volumeBindingSchema.nullable() }).strict(),
    versionedDatasetSchema,
    'Sets (or, with null, forgets) the volume a dataset is on.',
  ),
  'versions.setMount': method(
    z
      .object({
        connectionId: z.string().min(1),
        svm: z.string().min(1),
        volume: z.string().min(1),
        dir: z.string().trim().min(1).nullable(),
      })
      .strict(),
    z.object({ mounts: z.array(volumeMountSchema) }),
    'Records (or, with null, forgets) where a volume is mounted on this machine (its .snapshot/ is read there).',
  ),
  'versions.volumes': method(
    z.object({ connectionId: z.string().min(1), protocol: protocolSchema }).strict(),
    z.object({ volumes: z.array(z.object({ svm: z.string(), volume: z.string(), junctionPath: z.string().nullable() })) }),
    'The volumes of a connection, to choose the one a dataset is on.',
  ),
  'versions.snapshots': method(
    volumeRefSchema,
    volumeVersionsSchema,
    'A volume’s snapshots (with the runs, models and clones using each), its clones and its parent.',
  ),
  'versions.createSnapshot': method(
    volumeRefSchema.extend({ name: snapshotName, comment: z.string().max(1023).optional() }).strict(),
    jobStartedSchema,
    'Takes a snapshot of the volume, as a job.',
  ),
  'versions.deleteSnapshot': method(
    volumeRefSchema.extend({ snapshot: z.string().min(1), confirm: z.string().optional() }).strict(),
    jobStartedSchema,
    'Deletes a snapshot, as a job; refused (IN_USE) while a run, model or clone uses it unless confirm repeats its name.',
  ),
  'versions.restorePreview': method(
    volumeRefSchema.extend({ snapshot: z.string().min(1) }).strict(),
    restorePreviewSchema,
    'What restoring the volume to a snapshot discards: files changed since, and the newer snapshots.',
  ),
  'versions.restore': method(
    volumeRefSchema
      .extend({ snapshot: z.string().min(1), confirm: z.string().min(1, 'type the snapshot’s name to confirm') })
      .strict(),
    jobStartedSchema,
    'Restores the volume to a snapshot, as a job; confirm must repeat the snapshot’s name.',
  ),
  'versions.clone': method(
    volumeRefSchema
      .extend({
        snapshot: z.string().min(1, 'choose the snapshot to clone'),
        name: volumeName,
        junctionPath: z
          .string()
          .trim()
          .regex(/^\/[^\s]*$/, 'a junction path starts with "/" and has no spaces, e.g. /tyre_experiment')
          .nullable(),
        bucket: z
          .string()
          .trim()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name is 3–63 characters of a–z, 0–9, "." and "-"')
          .optional(),
      })
      .strict(),
    jobStartedSchema,
    'Clones a snapshot into a new writable volume (FlexClone), optionally with a NAS bucket on it, as a job.',
  ),
  'versions.splitClone': method(
    volumeRefSchema.extend({ clone: z.string().min(1) }).strict(),
    jobStartedSchema,
    'Splits a clone from its parent snapshot, as a job.',
  ),
  'versions.deleteClone': method(
    volumeRefSchema.extend({ clone: z.string().min(1), confirm: z.string().min(1, 'type the clone’s name to confirm') }).strict(),
    jobStartedSchema,
    'Deletes a clone volume, as a job; confirm must repeat its name.',
  ),
  'versions.compare': method(
    volumeRefSchema.extend({ from: versionName, to: versionName }).strict(),
    comparisonSchema,
    'The files added, removed and changed between two versions (a snapshot or null for the live data).',
  ),
} as const;

/** Events of dataset versions. */
export const versionEvents = {
  /** A volume's snapshots or clones changed (a job of this app ended): the page reloads them. */
  'versions.changed': z.object({ connectionId: z.string(), svm: z.string(), volume: z.string() }),
} as const;
