import { closeSync, openSync, renameSync, writeSync, writevSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { cancelledError, WorkbenchError } from '../errors';
import { EtagVerifier, type EtagCheck } from './etag';
import { HashPool } from './hash-pool';
import type { TransferJournal } from './journal';
import { listPrefix, type ListedObject } from './listing';
import { DEFAULT_CONCURRENCY, runPool } from './pool';
import { ObjectReader } from './object-reader';
import { planLargeObject, settleMultipart, type LargeObjectPlan } from './part-sizes';
import { RANGED_DOWNLOAD_BYTES, RangedDownload, StagingBuffers } from './ranged-download';
import { explainS3Error, transferClient, type S3Target } from './s3-access';
import { TransferMeter } from './progress';

/** What a download is asked to do. */
export interface DownloadOptions {
  /** Where and as whom: the downloader opens its own connections, sized to the pool. */
  target: S3Target;
  bucket: string;
  prefix: string;
  destination: string;
  journal: TransferJournal;
  /** Names the temporary files (`<final>.part-<partTag>`), stable per transfer so a re-run reuses them. */
  partTag: string;
  concurrency?: number;
  /** The objects to copy when the caller already listed them (the cache pins a version's listing). */
  objects?: ListedObject[];
  signal?: AbortSignal;
  onProgress?: (meter: TransferMeter) => void;
}

/** What a finished download did. */
export interface DownloadSummary {
  files: number;
  bytes: number;
  skipped: number;
  checks: Record<EtagCheck['method'], number>;
}

/** The local path of a key under the destination; refuses keys that would land outside it. */
export function localPathFor(destination: string, prefix: string, key: string): string {
  const rest = key.slice(prefix.length).replace(/^\/+/, '');
  const path = resolve(destination, rest);
  const rel = relative(resolve(destination), path);
  if (!rest || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new WorkbenchError('INVALID_INPUT', `Object key ${key} cannot be saved under ${destination}.`, {
      hint: 'Keys with ".." segments are not downloaded, so nothing lands outside the chosen folder.',
    });
  }
  return path;
}

/** One unit of the download pool: a whole object, or one range of a large object. */
type WorkItem = { obj: ListedObject } | { ranged: RangedDownload; index: number };

/**
 * Downloads every object under a prefix with a pool of parallel GETs. Each object is written to a
 * temporary name, checked against its ETag and size (a multipart ETag part by part, with the part
 * size asked of the server when no common one fits), then renamed; the journal records it so a
 * re-run skips it. A file under its final name is always complete and verified. Objects from
 * RANGED_DOWNLOAD_BYTES up are fetched as ranges that share the pool with every other object, and
 * hashed on worker threads (see ranged-download.ts).
 */
export async function downloadPrefix(o: DownloadOptions): Promise<DownloadSummary> {
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  const objects = o.objects ?? (await listObjects(o.target, o.bucket, o.prefix, o.signal));
  const meter = new TransferMeter(
    objects.reduce((n, x) => n + x.size, 0),
    objects.length,
  );
  const summary: DownloadSummary = {
    files: objects.length,
    bytes: meter.totalBytes,
    skipped: 0,
    checks: { md5: 0, parts: 0, 'size-and-parts': 0 },
  };
  const todo: ListedObject[] = [];
  for (const obj of objects) {
    const path = localPathFor(o.destination, o.prefix, obj.key);
    if (o.journal.has(obj) && (await sizeOf(path)) === obj.size) {
      summary.skipped++;
      meter.files++;
      meter.bytes += obj.size;
    } else todo.push(obj);
  }
  o.onProgress?.(meter);
  await mkdir(o.destination, { recursive: true });
  const folders = new Set<string>([resolve(o.destination)]);
  const reader = new ObjectReader(o.target, concurrency);
  const large = todo.filter((obj) => obj.size >= RANGED_DOWNLOAD_BYTES);
  const pool = large.length ? new HashPool() : null;
  const ranged: RangedDownload[] = [];
  try {
    const plans = await planAll(o, reader, large, concurrency);
    const items: WorkItem[] = [];
    const context = pool && { ...o, endpoint: o.target.endpoint, reader, pool, buffers: new StagingBuffers(), meter };
    for (const obj of todo) {
      const plan = plans.get(obj);
      if (!plan || !context) {
        items.push({ obj });
        continue;
      }
      const final = localPathFor(o.destination, o.prefix, obj.key);
      const r = new RangedDownload(context, obj, final, `${final}.part-${o.partTag}`, plan, () =>
        ensureFolder(folders, dirname(final)),
      );
      ranged.push(r);
      items.push(...r.slices.map((_, index) => ({ ranged: r, index })));
    }
    await runPool(
      items,
      concurrency,
      async (item) => {
        const check =
          'obj' in item ? await downloadOne(o, reader, item.obj, meter, folders) : await item.ranged.fetch(item.index);
        if (!check) return;
        summary.checks[check.method]++;
        meter.files++;
        o.onProgress?.(meter);
      },
      o.signal,
    );
  } finally {
    // The pool has settled every GET by now: what is not verified and renamed goes, temp file and all.
    await Promise.all(ranged.map((r) => r.abandon()));
    await pool?.terminate();
    reader.destroy();
  }
  return summary;
}

// Part sizes of large objects, asked of the server only where no single common size fits.
async function planAll(
  o: DownloadOptions,
  reader: ObjectReader,
  large: ListedObject[],
  concurrency: number,
): Promise<Map<ListedObject, LargeObjectPlan>> {
  const plans = new Map<ListedObject, LargeObjectPlan>();
  await runPool(
    large,
    concurrency,
    async (obj) => {
      try {
        const plan = await planLargeObject(reader, o.bucket, obj, o.signal);
        if (plan) plans.set(obj, plan);
      } catch (err) {
        throw explainS3Error(
          err,
          { endpoint: o.target.endpoint, bucket: o.bucket, key: obj.key, action: 'HeadObject' },
          o.signal,
        );
      }
    },
    o.signal,
  );
  return plans;
}

async function downloadOne(
  o: DownloadOptions,
  reader: ObjectReader,
  obj: ListedObject,
  meter: TransferMeter,
  folders: Set<string>,
): Promise<EtagCheck> {
  const final = localPathFor(o.destination, o.prefix, obj.key);
  const part = `${final}.part-${o.partTag}`;
  const verifier = new EtagVerifier(obj.etag, obj.size);
  let counted = 0;
  try {
    await ensureFolder(folders, dirname(final));
    // If-Match: an object replaced since the listing fails instead of mixing two versions.
    const body = await reader.get(o.bucket, obj.key, { ifMatch: `"${obj.etag}"`, signal: o.signal });
    // Small objects are held in memory and written with one synchronous write: per-object stream and
    // thread-pool hops cost more than the bytes at 100 KB, and the client's CPU limits that case.
    const small = obj.size <= SMALL_OBJECT_BYTES;
    // Large objects are written in batches of a few MB: one thread-pool write per 64 KB chunk is
    // what held a single stream below the AWS CLI's ranged GETs.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const out = small ? null : await open(part, 'w');
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        verifier.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        counted += chunk.length;
        meter.bytes += chunk.length;
        o.onProgress?.(meter);
        if (out && pendingBytes >= WRITE_BATCH_BYTES) {
          await out.writev(pending);
          pending = [];
          pendingBytes = 0;
        }
      }
      if (out && pending.length) await out.writev(pending);
    } finally {
      await out?.close();
    }
    if (small) writeSmall(part, pending);
    let check = verifier.finish();
    if (check.ok && check.method === 'size-and-parts') {
      // No common part size reproduced the ETag: ask the server for it and hash the file's parts again.
      const target = { bucket: o.bucket, key: obj.key, etag: obj.etag, size: obj.size, file: part, signal: o.signal };
      check = await settleMultipart(reader, target, check);
    }
    if (!check.ok) {
      throw new WorkbenchError('INTERNAL', `Downloaded ${obj.key} does not match its ETag: ${check.detail}.`, {
        hint: 'The object may have changed during the transfer; run it again.',
      });
    }
    if (small) renameSync(part, final);
    else await rename(part, final);
    o.journal.record(obj);
    return check;
  } catch (err) {
    meter.bytes -= counted;
    await rm(part, { force: true });
    if (o.signal?.aborted) throw cancelledError('The download');
    throw explainS3Error(err, { endpoint: o.target.endpoint, bucket: o.bucket, key: obj.key, action: 'GetObject' }, o.signal);
  }
}

/** Writes a small object's chunks with one gathered write: no copy into one buffer first. */
function writeSmall(path: string, chunks: Buffer[]): void {
  const fd = openSync(path, 'w');
  try {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const written = writevSync(fd, chunks);
    // A short gathered write is rare (signals, full disks); the rest goes in the usual way.
    if (written < total) {
      const rest = Buffer.concat(chunks).subarray(written);
      for (let at = 0; at < rest.length;) at += writeSync(fd, rest, at);
    }
  } finally {
    closeSync(fd);
  }
}

/** How much of a large object is gathered before one write. */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

/** Objects up to this size are buffered and written in one go. */
export const SMALL_OBJECT_BYTES = 1024 * 1024;

// Folders made by this download: one mkdir per folder rather than one per object.
async function ensureFolder(made: Set<string>, dir: string): Promise<void> {
  if (made.has(dir)) return;
  await mkdir(dir, { recursive: true });
  made.add(dir);
}

/** Lists a prefix with a short-lived SDK client, explaining failures. */
export async function listObjects(
  target: S3Target,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const client = transferClient(target, 1);
  try {
    return await listPrefix(client, bucket, prefix, signal);
  } catch (err) {
    throw explainS3Error(err, { endpoint: target.endpoint, bucket, action: 'ListObjectsV2' }, signal);
  } finally {
    client.destroy();
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}
