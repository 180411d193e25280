import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { cancelledError, WorkbenchError } from '../errors';
import { classifyS3Error } from '../s3setup/endpoint-test';
import { formatBytes, TransferMeter } from './progress';
import type { TransferJournal } from './journal';
import type { LocalFile } from './local-files';
import { DEFAULT_CONCURRENCY, runPool } from './pool';
import { explainS3Error } from './s3-access';

const MiB = 1024 * 1024;

/** What an upload is asked to do. */
export interface UploadOptions {
  client: S3Client;
  endpoint: string;
  bucket: string;
  files: LocalFile[];
  journal: TransferJournal;
  /** The profile's knowledge: false = single PUTs only; null = not known yet. */
  multipartSupported: boolean | null;
  maxPutBytes: number;
  /** Called once when CreateMultipartUpload answers NotImplemented, to remember it for the endpoint. */
  onMultipartUnsupported: () => Promise<void>;
  /** Called when the server answers EntityTooLarge with its cap, to refuse up front next time. */
  onMaxPut: (bytes: number) => void;
  multipartThreshold?: number;
  partSize?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (meter: TransferMeter) => void;
}

/** What a finished upload did. */
export interface UploadSummary {
  files: number;
  bytes: number;
  skipped: number;
  multipart: number;
  single: number;
}

/** The error that refuses a file no single PUT can carry, naming the limit and the ways around it. */
export function tooLargeError(file: LocalFile, limit: number): WorkbenchError {
  return new WorkbenchError(
    'INVALID_INPUT',
    `${file.path} is ${formatBytes(file.size)}, more than this endpoint accepts in one PUT (${formatBytes(limit)}), and it does not support multipart uploads.`,
    {
      hint: 'Copy it over NFS (mount the volume behind the bucket), or split it into files under the limit (e.g. `split -b 4G`).',
      details: { path: file.path, size: file.size, limit },
    },
  );
}

const fingerprint = (f: LocalFile) => `local-${f.size}-${Math.trunc(f.mtimeMs)}`;

/**
 * Uploads files with a pool: small ones in one PUT with Content-MD5 (the server checks the bytes),
 * large ones in parts where the endpoint supports it. A NotImplemented multipart answer switches
 * to single PUTs and is remembered; files too large for one PUT are refused before anything is sent.
 */
export async function uploadFiles(o: UploadOptions): Promise<UploadSummary> {
  const threshold = o.multipartThreshold ?? 64 * MiB;
  let multipart = o.multipartSupported;
  let learned = false;
  const refuseTooLarge = () => {
    if (multipart !== false) return;
    const big = o.files.find((f) => f.size > o.maxPutBytes);
    if (big) throw tooLargeError(big, o.maxPutBytes);
  };
  refuseTooLarge();
  const meter = new TransferMeter(
    o.files.reduce((n, f) => n + f.size, 0),
    o.files.length,
  );
  const summary: UploadSummary = { files: o.files.length, bytes: meter.totalBytes, skipped: 0, multipart: 0, single: 0 };
  const todo = o.files.filter((f) => {
    const done = o.journal.has({ key: f.key, size: f.size, etag: fingerprint(f) });
    if (done) {
      summary.skipped++;
      meter.files++;
      meter.bytes += f.size;
    }
    return !done;
  });
  o.onProgress?.(meter);
  const where = (f: LocalFile, action: string) => ({ endpoint: o.endpoint, bucket: o.bucket, key: f.key, action });

  await runPool(
    todo,
    o.concurrency ?? DEFAULT_CONCURRENCY,
    async (f) => {
      let sent = 0;
      const count = (n: number) => {
        sent += n;
        meter.bytes += n;
        o.onProgress?.(meter);
      };
      try {
        if (multipart !== false && (f.size > threshold || f.size > o.maxPutBytes)) {
          if (await uploadMultipart(o, f, o.partSize ?? 16 * MiB, count)) {
            summary.multipart++;
            meter.files++;
            o.journal.record({ key: f.key, size: f.size, etag: fingerprint(f) });
            return;
          }
          // Remembered for every later file of this transfer and, through the profile, for later transfers.
          if (!learned) {
            learned = true;
            multipart = false;
            await o.onMultipartUnsupported();
          }
        }
        if (f.size > o.maxPutBytes) throw tooLargeError(f, o.maxPutBytes);
        await putSingle(o, f, count);
        summary.single++;
        meter.files++;
        o.journal.record({ key: f.key, size: f.size, etag: fingerprint(f) });
        o.onProgress?.(meter);
      } catch (err) {
        meter.bytes -= sent;
        if (o.signal?.aborted) throw cancelledError('The upload');
        const e = err as { name?: string; MaxSizeAllowed?: string };
        if (e.name === 'EntityTooLarge') {
          const cap = Number(e.MaxSizeAllowed);
          const limit = Number.isFinite(cap) && cap > 0 ? cap : f.size - 1;
          o.onMaxPut(limit);
          throw tooLargeError(f, limit);
        }
        throw explainS3Error(err, where(f, 'PutObject'), o.signal);
      }
    },
    o.signal,
  );
  return summary;
}

async function putSingle(o: UploadOptions, f: LocalFile, count: (n: number) => void): Promise<void> {
  // Small files are read once into memory; larger ones are hashed first, then streamed.
  if (f.size <= 16 * MiB) {
    const body = await readFile(f.path, { signal: o.signal });
    const md5 = createHash('md5').update(body).digest('base64');
    await o.client.send(
      new PutObjectCommand({ Bucket: o.bucket, Key: f.key, Body: body, ContentLength: body.length, ContentMD5: md5 }),
      { abortSignal: o.signal },
    );
    count(body.length);
    return;
  }
  const hash = createHash('md5');
  for await (const chunk of createReadStream(f.path, { signal: o.signal })) hash.update(chunk as Buffer);
  const body = createReadStream(f.path, { signal: o.signal });
  body.on('data', (c) => count(c.length));
  await o.client.send(
    new PutObjectCommand({ Bucket: o.bucket, Key: f.key, Body: body, ContentLength: f.size, ContentMD5: hash.digest('base64') }),
    { abortSignal: o.signal },
  );
}

/** Sends a file in parts; false when the server answered NotImplemented (nothing was sent). */
async function uploadMultipart(o: UploadOptions, f: LocalFile, partSize: number, count: (n: number) => void): Promise<boolean> {
  let uploadId: string | undefined;
  try {
    const created = await o.client.send(new CreateMultipartUploadCommand({ Bucket: o.bucket, Key: f.key }), {
      abortSignal: o.signal,
    });
    uploadId = created.UploadId;
  } catch (err) {
    if (classifyS3Error(err).kind === 'not-implemented') return false;
    throw explainS3Error(err, { endpoint: o.endpoint, bucket: o.bucket, key: f.key, action: 'CreateMultipartUpload' }, o.signal);
  }
  const handle = await open(f.path, 'r');
  try {
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let n = 1, at = 0; at < f.size || n === 1; n++, at += partSize) {
      const length = Math.min(partSize, f.size - at);
      const buf = Buffer.alloc(length);
      await handle.read(buf, 0, length, at);
      const md5 = createHash('md5').update(buf).digest('base64');
      const res = await o.client.send(
        new UploadPartCommand({
          Bucket: o.bucket,
          Key: f.key,
          UploadId: uploadId,
          PartNumber: n,
          Body: buf,
          ContentLength: length,
          ContentMD5: md5,
        }),
        { abortSignal: o.signal },
      );
      parts.push({ PartNumber: n, ETag: res.ETag ?? '' });
      count(length);
    }
    await o.client.send(
      new CompleteMultipartUploadCommand({ Bucket: o.bucket, Key: f.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      { abortSignal: o.signal },
    );
    return true;
  } catch (err) {
    // Best effort: an upload left open costs space on the server until it expires.
    await o.client
      .send(new AbortMultipartUploadCommand({ Bucket: o.bucket, Key: f.key, UploadId: uploadId }))
      .catch(() => undefined);
    throw err;
  } finally {
    await handle.close();
  }
}
