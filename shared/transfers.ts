import { z } from 'zod';

// The backend resolves paths in its own working directory, which the user never sees: only absolute ones.
const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

const profileId = z.string().min(1, 'choose an S3 profile (s3profiles.list)');
const bucket = z.string().min(3, 'give the bucket name (3 to 63 characters)').max(63, 'at most 63 characters');
// An empty prefix means the whole bucket; a prefix never starts with "/" in S3.
const prefix = z
  .string()
  .refine((p) => !p.startsWith('/'), 'an S3 prefix does not start with "/" (e.g. "images/train/")')
  .default('');

/** `transfers.download`: copy every object under a prefix into a local folder, verified. */
export const transferDownloadInputSchema = z
  .object({
    profileId,
    bucket,
    prefix,
    destination: z.string().min(1, 'give the local folder to download into').refine(isAbsolute, 'give an absolute folder path'),
    concurrency: z.number().int().min(1, 'at least 1').max(128, 'at most 128').optional(),
  })
  .strict();

/** `transfers.upload`: send local files and folders under a prefix. */
export const transferUploadInputSchema = z
  .object({
    profileId,
    bucket,
    prefix,
    paths: z
      .array(z.string().min(1, 'a path cannot be empty').refine(isAbsolute, 'give absolute paths'))
      .min(1, 'choose at least one file or folder'),
    concurrency: z.number().int().min(1, 'at least 1').max(128, 'at most 128').optional(),
  })
  .strict();

/** A download request. */
export type TransferDownloadInput = z.infer<typeof transferDownloadInputSchema>;
/** An upload request. */
export type TransferUploadInput = z.infer<typeof transferUploadInputSchema>;

/** One cached dataset version, as the cache gauge lists it. */
export const cachedVersionSchema = z.object({
  id: z.string(),
  endpoint: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  bytes: z.number().nonnegative(),
  files: z.number().int().nonnegative(),
  lastUsed: z.string(),
  complete: z.boolean(),
});

/** A cached dataset version. */
export type CachedVersion = z.infer<typeof cachedVersionSchema>;

/** What `cache.status` answers: the gauge and every version. */
export const cacheStatusSchema = z.object({
  usedBytes: z.number().nonnegative(),
  maxBytes: z.number().nonnegative(),
  expiryHours: z.number().positive(),
  diskFreeBytes: z.number().nonnegative(),
  versions: z.array(cachedVersionSchema),
});

/** The cache gauge. */
export type CacheStatus = z.infer<typeof cacheStatusSchema>;

/** `cache.fill`: cache the version a prefix holds now. */
export const cacheFillInputSchema = z.object({ profileId, bucket, prefix }).strict();

/** `cache.remove`: drop one cached version. */
export const cacheRemoveInputSchema = z.object({ versionId: z.string().min(1, 'give the id from cache.status') }).strict();

/** `cache.setLimits`: the size limit and how long an unused version is kept. */
export const cacheLimitsSchema = z
  .object({
    maxBytes: z.number().int().min(0, 'a size in bytes, 0 or more'),
    expiryHours: z.number().positive('more than 0 hours'),
  })
  .strict();

/** The cache's limits. */
export type CacheLimits = z.infer<typeof cacheLimitsSchema>;
