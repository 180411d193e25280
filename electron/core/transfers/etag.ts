import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const MiB = 1024 * 1024;

/** An ETag without its quotes, lower-case. */
export function normalizeEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '').toLowerCase();
}

/** The part count of a multipart ETag (`<md5>-N`), or null for a single-part one. */
export function multipartCount(etag: string): number | null {
  const m = /^[0-9a-f]{32}-(\d+)$/.exec(normalizeEtag(etag));
  return m ? Number(m[1]) : null;
}

/** The multipart ETag of parts whose MD5s are given: MD5 of the concatenated binary digests, then `-N`. */
export function multipartEtag(partMd5s: readonly Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${partMd5s.length}`;
}

/**
 * The part sizes a client could have used for an object of `size` bytes in `parts` parts: whole
 * MiB sizes that give exactly that count, the common defaults first (AWS CLI 8 MiB, SDKs 5 MiB).
 */
export function candidatePartSizes(size: number, parts: number, max = 3): number[] {
  const fits = (p: number) => Math.ceil(size / p) === parts;
  const out: number[] = [];
  for (const p of [8 * MiB, 5 * MiB, 16 * MiB, 64 * MiB, Math.ceil(size / parts / MiB) * MiB]) {
    if (p > 0 && fits(p) && !out.includes(p)) out.push(p);
  }
  return out.slice(0, max);
}

/** The outcome of checking downloaded bytes against the listed ETag. */
export interface EtagCheck {
  ok: boolean;
  /**
   * `md5`: single-part MD5 equal; `parts`: multipart ETag recomputed; `size-and-parts`: the part size
   * is unknown (no common size reproduced the ETag and the server does not answer `?partNumber=`).
   */
  method: 'md5' | 'parts' | 'size-and-parts';
  detail: string;
  /** For `size-and-parts` from the verifier: the part sizes already tried while streaming. */
  triedPartSizes?: number[];
}

/**
 * Hashes bytes as they stream in and checks them against the object's ETag and size at the end.
 * Single-part: MD5 of the bytes. Multipart: the ETag is recomputed for each plausible part size at
 * once (one pass); when none matches, the size and part count must still agree.
 */
export class EtagVerifier {
  private readonly whole: Hash | null;
  private readonly candidates: { partSize: number; current: Hash; filled: number; digests: Buffer[] }[];
  private received = 0;
  private readonly parts: number | null;

  constructor(
    private readonly etag: string,
    private readonly size: number,
  ) {
    this.parts = multipartCount(etag);
    this.whole = this.parts === null ? createHash('md5') : null;
    this.candidates =
      this.parts === null
        ? []
        : candidatePartSizes(size, this.parts).map((partSize) => ({
            partSize,
            current: createHash('md5'),
            filled: 0,
            digests: [],
          }));
  }

  /** Feeds the next bytes. */
  update(chunk: Buffer): void {
    this.received += chunk.length;
    this.whole?.update(chunk);
    for (const c of this.candidates) {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(c.partSize - c.filled, chunk.length - at);
        c.current.update(chunk.subarray(at, at + take));
        c.filled += take;
        at += take;
        if (c.filled === c.partSize) {
          c.digests.push(c.current.digest());
          c.current = createHash('md5');
          c.filled = 0;
        }
      }
    }
  }

  /** Whether what was fed is the object the listing described. */
  finish(): EtagCheck {
    const want = normalizeEtag(this.etag);
    if (this.received !== this.size) {
      return {
        ok: false,
        method: this.parts === null ? 'md5' : 'size-and-parts',
        detail: `got ${this.received} of ${this.size} bytes`,
      };
    }
    if (this.whole) {
      const got = this.whole.digest('hex');
      return { ok: got === want, method: 'md5', detail: got === want ? 'MD5 matches the ETag' : `MD5 ${got} ≠ ETag ${want}` };
    }
    for (const c of this.candidates) {
      const digests = c.filled > 0 ? [...c.digests, c.current.digest()] : c.digests;
      if (multipartEtag(digests) === want)
        return { ok: true, method: 'parts', detail: `every part's MD5 matches (${c.partSize / MiB} MiB parts)` };
    }
    // Unresolved: the caller asks the server for the part size (`HEAD ?partNumber=1`) and calls
    // `checkFileParts`; where the server cannot say, size and part count are what can be checked.
    return {
      ok: true,
      method: 'size-and-parts',
      detail: `size ${this.size} and ${this.parts} parts agree`,
      triedPartSizes: this.candidates.map((c) => c.partSize),
    };
  }
}

/**
 * Recomputes a multipart ETag from a file on disk, cut into parts of the given sizes (the last size
 * repeats until the file ends): the MD5 of each part, then the MD5 of the digests and `-N`.
 */
export async function checkFileParts(path: string, etag: string, partSizes: readonly number[]): Promise<EtagCheck> {
  const want = normalizeEtag(etag);
  const digests: Buffer[] = [];
  let current = createHash('md5');
  let filled = 0;
  const sizeOf = (i: number) => partSizes[Math.min(i, partSizes.length - 1)] ?? 0;
  if (!partSizes.length || partSizes.some((p) => p <= 0)) return { ok: false, method: 'parts', detail: 'no part size' };
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(sizeOf(digests.length) - filled, chunk.length - at);
      current.update(chunk.subarray(at, at + take));
      filled += take;
      at += take;
      if (filled === sizeOf(digests.length)) {
        digests.push(current.digest());
        current = createHash('md5');
        filled = 0;
      }
    }
  }
  if (filled > 0) digests.push(current.digest());
  const got = multipartEtag(digests);
  const described = new Set(partSizes).size === 1 ? `${partSizes[0]}-byte parts` : `${partSizes.length} parts of known sizes`;
  return got === want
    ? { ok: true, method: 'parts', detail: `every part's MD5 matches (${described})` }
    : { ok: false, method: 'parts', detail: `the MD5s of its ${described} give ${got}, not ${want}` };
}
