import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { PassThrough, pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { S3Error, s3Errors } from '../model/s3-errors';
import { AwsChunkedDecoder } from './aws-chunked';
import { checksumAlgorithm, ChecksumVerifier } from './checksums';
import { UNSIGNED_PAYLOAD, type VerifiedRequest } from './sigv4';

/** How a request's body reaches the model: its plain length and a verifying stream of its bytes. */
export interface RequestBody {
  /** The declared plain length (x-amz-decoded-content-length for aws-chunked), when known before reading. */
  length: number | undefined;
  /** The plain bytes; fails (and so fails the write) on any signature, hash or checksum mismatch. */
  stream: Readable;
  /** The `x-amz-checksum-*` header to echo once the body has been read, as S3 does. */
  checksum(): { header: string; value: string } | null;
}

/** Checks the body against a hex x-amz-content-sha256 as it passes. */
class Sha256Verifier extends Transform {
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const computed = this.hash.digest('hex');
    if (computed === this.expected) return done();
    done(
      new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        {
          ClientComputedContentSHA256: this.expected,
          S3ComputedContentSHA256: computed,
        },
      ),
    );
  }
}

/** A pass-through that sends "100 Continue" when the model first reads it: early refusals never invite the upload. */
function continueOnFirstRead(sendContinue: () => void): PassThrough {
  const gate = new PassThrough();
  const read = gate._read.bind(gate);
  let sent = false;
  gate._read = (size: number) => {
    if (!sent) {
      sent = true;
      sendContinue();
    }
    read(size);
  };
  return gate;
}

function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw s3Errors.invalidArgument(`Invalid length "${value}"`);
  return Number(value);
}

const STREAMING = new Set([
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
]);

/**
 * Builds the stream of a request's plain bytes from how it was signed: UNSIGNED-PAYLOAD as is; a
 * hex SHA-256 checked at the end (XAmzContentSHA256Mismatch); the STREAMING-… modes decoded from
 * aws-chunked, with every chunk signature (and the trailer signature) verified; a checksum sent as
 * `x-amz-checksum-*` header or trailer verified where the lab can compute it.
 */
export function requestBody(
  req: IncomingMessage,
  headers: Record<string, string>,
  verified: VerifiedRequest,
  sendContinue: () => void,
): RequestBody {
  const mode = verified.payload;
  const stages: (Transform | PassThrough)[] = [];
  const trailerNames = (headers['x-amz-trailer'] ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const headerChecksum = Object.keys(headers).find((h) => checksumAlgorithm(h) && h.startsWith('x-amz-checksum-'));
  const trailerChecksum = trailerNames.find((t) => checksumAlgorithm(t));
  const algorithm = checksumAlgorithm(headerChecksum ?? trailerChecksum);
  const verifier = algorithm ? new ChecksumVerifier(algorithm, headerChecksum ? headers[headerChecksum] : undefined) : null;
  let length: number | undefined;
  if (STREAMING.has(mode)) {
    length = declaredLength(headers['x-amz-decoded-content-length']);
    if (length === undefined)
      throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length HTTP header.', 411);
    const decoder = new AwsChunkedDecoder({
      signing: mode.startsWith('STREAMING-AWS4-HMAC') ? verified.chunks : undefined,
      trailer: mode.endsWith('-TRAILER'),
      decodedLength: length,
      onTrailer: (name, value) => {
        if (verifier && name === trailerChecksum) verifier.expect(value);
      },
    });
    stages.push(decoder);
    if (trailerChecksum && verifier) {
      // A declared trailer that never comes is as wrong as one that does not match.
      stages.push(
        new Transform({
          transform: (chunk: Buffer, _e, done) => done(null, chunk),
          flush: (done) =>
            done(
              decoder.trailers.has(trailerChecksum)
                ? null
                : s3Errors.invalidRequest(`The trailer ${trailerChecksum} is missing.`),
            ),
        }),
      );
    }
  } else if (mode === UNSIGNED_PAYLOAD) {
    length = declaredLength(headers['content-length']);
  } else if (/^[0-9a-f]{64}$/.test(mode)) {
    length = declaredLength(headers['content-length']);
    stages.push(new Sha256Verifier(mode));
  } else if (mode.startsWith('STREAMING-')) {
    throw s3Errors.notImplemented(`The payload mode ${mode}`);
  } else {
    throw s3Errors.invalidArgument('x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid sha256 value.');
  }
  if (verifier) stages.push(verifier);
  const gate = continueOnFirstRead(sendContinue);
  // The model reports the body's errors where it reads it; a body it never reads must not crash the process.
  gate.on('error', () => undefined);
  const chain = [...stages, gate];
  const head = chain[0] ?? gate;
  if (chain.length > 1) pipeline(chain, () => undefined);
  // The request is piped, not part of the pipeline: a failure downstream must not destroy it (and
  // with it the socket) before the error response is written; a client that goes away fails the chain.
  req.pipe(head);
  req.once('error', (err) => head.destroy(err));
  req.once('close', () => {
    if (!req.complete) head.destroy(Object.assign(new Error('The client closed the connection'), { code: 'ECONNRESET' }));
  });
  return {
    length,
    stream: gate,
    checksum: () => (verifier?.value ? { header: `x-amz-checksum-${verifier.algorithm}`, value: verifier.value } : null),
  };
}

/** Reads a small body (an XML request) whole, refusing more than `limit` bytes. */
export async function readSmall(stream: Readable, limit = 2 * 1024 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}
