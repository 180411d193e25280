import type { IncomingMessage } from 'node:http';
import { candidatePartSizes, checkFileParts, multipartCount, type EtagCheck } from './etag';
import type { ListedObject } from './listing';
import { S3ResponseError, type ObjectReader } from './object-reader';

/** The object a download is checking: where it is, what the listing said, where its bytes landed. */
export interface PartCheckTarget {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  /** The downloaded file (still under its temporary name). */
  file: string;
  signal?: AbortSignal;
}

/** The size of one part as a `HEAD ?partNumber=N` answer gives it, or null when the server ignored partNumber. */
function partLength(res: IncomingMessage, parts: number): number | null {
  const count = Number(res.headers['x-amz-mp-parts-count']);
  const length = Number(res.headers['content-length']);
  if (res.statusCode !== 206 || count !== parts || !Number.isSafeInteger(length) || length <= 0) return null;
  return length;
}

/**
 * The part sizes of a multipart object, asked of the server: `HEAD ?partNumber=1` gives the part
 * size; when equal parts of that size cannot make the object, every part is asked for. Null when
 * the server does not answer per part (no `x-amz-mp-parts-count`, or an error other than 412).
 */
export async function serverPartSizes(reader: ObjectReader, t: Omit<PartCheckTarget, 'file'>): Promise<number[] | null> {
  const parts = multipartCount(t.etag);
  if (parts === null) return null;
  const ask = async (partNumber: number): Promise<number | null> => {
    try {
      const res = await reader.head(t.bucket, t.key, { partNumber, ifMatch: `"${t.etag}"`, signal: t.signal });
      return partLength(res, parts);
    } catch (err) {
      // 412: the object changed since the listing, which the download must not accept.
      if (err instanceof S3ResponseError && err.status !== 412) return null;
      throw err;
    }
  };
  const first = await ask(1);
  if (first === null) return null;
  if (Math.ceil(t.size / first) === parts) return [first];
  const sizes = [first];
  for (let n = 2; n <= parts; n++) {
    const size = await ask(n);
    if (size === null) return null;
    sizes.push(size);
  }
  return sizes;
}

/**
 * Settles a multipart check the streaming verifier could not: with the server's part size, the
 * downloaded file's parts are hashed again and must reproduce the ETag; a part size already tried
 * while streaming means the bytes differ. Without one, the size-and-parts result stands.
 */
export async function settleMultipart(reader: ObjectReader, t: PartCheckTarget, unresolved: EtagCheck): Promise<EtagCheck> {
  const sizes = await serverPartSizes(reader, t);
  if (sizes === null) return unresolved;
  const [only] = sizes;
  if (sizes.length === 1 && only !== undefined && unresolved.triedPartSizes?.includes(only)) {
    return { ok: false, method: 'parts', detail: `the MD5s of its ${only}-byte parts do not reproduce the ETag ${t.etag}` };
  }
  return checkFileParts(t.file, t.etag, sizes);
}

/** A byte region of an object: one part, or the whole of a single-part object. */
export interface Region {
  start: number;
  length: number;
}

/**
 * How a large object is cut for verification: its parts (multipart ETag) or one region (plain MD5).
 * `partSizes` null means single-part; `guessed` means the part size is the one common size that
 * fits the part count, not the server's answer, so a mismatch asks the server before failing.
 */
export interface LargeObjectPlan {
  regions: Region[];
  partSizes: number[] | null;
  guessed: boolean;
}

/**
 * The parts of an object of `size` bytes cut by `partSizes` (the last size repeats), or null when
 * they do not make exactly the ETag's part count.
 */
export function partLayout(size: number, etag: string, partSizes: readonly number[]): Region[] | null {
  const parts = multipartCount(etag);
  if (parts === null || !partSizes.length || partSizes.some((p) => !Number.isSafeInteger(p) || p <= 0)) return null;
  const regions: Region[] = [];
  for (let start = 0; start < size && regions.length <= parts;) {
    const length = Math.min(partSizes[Math.min(regions.length, partSizes.length - 1)]!, size - start);
    regions.push({ start, length });
    start += length;
  }
  return regions.length === parts ? regions : null;
}

/**
 * Plans a large object's ranges: a single-part object is one region; a multipart one is cut at its
 * parts, by the one common part size that fits its count or else by the server's `HEAD ?partNumber=`
 * answer. Null when the part size cannot be known (the object is then streamed and checked as before).
 */
export async function planLargeObject(
  reader: ObjectReader,
  bucket: string,
  obj: ListedObject,
  signal?: AbortSignal,
): Promise<LargeObjectPlan | null> {
  const parts = multipartCount(obj.etag);
  if (parts === null) return { regions: [{ start: 0, length: obj.size }], partSizes: null, guessed: false };
  const candidates = candidatePartSizes(obj.size, parts);
  if (candidates.length === 1) {
    const regions = partLayout(obj.size, obj.etag, candidates);
    if (regions) return { regions, partSizes: candidates, guessed: true };
  }
  const sizes = await serverPartSizes(reader, { bucket, key: obj.key, etag: obj.etag, size: obj.size, signal });
  const regions = sizes && partLayout(obj.size, obj.etag, sizes);
  return sizes && regions ? { regions, partSizes: sizes, guessed: false } : null;
}
