import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../model/s3-errors';

/** SHA-256 of nothing: the "headers" hash every chunk's string to sign carries. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_LINE = 4096;
const CRLF = Buffer.from('\r\n');

/** What verifying chunk signatures needs: the request's signature (the first "previous"), date, scope and a signer. */
export interface ChunkSigning {
  seed: string;
  longDate: string;
  scope: string;
  /** HMACs a string with the request's signing key; the AWS signer's `sign(string)`. */
  sign(stringToSign: string): Promise<string>;
}

/** How a body is framed. */
export interface AwsChunkedOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER): every chunk's signature is checked. */
  signing?: ChunkSigning;
  /** True for the *-TRAILER modes: trailing headers (checksums) follow the last chunk. */
  trailer: boolean;
  /** `x-amz-decoded-content-length`: the body must be exactly this long. */
  decodedLength?: number;
  /** Called with each trailing header (lower-case name) as it is read, before the stream ends. */
  onTrailer?: (name: string, value: string) => void;
}

type State = 'header' | 'data' | 'data-crlf' | 'final-crlf' | 'trailers' | 'done';

const malformed = (why: string) => new S3Error('InvalidRequest', `Malformed aws-chunked body: ${why}.`, 400);
const badSignature = () =>
  new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
  );

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` … a zero-size
 * chunk, then trailing headers in the *-TRAILER modes) into the plain bytes, checking each
 * chunk's signature against the previous one (as SigV4 streaming defines) and the trailer
 * signature. Data is passed on as it arrives, without buffering a chunk: a body that fails
 * anywhere fails the whole write, so unverified bytes never become visible.
 */
export class AwsChunkedDecoder extends Transform {
  private state: State = 'header';
  private line: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private chunkSignature = '';
  private hash: Hash | null = null;
  private previous: string;
  private trailerLines: string[] = [];
  /** Plain bytes passed on so far. */
  decoded = 0;
  /** Trailing headers read (lower-case names). */
  readonly trailers = new Map<string, string>();

  constructor(private readonly options: AwsChunkedOptions) {
    super();
    this.previous = options.signing?.seed ?? '';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.consume(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    const cleanEnd =
      this.state === 'done' || (this.line.length === 0 && (this.state === 'final-crlf' || this.state === 'trailers'));
    if (!cleanEnd) return done(new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk.', 400));
    if (this.options.signing && this.options.trailer && this.state !== 'done')
      return done(malformed('the trailer signature is missing'));
    if (this.options.decodedLength !== undefined && this.decoded !== this.options.decodedLength)
      return done(
        new S3Error(
          'IncompleteBody',
          `The decoded body has ${this.decoded} bytes; x-amz-decoded-content-length says ${this.options.decodedLength}.`,
          400,
        ),
      );
    done();
  }

  private async consume(input: Buffer): Promise<void> {
    let buf = input;
    while (buf.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, buf.length);
        const piece = buf.subarray(0, take);
        this.hash?.update(piece);
        this.decoded += take;
        this.push(piece);
        this.remaining -= take;
        buf = buf.subarray(take);
        if (this.remaining === 0) this.state = 'data-crlf';
        continue;
      }
      if (this.state === 'done') {
        if (buf.toString('latin1').trim() !== '') throw malformed('data after the final chunk');
        return;
      }
      const end = this.takeLine(buf);
      if (end < 0) return;
      buf = buf.subarray(end);
      const line = this.line.toString('latin1');
      this.line = Buffer.alloc(0);
      await this.onLine(line);
    }
  }

  /** Appends bytes up to and including the next CRLF to `line`; returns how many were used, or -1 for "need more". */
  private takeLine(buf: Buffer): number {
    // A CR may end one buffer and its LF start the next.
    const joined = this.line.length ? Buffer.concat([this.line, buf]) : buf;
    const at = joined.indexOf(CRLF, Math.max(0, this.line.length - 1));
    if (at < 0) {
      if (joined.length > MAX_LINE) throw malformed('a chunk header is too long');
      this.line = Buffer.from(joined);
      return -1;
    }
    const used = at + 2 - this.line.length;
    this.line = joined.subarray(0, at);
    return used;
  }

  private async onLine(line: string): Promise<void> {
    switch (this.state) {
      case 'header':
        return this.onHeader(line);
      case 'data-crlf':
        if (line !== '') throw malformed('a chunk is longer than its declared size');
        await this.verifyChunk(this.hash?.digest('hex') ?? EMPTY_SHA256);
        this.state = 'header';
        return;
      case 'final-crlf':
        if (line !== '') throw malformed('unexpected bytes after the final chunk');
        this.state = 'done';
        return;
      case 'trailers':
        return this.onTrailerLine(line);
      default:
        throw malformed('unexpected line');
    }
  }

  private async onHeader(line: string): Promise<void> {
    const [sizeHex = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeHex.trim())) throw malformed(`bad chunk size "${sizeHex.slice(0, 20)}"`);
    const size = parseInt(sizeHex.trim(), 16);
    const sig = extensions.map((e) => /^\s*chunk-signature=([0-9a-f]{64})\s*$/.exec(e)?.[1]).find(Boolean);
    if (this.options.signing && !sig) throw malformed('a chunk has no chunk-signature');
    this.chunkSignature = sig ?? '';
    if (size === 0) {
      await this.verifyChunk(EMPTY_SHA256);
      this.state = this.options.trailer ? 'trailers' : 'final-crlf';
      return;
    }
    this.remaining = size;
    this.hash = this.options.signing ? createHash('sha256') : null;
    this.state = 'data';
  }

  private async verifyChunk(dataHash: string): Promise<void> {
    const signing = this.options.signing;
    if (!signing) return;
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      signing.longDate,
      signing.scope,
      this.previous,
      EMPTY_SHA256,
      dataHash,
    ].join('\n');
    const expected = await signing.sign(stringToSign);
    if (!sameHex(expected, this.chunkSignature)) throw badSignature();
    this.previous = this.chunkSignature;
  }

  private async onTrailerLine(line: string): Promise<void> {
    if (line === '') {
      if (this.options.signing) throw malformed('the trailer signature is missing');
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('a trailing header has no name');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature' && this.options.signing) {
      const signing = this.options.signing;
      const canonical = createHash('sha256')
        .update(this.trailerLines.map((l) => `${l}\n`).join(''))
        .digest('hex');
      const expected = await signing.sign(
        ['AWS4-HMAC-SHA256-TRAILER', signing.longDate, signing.scope, this.previous, canonical].join('\n'),
      );
      if (!sameHex(expected, value)) throw badSignature();
      this.state = 'final-crlf';
      return;
    }
    this.trailerLines.push(`${name}:${value}`);
    this.trailers.set(name, value);
    this.options.onTrailer?.(name, value);
  }
}
