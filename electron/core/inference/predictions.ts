import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BatchResult, ImagePredictionResult } from '../../../shared/models';
import { CachedBrowser } from '../browse/cached-browser';
import { looksLikeImage, type SourceBrowser } from '../browse/source-browser';
import type { SourceCatalog } from '../browse/sources';
import type { DatasetCache } from '../dataset-cache/dataset-cache';
import { cancelledError, WorkbenchError } from '../errors';
import type { JobContext } from '../jobs/job-registry';
import { decodeRgb, resizeRgbLikePillow, rgbToNormalizedChw } from './image-preprocess';
import type { Classifier } from './onnx-model';

/** The folder, in the data directory, where batch predictions write their CSV files. */
export const PREDICTIONS_DIR = 'predictions';
/** The largest image predicted on (as for thumbnails: beyond this decoding costs more than it is worth). */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

/** An image to predict on: an object of a source, or a local file. */
export type ImageRef = { sourceId: string; bucket: string; key: string } | { path: string };

/** Where images are read from: the sources, with the dataset cache in front of S3 ones. */
export interface ImageReader {
  sources: SourceCatalog;
  cache: DatasetCache;
}

/** Runs `fn` over a source whose reads come from the dataset cache first (S3), like the browser's previews. */
export async function withSource<T>(reader: ImageReader, sourceId: string, fn: (b: SourceBrowser) => Promise<T>): Promise<T> {
  const source = await reader.sources.get(sourceId);
  return reader.sources.with(sourceId, (b) => fn(source.kind === 's3' ? new CachedBrowser(b, reader.cache, source.location) : b));
}

function tooLarge(name: string, bytes: number): WorkbenchError {
  return new WorkbenchError(
    'INVALID_INPUT',
    `${name} is ${(bytes / 1024 ** 2).toFixed(0)} MB; predictions take images up to 50 MB.`,
    {
      hint: 'Resize the image first.',
    },
  );
}

/** The bytes of an image, by reference; NOT_FOUND / INVALID_INPUT with what to do. */
export async function readImage(reader: ImageReader, ref: ImageRef, signal?: AbortSignal): Promise<Buffer> {
  if ('path' in ref) {
    const st = await stat(ref.path).catch(() => null);
    if (!st || !st.isFile()) {
      throw new WorkbenchError('NOT_FOUND', `There is no file ${ref.path}.`, { hint: 'Check the path (an absolute one).' });
    }
    if (st.size > MAX_IMAGE_BYTES) throw tooLarge(ref.path, st.size);
    return readFile(ref.path);
  }
  return withSource(reader, ref.sourceId, async (b) => {
    const details = await b.details(ref.bucket, ref.key, signal);
    if (details.size > MAX_IMAGE_BYTES) throw tooLarge(details.name, details.size);
    return b.read(ref.bucket, ref.key, signal);
  });
}

/** Classifies an image's bytes, answering its original size too. */
export async function classifyBytes(
  classifier: Classifier,
  bytes: Buffer,
): Promise<Omit<ImagePredictionResult, 'previewDataUrl'>> {
  const { data, width, height } = await decodeRgb(bytes);
  const size = classifier.imageSize;
  const tensor = rgbToNormalizedChw(resizeRgbLikePillow(data, width, height, size, size), size * size);
  return { ...classifier.toPrediction(await classifier.predictTensor(tensor, 1)), width, height };
}

/** A small JPEG of the image for the UI (EXIF orientation applied, so a phone photo shows upright). */
export async function previewOf(bytes: Buffer): Promise<string> {
  const jpeg = await sharp(bytes).rotate().resize(320, 320, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV a batch writes to. */
export function batchCsvPath(dataDir: string, jobId: string): string {
  return join(dataDir, PREDICTIONS_DIR, `${jobId}.csv`);
}

/**
 * Classifies every image under a prefix, writing `key,label,score_<label>…` rows to
 * `<dataDir>/predictions/<jobId>.csv` (written aside and renamed when complete, removed on cancel).
 */
export async function runBatch(
  job: JobContext,
  options: { dataDir: string; reader: ImageReader; sourceId: string; bucket: string; prefix: string; classifier: Classifier },
): Promise<BatchResult> {
  const { classifier, bucket, prefix } = options;
  const csvPath = batchCsvPath(options.dataDir, job.jobId);
  const partial = `${csvPath}.partial`;
  await mkdir(join(options.dataDir, PREDICTIONS_DIR), { recursive: true });
  const out = createWriteStream(partial);
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => out.write(line, (err) => (err ? reject(err) : resolve())));
  const byLabel: Record<string, number> = Object.fromEntries(classifier.labels.map((l) => [l, 0]));
  let rows = 0;
  let skipped = 0;
  try {
    await write(['key', 'label', ...classifier.labels.map((l) => `score_${l}`)].map(csvField).join(',') + '\n');
    await withSource(options.reader, options.sourceId, async (b) => {
      job.progress({ message: `Listing ${bucket}/${prefix}…` });
      const keys: string[] = [];
      // A prefix may end mid-name ("test/good"); local folders are walked by folder, so walk its folder and filter.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      for await (const page of b.walk(bucket, folder, job.signal)) {
        for (const entry of page) if (entry.key.startsWith(prefix) && looksLikeImage(entry.key, null)) keys.push(entry.key);
      }
      job.progress({ done: 0, total: keys.length, message: `${keys.length} images to classify` });
      for (const [i, key] of keys.entries()) {
        if (job.signal.aborted) throw cancelledError('The batch prediction');
        try {
          const bytes = await b.read(bucket, key, job.signal);
          const p = await classifyBytes(classifier, bytes);
          await write([key, p.label, ...classifier.labels.map((l) => String(p.scores[l]))].map(csvField).join(',') + '\n');
          byLabel[p.label] = (byLabel[p.label] ?? 0) + 1;
          rows += 1;
        } catch (err) {
          if (job.signal.aborted) throw cancelledError('The batch prediction');
          if (!(err instanceof WorkbenchError) || err.code !== 'INVALID_INPUT') throw err;
          skipped += 1; // a file named like an image that does not decode
        }
        job.progress({ done: i + 1, message: `${i + 1} of ${keys.length} images` });
      }
    });
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(partial, csvPath);
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
  job.progress({ message: `${rows} images classified → ${csvPath}` });
  return { csvPath, rows, byLabel, skipped };
}

/** Re-reads a finished batch's CSV (after a restart, when its result is no longer in memory). */
export async function readBatchCsv(dataDir: string, jobId: string): Promise<BatchResult | null> {
  const csvPath = batchCsvPath(dataDir, jobId);
  const text = await readFile(csvPath, 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n').filter(Boolean).slice(1);
  const byLabel: Record<string, number> = {};
  const columns = text.slice(0, text.indexOf('\n')).split(',').length;
  for (const line of lines) {
    // The label is the second field; keys may be quoted and hold commas, so parse from the right.
    const fields = line.split(',');
    const label = fields[fields.length - columns + 1]!;
    byLabel[label] = (byLabel[label] ?? 0) + 1;
  }
  return { csvPath, rows: lines.length, byLabel, skipped: 0 };
}
