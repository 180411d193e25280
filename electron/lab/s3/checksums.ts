import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { S3Error } from '../model/s3-errors';

/** The checksum algorithms S3 clients send (`x-amz-checksum-<name>`). */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
/** One of them. */
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Reads `x-amz-checksum-crc32` (or a bare `CRC32`) as an algorithm name. */
export function checksumAlgorithm(name: string | undefined): ChecksumAlgorithm | null {
  const n = (name ?? '').toLowerCase().replace(/^x-amz-checksum-/, '');
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(n) ? (n as ChecksumAlgorithm) : null;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), continuing from `previous`; Node has no native one, and a table is fast enough for the lab. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = (CRC32C_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** An incremental checksum whose digest is the base64 S3 puts in `x-amz-checksum-*`. */
export interface Checksummer {
  update(data: Buffer): void;
  digest(): string;
}

function crcDigest(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

/** A checksummer for `algorithm`, or null where the lab does not compute it (CRC-64/NVME: no cheap implementation at hand). */
export function checksummer(algorithm: ChecksumAlgorithm): Checksummer | null {
  if (algorithm === 'crc32' || algorithm === 'crc32c') {
    const step = algorithm === 'crc32' ? crc32 : crc32c;
    let value = 0;
    return { update: (data) => void (value = step(data, value)), digest: () => crcDigest(value) };
  }
  if (algorithm === 'sha1' || algorithm === 'sha256') {
    const hash: Hash = createHash(algorithm);
    return { update: (data) => void hash.update(data), digest: () => hash.digest('base64') };
  }
  return null;
}

/**
 * Passes a body through while computing one checksum, and fails at the end (BadDigest) when it
 * differs from the expected value, which may arrive late (from an aws-chunked trailer). A body
 * that fails never reaches the model's commit, so nothing is written.
 */
export class ChecksumVerifier extends Transform {
  private readonly sum: Checksummer | null;
  private expected: string | null;
  /** The computed value, once the body has ended (null when not computed). */
  value: string | null = null;

  constructor(
    readonly algorithm: ChecksumAlgorithm,
    expected?: string,
  ) {
    super();
    this.sum = checksummer(algorithm);
    this.expected = expected ?? null;
  }

  /** Sets the value to check against (from a trailer). */
  expect(value: string): void {
    this.expected = value;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sum?.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (!this.sum) return done();
    this.value = this.sum.digest();
    if (this.expected !== null && this.expected !== this.value) {
      return done(
        new S3Error('BadDigest', `The ${this.algorithm.toUpperCase()} you specified did not match the calculated checksum.`, 400),
      );
    }
    done();
  }
}
