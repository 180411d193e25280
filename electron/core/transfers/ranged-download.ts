import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { WorkbenchError } from '../errors';
import { multipartEtag, normalizeEtag, type EtagCheck } from './etag';
import type { HashPool } from './hash-pool';
import type { TransferJournal } from './journal';
import type { ListedObject } from './listing';
import type { ObjectReader } from './object-reader';
import { partLayout, serverPartSizes, type LargeObjectPlan, type Region } from './part-sizes';
import type { TransferMeter } from './progress';
import { rangedGet, type RangeAnswer } from './range-socket';
import { explainS3Error } from './s3-access';

const MiB = 1024 * 1024;

/** Objects of at least this size are fetched as ranges in parallel rather than as one stream. */
export const RANGED_DOWNLOAD_BYTES = 32 * MiB;

/** The most one ranged GET asks for: a part larger than this is fetched in several ranges. */
export const RANGE_BYTES = 16 * MiB;

/** How much of a range is gathered before one positional write. */
const STAGING_BYTES = MiB;

/**
 * Reused buffers that a range's socket chunks are copied into before each write. Holding the
 * chunks themselves until a batch is written kept up to 64 MB of them alive across 16 GETs, which
 * cost more in full garbage collections than the copy; a small warm buffer also writes cheaper.
 */
export class StagingBuffers {
  private readonly free: Buffer[] = [];

  /** A buffer of STAGING_BYTES, reused when one was given back. */
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(STAGING_BYTES);
  }

  /** Returns a buffer no write uses any more. */
  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

/** What every large object of one download shares. */
export interface RangedContext {
  endpoint: string;
  bucket: string;
  reader: ObjectReader;
  pool: HashPool;
  buffers: StagingBuffers;
  journal: TransferJournal;
  meter: TransferMeter;
  onProgress?: (meter: TransferMeter) => void;
  signal?: AbortSignal;
}

/** One ranged GET: bytes [start, start + length) of the object, inside hashed region `region`. */
interface Slice extends Region {
  region: number;
}

/**
 * One large object fetched as ranges, each written at its offset into the one temporary file.
 * When every range of a hashed region (a part, or the whole single-part object) is on disk, a
 * worker hashes that region back from the file; the last range to land settles the ETag check,
 * renames the file and records it in the journal. Any failure aborts the object's other GETs;
 * `abandon()` then removes the temporary file.
 */
export class RangedDownload {
  /** The GETs this object needs, in order; the pool runs them as separate work items. */
  readonly slices: Slice[] = [];
  private readonly slicesLeft: number[];
  private readonly digests: Promise<Buffer>[] = [];
  private remaining: number;
  private counted = 0;
  private file: Promise<FileHandle> | null = null;
  private closed = false;
  private finished = false;
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly ctx: RangedContext,
    readonly obj: ListedObject,
    private readonly final: string,
    private readonly temp: string,
    private readonly plan: LargeObjectPlan,
    private readonly ensureFolder: () => Promise<void>,
  ) {
    this.slicesLeft = plan.regions.map((r, region) => {
      for (let at = 0; at < r.length; at += RANGE_BYTES) {
        this.slices.push({ start: r.start + at, length: Math.min(RANGE_BYTES, r.length - at), region });
      }
      return Math.ceil(r.length / RANGE_BYTES);
    });
    this.remaining = this.slices.length;
    this.signal = ctx.signal ? AbortSignal.any([ctx.signal, this.controller.signal]) : this.controller.signal;
  }

  /** Fetches one range; the call that lands the last one returns the object's check, the others null. */
  async fetch(index: number): Promise<EtagCheck | null> {
    const slice = this.slices[index]!;
    try {
      this.controller.signal.throwIfAborted();
      const file = await this.open();
      await this.fetchInto(file, slice);
      if (--this.slicesLeft[slice.region]! === 0) this.hashRegion(slice.region);
      return --this.remaining === 0 ? await this.finish() : null;
    } catch (err) {
      // The first failure stops this object's other GETs; theirs (aborts) are not the cause.
      this.controller.abort();
      throw explainS3Error(
        err,
        { endpoint: this.ctx.endpoint, bucket: this.ctx.bucket, key: this.obj.key, action: 'GetObject' },
        this.ctx.signal,
      );
    }
  }

  /** Removes what an unfinished object left: its temporary file, and its bytes from the progress. */
  async abandon(): Promise<void> {
    if (this.finished) return;
    this.controller.abort();
    await this.close();
    await rm(this.temp, { force: true });
    this.ctx.meter.bytes -= this.counted;
    this.counted = 0;
  }

  private open(): Promise<FileHandle> {
    this.file ??= this.ensureFolder().then(() => open(this.temp, 'w'));
    return this.file;
  }

  private async close(): Promise<void> {
    if (this.closed || !this.file) return;
    this.closed = true;
    await (await this.file.catch(() => null))?.close();
  }

  private async fetchInto(file: FileHandle, slice: Slice): Promise<void> {
    const end = slice.start + slice.length - 1;
    const { buffers, meter, onProgress } = this.ctx;
    let buffer = buffers.take();
    let filled = 0;
    let at = slice.start;
    // One write in flight while the next buffer fills, so the socket keeps flowing during the write.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      await writing;
      const full = buffer;
      writing = file.write(full, 0, filled, at).then(() => buffers.give(full));
      // A failed write (a full disk) rejects while the next chunk is read: handled here, thrown at the next await.
      writing.catch(() => undefined);
      at += filled;
      buffer = buffers.take();
      filled = 0;
    };
    // Copies a chunk into the staging buffer; when it fills, reading waits for the write to start.
    const copyIn = (chunk: Buffer, from: number): Promise<void> | void => {
      while (from < chunk.length) {
        const n = chunk.copy(buffer, filled, from);
        filled += n;
        from += n;
        if (filled === buffer.length) {
          const rest = from;
          return flush().then(() => copyIn(chunk, rest));
        }
      }
    };
    // If-Match on every range: an object replaced mid-download fails instead of mixing two versions.
    const request = this.ctx.reader.signedGet(this.ctx.bucket, this.obj.key, {
      'if-match': `"${this.obj.etag}"`,
      range: `bytes=${slice.start}-${end}`,
    });
    try {
      await rangedGet(
        request.url,
        request.path,
        request.headers,
        (chunk) => {
          this.counted += chunk.length;
          meter.bytes += chunk.length;
          onProgress?.(meter);
          return copyIn(chunk, 0);
        },
        { signal: this.signal, onAnswer: (answer) => checkContentRange(answer, slice.start, end, this.obj.size) },
      );
      if (filled) await flush();
      await writing;
    } finally {
      await writing.catch(() => undefined);
      buffers.give(buffer);
    }
  }

  private hashRegion(region: number): void {
    const r = this.plan.regions[region]!;
    const digest = this.ctx.pool.md5Region(this.temp, r.start, r.length);
    // Awaited in finish(); a rejection before then (the object failed elsewhere) is not unhandled.
    digest.catch(() => undefined);
    this.digests[region] = digest;
  }

  private async finish(): Promise<EtagCheck> {
    const digests = await Promise.all(this.digests);
    await this.close();
    const check = await this.verify(digests);
    if (!check.ok) {
      throw new WorkbenchError('INTERNAL', `Downloaded ${this.obj.key} does not match its ETag: ${check.detail}.`, {
        hint: 'The object may have changed during the transfer; run it again.',
      });
    }
    await rename(this.temp, this.final);
    this.finished = true;
    this.ctx.journal.record(this.obj);
    return check;
  }

  private async verify(digests: Buffer[]): Promise<EtagCheck> {
    const want = normalizeEtag(this.obj.etag);
    if (this.plan.partSizes === null) {
      const got = digests[0]!.toString('hex');
      return { ok: got === want, method: 'md5', detail: got === want ? 'MD5 matches the ETag' : `MD5 ${got} ≠ ETag ${want}` };
    }
    const got = multipartEtag(digests);
    if (got === want) return { ok: true, method: 'parts', detail: `every part's MD5 matches (${describe(this.plan.partSizes)})` };
    if (!this.plan.guessed) {
      return { ok: false, method: 'parts', detail: `the MD5s of its ${describe(this.plan.partSizes)} give ${got}, not ${want}` };
    }
    return this.settleGuess();
  }

  // The common part size that fitted the count did not reproduce the ETag: ask the server for the real one.
  private async settleGuess(): Promise<EtagCheck> {
    const { bucket, reader } = this.ctx;
    const { key, etag, size } = this.obj;
    const sizes = await serverPartSizes(reader, { bucket, key, etag, size, signal: this.signal });
    const regions = sizes && partLayout(size, etag, sizes);
    if (!sizes || !regions)
      return { ok: true, method: 'size-and-parts', detail: `size ${size} and ${this.plan.regions.length} parts agree` };
    const guess = this.plan.partSizes!;
    if (sizes.length === 1 && guess.length === 1 && sizes[0] === guess[0]) {
      return { ok: false, method: 'parts', detail: `the MD5s of its ${describe(guess)} do not reproduce the ETag ${etag}` };
    }
    const digests = await Promise.all(regions.map((r) => this.ctx.pool.md5Region(this.temp, r.start, r.length)));
    const got = multipartEtag(digests);
    const want = normalizeEtag(etag);
    return got === want
      ? { ok: true, method: 'parts', detail: `every part's MD5 matches (${describe(sizes)})` }
      : { ok: false, method: 'parts', detail: `the MD5s of its ${describe(sizes)} give ${got}, not ${want}` };
  }
}

const describe = (sizes: readonly number[]) =>
  new Set(sizes).size === 1 ? `${sizes[0]}-byte parts` : `${sizes.length} parts of known sizes`;

// A 206 for another range than asked (or of another object size) must not be written at this offset.
function checkContentRange(answer: RangeAnswer, start: number, end: number, size: number): void {
  const header = answer.headers['content-range'];
  if (header !== `bytes ${start}-${end}/${size}` || Number(answer.headers['content-length']) !== end - start + 1) {
    throw new Error(`asked for bytes ${start}-${end} of ${size}, the server answered ${header ?? 'no Content-Range'}`);
  }
}
