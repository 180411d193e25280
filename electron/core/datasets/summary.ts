import sharp from 'sharp';
import type { Dataset, DatasetSummary } from '../../../shared/datasets';
import type { SourceBrowser } from '../browse/source-browser';
import { looksLikeImage } from '../browse/source-browser';
import { MAX_THUMBNAIL_SOURCE_BYTES } from '../browse/thumbnails';
import { cancelledError } from '../errors';
import { classTally } from '../../../shared/label-rules';

/** How many images the size statistics read by default: enough to see mixed sizes, cheap on any prefix. */
export const DEFAULT_SIZE_SAMPLE = 32;

/** What a summary reports as it goes: objects listed so far. */
export type SummaryProgress = (listed: number, message: string) => void;

/** Evenly spaced picks from a list, so a sample spans the whole dataset rather than its first files. */
export function evenSample<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}

/**
 * Summarises a dataset: lists every object under its prefix (count, bytes, classes by its label
 * rule, over its images when it has any), then reads a sample of its images for their pixel sizes.
 */
export async function summarise(
  browser: SourceBrowser,
  dataset: Pick<Dataset, 'bucket' | 'prefix' | 'labelRule'>,
  options: { signal?: AbortSignal; progress?: SummaryProgress; sampleSize?: number } = {},
): Promise<DatasetSummary> {
  const { signal, progress } = options;
  // Classes are counted over images when there are any: a README next to the images is not a class.
  const imageTally = classTally(dataset.labelRule);
  const allTally = classTally(dataset.labelRule);
  const images: { key: string; size: number }[] = [];
  let objectCount = 0;
  let totalBytes = 0;
  let imageFiles = 0;
  for await (const batch of browser.walk(dataset.bucket, dataset.prefix, signal)) {
    for (const o of batch) {
      objectCount += 1;
      totalBytes += o.size;
      const relative = o.key.slice(dataset.prefix.length);
      allTally.add(relative);
      if (looksLikeImage(o.key, null)) {
        imageTally.add(relative);
        imageFiles += 1;
        if (o.size <= MAX_THUMBNAIL_SOURCE_BYTES) images.push({ key: o.key, size: o.size });
      }
    }
    progress?.(objectCount, `Listed ${objectCount} objects`);
  }
  // Sorted first, so the sample is the same whatever order the source listed in.
  images.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sizes = new Map<string, { width: number; height: number; count: number }>();
  let sampledImages = 0;
  for (const image of evenSample(images, options.sampleSize ?? DEFAULT_SIZE_SAMPLE)) {
    if (signal?.aborted) throw cancelledError('The dataset summary');
    const meta = await sharp(await browser.read(dataset.bucket, image.key, signal))
      .metadata()
      .catch(() => null); // an unreadable file is not an image size; the class counts still stand
    if (!meta?.width || !meta.height) continue;
    sampledImages += 1;
    const id = `${meta.width}x${meta.height}`;
    const entry = sizes.get(id) ?? { width: meta.width, height: meta.height, count: 0 };
    entry.count += 1;
    sizes.set(id, entry);
    progress?.(objectCount, `Read the size of ${sampledImages} sample images`);
  }
  return {
    objectCount,
    totalBytes,
    classes: imageFiles ? imageTally.result() : allTally.result(),
    imageSizes: [...sizes.values()].sort((a, b) => b.count - a.count),
    sampledImages,
    computedAt: new Date().toISOString(),
  };
}
