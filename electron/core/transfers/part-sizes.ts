import type { IncomingMessage } from 'node:http';
import { checkFileParts, multipartCount, type EtagCheck } from './etag';
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
export async function serverPartSizes(reader: ObjectReader, t: PartCheckTarget): Promise<number[] | null> {
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
