import { z } from 'zod';
import { bucketNameSchema } from './s3setup';

/** The one "bucket" a local-folder source has: the folder itself. */
export const FOLDER_BUCKET = '.';

/** The label given to a file the label rule does not match. */
export const UNLABELLED = '(unlabelled)';

/** An S3 profile entered by hand (endpoint URL, region, addressing, keys); the secret goes to the secrets store. */
export const s3ProfileInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give the profile a name'),
    endpoint: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s/]+(\/.*)?$/i, 'enter the endpoint as a URL, e.g. http://10.0.0.5 or https://s3.example.com:8443'),
    region: z.string().trim().min(1, 'give a region (ONTAP accepts any, e.g. us-east-1)').default('us-east-1'),
    pathStyle: z.boolean().default(true),
    allowHttp: z.boolean().default(false),
    accessKeyId: z.string().trim().min(1, 'enter the access key id'),
    secretAccessKey: z.string().min(1, 'enter the secret access key'),
    bucket: bucketNameSchema.optional(),
  })
  .strict()
  .refine((p) => p.allowHttp || !/^http:\/\//i.test(p.endpoint), {
    message: 'this endpoint uses plain http://: tick "Allow HTTP" (normal on ONTAP inside the network) or use https://',
    path: ['allowHttp'],
  });

/** What `s3profiles.add` takes. */
export type S3ProfileInput = z.input<typeof s3ProfileInputSchema>;

/** Where datasets can come from: an S3 profile (id = the profile's id) or a local folder. */
export const sourceSchema = z.object({
  id: z.string(),
  kind: z.enum(['s3', 'folder']),
  name: z.string(),
  /** S3: the endpoint URL; folder: its absolute path. */
  location: z.string(),
  /** S3: the profile's bucket when it names one; folder: always `FOLDER_BUCKET`. */
  bucket: z.string().nullable(),
  /** S3: whether the secret key is stored; folder: true (nothing to store). */
  hasSecret: z.boolean(),
  createdAt: z.string(),
});

/** A browsable source. */
export type Source = z.infer<typeof sourceSchema>;

/** What `sources.addFolder` takes. */
export const addFolderInputSchema = z
  .object({
    path: z.string().trim().min(1, 'choose a folder'),
    name: z.string().trim().min(1).optional(),
  })
  .strict();

const sourceId = z.string().min(1, 'choose a source from sources.list');
const bucket = z.string().min(1, 'choose a bucket');
const key = z.string().min(1, 'choose an object');

/** A bucket as `browse.buckets` lists it. */
export const bucketEntrySchema = z.object({ name: z.string(), createdAt: z.string().nullable() });

/** One object (or file) in a listing. */
export const objectEntrySchema = z.object({
  key: z.string(),
  /** The last path segment, what the list shows. */
  name: z.string(),
  size: z.number().nonnegative(),
  lastModified: z.string().nullable(),
  /** S3: the ETag without quotes; folder: `<size>-<mtime ms>` so caches still key on change. */
  etag: z.string(),
});

/** A listed object. */
export type ObjectEntry = z.infer<typeof objectEntrySchema>;

/** A "folder": a common prefix under the listed prefix, ending in "/". */
export const folderEntrySchema = z.object({ prefix: z.string(), name: z.string() });

/** What `browse.list` takes: one page of a prefix, listed with delimiter "/". */
export const browseListInputSchema = z
  .object({
    sourceId,
    bucket,
    prefix: z.string().default(''),
    continuationToken: z.string().min(1).optional(),
    maxKeys: z.number().int().min(1, 'maxKeys is 1 to 1000').max(1000, 'maxKeys is 1 to 1000').default(1000),
  })
  .strict()
  .refine((v) => v.prefix === '' || v.prefix.endsWith('/'), {
    message: 'a prefix is a folder and ends with "/"',
    path: ['prefix'],
  });

/** One page: the folders and objects directly under the prefix, and the token for the next page (null at the end). */
export const browseListOutputSchema = z.object({
  folders: z.array(folderEntrySchema),
  objects: z.array(objectEntrySchema),
  nextToken: z.string().nullable(),
});

/** A page of a listing. */
export type BrowseListPage = z.infer<typeof browseListOutputSchema>;

/** What `browse.object` takes. */
export const objectRefSchema = z.object({ sourceId, bucket, key }).strict();

/** An object's details. */
export const objectDetailsSchema = objectEntrySchema.extend({
  contentType: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  /**
   * True when a complete cached dataset version holds this object (same ETag), so previews and
   * training read the local copy — or, with the endpoint unreachable, the newest cached copy.
   */
  cached: z.boolean(),
});

/** What `browse.thumbnail` takes: the longest side in pixels, 64 to 512. */
export const thumbnailInputSchema = z
  .object({
    sourceId,
    bucket,
    key,
    size: z.number().int().min(64, 'a thumbnail is 64 to 512 pixels').max(512, 'a thumbnail is 64 to 512 pixels').default(128),
  })
  .strict();

/** A JPEG thumbnail as a data URL, its pixel size, and whether it came from the disk cache. */
export const thumbnailSchema = z.object({
  dataUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  cached: z.boolean(),
});

/** How a file's class is read from its key. */
export const labelRuleSchema = z.discriminatedUnion('kind', [
  /** The file name up to the first "_", "-", "." or digit: `defective_0001.jpg` → `defective`. */
  z.object({ kind: z.literal('leading-word') }).strict(),
  /** The name of the folder the file is in: `good/0001.jpg` → `good`. */
  z.object({ kind: z.literal('folder') }).strict(),
  /** The first capture group of a regular expression applied to the key relative to the dataset's prefix. */
  z
    .object({
      kind: z.literal('regex'),
      pattern: z
        .string()
        .min(1, 'enter a regular expression')
        .refine((p) => {
          try {
            new RegExp(p);
            return true;
          } catch {
            return false;
          }
        }, 'this is not a valid regular expression'),
    })
    .strict(),
]);

/** A label rule. */
export type LabelRule = z.infer<typeof labelRuleSchema>;

/** What a dataset holds, computed by a summary job. */
export const datasetSummarySchema = z.object({
  objectCount: z.number().int().nonnegative(),
  totalBytes: z.number().nonnegative(),
  /** Most frequent first; counted over the image files when there are any (a README is not a class), else over all. */
  classes: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative() })),
  /** Distinct image sizes in the sample of images read, most frequent first. */
  imageSizes: z.array(z.object({ width: z.number().int(), height: z.number().int(), count: z.number().int() })),
  /** How many images the sizes were read from (a sample, not every image). */
  sampledImages: z.number().int().nonnegative(),
  computedAt: z.string(),
});

/** A dataset's summary. */
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** A registered dataset: a (source, bucket, prefix) with a label rule, and its last summary. */
export const datasetSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceId: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  labelRule: labelRuleSchema,
  createdAt: z.string(),
  summary: datasetSummarySchema.nullable(),
});

/** A dataset. */
export type Dataset = z.infer<typeof datasetSchema>;

/** What `datasets.register` takes. */
export const datasetInputSchema = z
  .object({
    name: z.string().trim().min(1, 'give the dataset a name'),
    sourceId,
    bucket,
    prefix: z
      .string()
      .default('')
      .refine((p) => p === '' || p.endsWith('/'), 'a prefix is a folder and ends with "/"'),
    labelRule: labelRuleSchema.default({ kind: 'leading-word' }),
  })
  .strict();

/** What `datasets.summary` takes: `refresh` recomputes even when a summary is stored. */
export const summaryInputSchema = z.object({ id: z.string().min(1), refresh: z.boolean().default(false) }).strict();

/**
 * What `datasets.summary` answers: the stored summary when there is one (and no refresh was
 * asked), else the id of the job computing it; when that job succeeds, `datasets.changed` is
 * published and the next call answers the summary.
 */
export const summaryOutputSchema = z.object({
  summary: datasetSummarySchema.nullable(),
  jobId: z.string().nullable(),
});
