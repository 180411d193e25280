import { createHash } from 'node:crypto';
import { join } from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { WorkbenchError } from '../errors';
import { looksLikeImage, type SourceBrowser } from './source-browser';
import { DEFAULT_THUMBNAIL_CACHE_BYTES, readThumbnailFile, writeThumbnailFile } from './thumbnail-store';

/** The largest object a thumbnail is made from: beyond this, decoding costs more than a preview is worth. */
export const MAX_THUMBNAIL_SOURCE_BYTES = 50 * 1024 * 1024;

/** The folder, in the data directory, where thumbnails are cached. */
export const THUMBNAIL_DIR = 'thumbnails';

/** What a thumbnail is asked for. */
export interface ThumbnailRequest {
  sourceId: string;
  bucket: string;
  key: string;
  size: number;
}

/** A thumbnail as `browse.thumbnail` answers it. */
export interface Thumbnail {
  dataUrl: string;
  width: number;
  height: number;
  cached: boolean;
}

/**
 * Makes (or reads from the disk cache) a JPEG thumbnail whose longest side is `size` pixels. The
 * cache key includes the ETag, so a changed object gets a new thumbnail and never a stale one. The
 * disk cache is kept within `maxCacheBytes` (256 MiB by default), least recently used out first.
 */
export async function thumbnail(
  browser: SourceBrowser,
  dataDir: string,
  request: ThumbnailRequest,
  signal?: AbortSignal,
  options: { maxCacheBytes?: number } = {},
): Promise<Thumbnail> {
  const { sourceId, bucket, key, size } = request;
  const details = await browser.details(bucket, key, signal);
  if (!looksLikeImage(key, details.contentType)) {
    throw new WorkbenchError('INVALID_INPUT', `${details.name} is not an image (${details.contentType ?? 'unknown type'}).`, {
      hint: 'Thumbnails are made for JPEG, PNG, WebP, GIF, TIFF and AVIF files.',
    });
  }
  if (details.size > MAX_THUMBNAIL_SOURCE_BYTES) {
    throw new WorkbenchError(
      'INVALID_INPUT',
      `${details.name} is ${(details.size / 1024 ** 2).toFixed(0)} MB; thumbnails are made for images up to ${MAX_THUMBNAIL_SOURCE_BYTES / 1024 ** 2} MB.`,
      { hint: 'Download the file to view it.' },
    );
  }
  const dir = join(dataDir, THUMBNAIL_DIR);
  const id = createHash('sha256')
    .update([sourceId, bucket, key, details.etag, String(size)].join('\0'))
    .digest('hex');
  const file = join(dir, `${id}.jpg`);
  const jpeg = await readThumbnailFile(file);
  if (jpeg) {
    const meta = await sharp(jpeg).metadata();
    return { dataUrl: dataUrl(jpeg), width: meta.width ?? 0, height: meta.height ?? 0, cached: true };
  }
  const bytes = await browser.read(bucket, key, signal);
  let out: { data: Buffer; info: OutputInfo };
  try {
    // rotate() applies the EXIF orientation, so a phone photo is shown upright.
    out = await sharp(bytes)
      .rotate()
      .resize(size, size, { fit: 'inside' })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new WorkbenchError('INVALID_INPUT', `${details.name} could not be decoded as an image.`, {
      hint: 'The file may be damaged or not really an image.',
      cause: err,
    });
  }
  await writeThumbnailFile(dir, file, out.data, options.maxCacheBytes ?? DEFAULT_THUMBNAIL_CACHE_BYTES);
  return { dataUrl: dataUrl(out.data), width: out.info.width, height: out.info.height, cached: false };
}

function dataUrl(jpeg: Buffer): string {
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
