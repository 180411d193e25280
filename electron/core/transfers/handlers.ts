import type { Handlers } from '../contract/dispatch';
import { DatasetCache } from '../dataset-cache/dataset-cache';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import { downloadPrefix } from './downloader';
import { EndpointLimits } from './endpoint-limits';
import { journalPath, TransferJournal } from './journal';
import { collectFiles } from './local-files';
import { DEFAULT_CONCURRENCY } from './pool';
import { resolveProfile, transferClient } from './s3-access';
import { tooLargeError, uploadFiles } from './uploader';

type TransferMethods = Pick<Handlers, Extract<keyof Handlers, `transfers.${string}` | `cache.${string}`>>;

/** The `transfers.*` and `cache.*` methods: each long one runs as a job with byte progress and cancel. */
export function transferHandlers(ctx: ServiceContext, options: { now?: () => number } = {}): TransferMethods {
  const cache = options.now || !ctx.datasetCache ? new DatasetCache(ctx.dataDir, options.now) : ctx.datasetCache;
  const limits = new EndpointLimits(ctx.dataDir);
  return {
    'transfers.download': async (input) => {
      const { profile, target } = await resolveProfile(ctx.dataDir, ctx.secrets, input.profileId);
      const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
      const journal = new TransferJournal(
        journalPath(ctx.dataDir, ['download', profile.endpoint, input.bucket, input.prefix, input.destination]),
      );
      const jobId = ctx.jobs.start({
        kind: 'transfers.download',
        title: `Download s3://${input.bucket}/${input.prefix} to ${input.destination}`,
        unit: 'bytes',
        run: async (job) => {
          const summary = await downloadPrefix({
            target,
            bucket: input.bucket,
            prefix: input.prefix,
            destination: input.destination,
            journal,
            partTag: journal.file.slice(-14, -6),
            concurrency,
            signal: job.signal,
            onProgress: (m) => job.progress({ done: m.bytes, total: m.totalBytes, message: m.message('Downloaded') }),
          });
          journal.remove();
          job.progress({
            message: `Downloaded ${summary.files} files, all verified${summary.skipped ? ` (${summary.skipped} already done)` : ''}`,
          });
        },
      });
      return { jobId };
    },
    'transfers.upload': async (input) => {
      const { profile, target, store } = await resolveProfile(ctx.dataDir, ctx.secrets, input.profileId);
      const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
      const files = await collectFiles(input.paths, input.prefix);
      const maxPutBytes = limits.maxPutBytes(profile.endpoint);
      // Refused before the job starts, so the user learns it in a second rather than after minutes of sending.
      const tooLarge = profile.multipartSupported === false && files.find((f) => f.size > maxPutBytes);
      if (tooLarge) throw tooLargeError(tooLarge, maxPutBytes);
      const journal = new TransferJournal(
        journalPath(ctx.dataDir, ['upload', profile.endpoint, input.bucket, input.prefix, ...input.paths]),
      );
      const jobId = ctx.jobs.start({
        kind: 'transfers.upload',
        title: `Upload ${files.length} ${files.length === 1 ? 'file' : 'files'} to s3://${input.bucket}/${input.prefix}`,
        unit: 'bytes',
        run: async (job) => {
          const client = transferClient(target, concurrency);
          try {
            const summary = await uploadFiles({
              client,
              endpoint: profile.endpoint,
              bucket: input.bucket,
              files,
              journal,
              multipartSupported: profile.multipartSupported,
              maxPutBytes,
              onMultipartUnsupported: async () => {
                await store.save({ ...profile, multipartSupported: false });
              },
              onMaxPut: (bytes) => limits.rememberMaxPut(profile.endpoint, bytes),
              concurrency,
              signal: job.signal,
              onProgress: (m) => job.progress({ done: m.bytes, total: m.totalBytes, message: m.message('Uploaded') }),
            });
            journal.remove();
            job.progress({
              message: `Uploaded ${summary.files} files${summary.skipped ? ` (${summary.skipped} already done)` : ''}`,
            });
          } finally {
            client.destroy();
          }
        },
      });
      return { jobId };
    },
    'cache.status': async () => cache.status(),
    'cache.fill': async (input) => {
      const { target } = await resolveProfile(ctx.dataDir, ctx.secrets, input.profileId);
      const jobId = ctx.jobs.start({
        kind: 'cache.fill',
        title: `Cache s3://${input.bucket}/${input.prefix}`,
        unit: 'bytes',
        run: async (job) => {
          const v = await cache.fill({
            target,
            bucket: input.bucket,
            prefix: input.prefix,
            signal: job.signal,
            onProgress: (m) => job.progress({ done: m.bytes, total: m.totalBytes, message: m.message('Cached') }),
          });
          job.progress({ message: `Version ${v.id} cached: ${v.files} files` });
        },
      });
      return { jobId };
    },
    'cache.remove': async ({ versionId }) => {
      const removed = cache.remove(versionId);
      if (!removed && !cache.status().versions.some((v) => v.id === versionId)) {
        throw new WorkbenchError('NOT_FOUND', `There is no cached version ${versionId}.`, {
          hint: 'cache.status lists the cached versions.',
        });
      }
      return { removed };
    },
    'cache.setLimits': async (limits) => cache.setLimits(limits),
  };
}
