import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { crc32 } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** An S3 user's keys. */
export interface S3Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** How a raw request carries its body. */
export type PayloadMode = 'unsigned' | 'signed' | 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer';

/** One raw S3 request: the path is sent exactly as given (never normalised), so `..` segments reach the server. */
export interface RawS3Request {
  method: string;
  /** Percent-encoded path, e.g. `/bucket1/a%20b`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  payload?: PayloadMode;
  /** Size of aws-chunked chunks. */
  chunkSize?: number;
  /** Alters the signed bytes after signing, to test verification. */
  tamper?: (wire: Buffer) => Buffer;
  signingDate?: Date;
  keys?: S3Keys;
}

/** What came back. */
export interface RawS3Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const STREAMING_MODES: Record<string, string> = {
  'streaming-signed': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'streaming-signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'streaming-unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A SigV4 signer for S3 as the AWS SDK configures it. */
export function s3Signer(keys: S3Keys, region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region,
    credentials: keys,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/**
 * Frames `data` as aws-chunked: signed chunks (each signature chained from `seed`) when `signing`
 * is given, a crc32 trailer when `trailer`, and the trailer signature in the signed-trailer mode.
 */
export async function encodeAwsChunked(
  data: Buffer,
  options: {
    chunkSize: number;
    trailer: boolean;
    signing?: { seed: string; longDate: string; scope: string; sign: (s: string) => Promise<string> };
  },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let previous = options.signing?.seed ?? '';
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += options.chunkSize) chunks.push(data.subarray(at, at + options.chunkSize));
  chunks.push(Buffer.alloc(0));
  for (const chunk of chunks) {
    let ext = '';
    if (options.signing) {
      const s = options.signing;
      previous = await s.sign(
        ['AWS4-HMAC-SHA256-PAYLOAD', s.longDate, s.scope, previous, EMPTY_SHA256, sha256(chunk)].join('\n'),
      );
      ext = `;chunk-signature=${previous}`;
    }
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk);
    if (chunk.length) parts.push(Buffer.from('\r\n'));
  }
  if (options.trailer) {
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(data));
    const line = `x-amz-checksum-crc32:${sum.toString('base64')}`;
    parts.push(Buffer.from(`${line}\r\n`));
    if (options.signing) {
      const s = options.signing;
      const sig = await s.sign(['AWS4-HMAC-SHA256-TRAILER', s.longDate, s.scope, previous, sha256(`${line}\n`)].join('\n'));
      parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n`));
    }
    parts.push(Buffer.from('\r\n'));
  } else {
    parts.push(Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const longDateOf = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A small S3 client that signs with the AWS SDK's signer and sends requests exactly as asked. */
export function rawS3(endpoint: string, defaultKeys: S3Keys, options: { ca?: string } = {}) {
  const base = new URL(endpoint);

  async function send(r: RawS3Request): Promise<RawS3Response> {
    const keys = r.keys ?? defaultKeys;
    const body = r.body ?? Buffer.alloc(0);
    const mode = r.payload ?? 'unsigned';
    const date = r.signingDate ?? new Date();
    const headers: Record<string, string> = { host: base.host, ...r.headers };
    const streaming = mode.startsWith('streaming');
    if (mode === 'unsigned') headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    if (mode === 'signed') headers['x-amz-content-sha256'] = sha256(body);
    if (streaming) {
      headers['x-amz-content-sha256'] = STREAMING_MODES[mode] ?? '';
      headers['content-encoding'] = 'aws-chunked';
      headers['x-amz-decoded-content-length'] = String(body.length);
      if (mode.endsWith('trailer')) headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
    }
    const signer = s3Signer(keys);
    // The framed length is signed before the chunk signatures exist; signatures have a fixed length, so a placeholder framing measures it.
    const framedLength = streaming
      ? (await encodeAwsChunked(body, frameOptions(mode, r.chunkSize, undefined))).length
      : body.length;
    if (r.method !== 'GET' && r.method !== 'HEAD' && r.method !== 'DELETE') headers['content-length'] = String(framedLength);
    const signed = await signer.sign(
      new HttpRequest({ method: r.method, path: r.path, query: r.query ?? {}, headers, hostname: base.hostname }),
      { signingDate: date },
    );
    const out = signed.headers as Record<string, string>;
    let wire = body;
    if (streaming) {
      const seed = /Signature=([0-9a-f]+)/.exec(out.authorization ?? '')?.[1] ?? '';
      const longDate = longDateOf(date);
      const signing = mode.startsWith('streaming-signed')
        ? {
            seed,
            longDate,
            scope: `${longDate.slice(0, 8)}/us-east-1/s3/aws4_request`,
            sign: (s: string) => signer.sign(s, { signingDate: date }),
          }
        : undefined;
      wire = await encodeAwsChunked(body, frameOptions(mode, r.chunkSize, signing));
    }
    if (r.tamper) wire = r.tamper(wire);
    return transmit(r.method, r.path, r.query, out, wire);
  }

  function frameOptions(
    mode: PayloadMode,
    chunkSize = 64 * 1024,
    signing: Parameters<typeof encodeAwsChunked>[1]['signing'],
  ): Parameters<typeof encodeAwsChunked>[1] {
    // Signature lengths are fixed, so a placeholder signing gives the same framed length.
    const placeholder = { seed: '', longDate: '', scope: '', sign: async () => '0'.repeat(64) };
    return {
      chunkSize,
      trailer: mode.endsWith('trailer'),
      signing: mode.startsWith('streaming-signed') ? (signing ?? placeholder) : undefined,
    };
  }

  function transmit(
    method: string,
    path: string,
    query: Record<string, string> | undefined,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<RawS3Response> {
    const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}` : '';
    const request = base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, method, path: path + qs, headers, ca: options.ca, agent: false },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body.length ? body : undefined);
    });
  }

  return { send, endpoint: base };
}

/** The `<Code>` of an S3 error body. */
export function errorCode(res: RawS3Response): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(res.body.toString())?.[1];
}
