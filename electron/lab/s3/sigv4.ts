import { timingSafeEqual } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../core/net/node-sha256';
import { S3Error, s3Errors } from '../model/s3-errors';
import type { ChunkSigning } from './aws-chunked';

/** S3's allowed clock difference between client and server. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may be valid (7 days). */
const MAX_EXPIRES_S = 7 * 24 * 3600;
/** What presigned requests (and requests without x-amz-content-sha256) sign as their payload. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** A request as received: what its signature covers. */
export interface SigningRequest {
  method: string;
  /** The path as received, still percent-encoded. */
  rawPath: string;
  /** The query string as received, without the "?". */
  rawQuery: string;
  /** Header values by lower-case name; repeated headers joined with ",". */
  headers: Record<string, string>;
}

/** A user's keys. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a verified request proved. */
export interface VerifiedRequest {
  accessKeyId: string;
  /** x-amz-content-sha256 as signed: a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-… mode. */
  payload: string;
  presigned: boolean;
  /** For STREAMING-AWS4-HMAC-SHA256-PAYLOAD: how to check the chunk signatures. */
  chunks: ChunkSigning;
}

const authError = (code: string, message: string, status = 400) => new S3Error(code, message, status);
const mismatch = () =>
  new S3Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
  );

/** Splits a raw query string into decoded pairs; a literal "+" stays "+", as SigV4 canonicalises it. */
export function parseQuery(rawQuery: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([decodeURIComponent(rawKey), decodeURIComponent(rawValue)]);
    } catch {
      throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
    }
  }
  return pairs;
}

function queryRecord(pairs: [string, string][]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** URI-encodes as SigV4 does: everything but A-Z a-z 0-9 - _ . ~ */
export function awsUriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical paths a client may have signed: S3's (each segment decoded and re-encoded, never
 * normalised, so "a/../b" stays as sent) and the raw path when a client signed it as it sent it.
 */
export function canonicalPaths(rawPath: string): string[] {
  const canonical = rawPath
    .split('/')
    .map((segment) => {
      try {
        return awsUriEncode(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
  return canonical === rawPath ? [canonical] : [canonical, rawPath];
}

/** Reads an ISO 8601 basic timestamp (`20130524T000000Z`). */
export function parseAmzDate(value: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? null : date;
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Scope {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
}

function parseCredential(value: string, error: (why: string) => S3Error): Scope {
  const parts = value.split('/');
  if (parts.length < 5 || parts.at(-1) !== 'aws4_request') throw error(`the Credential "${value}" is malformed`);
  const [shortDate = '', region = '', service = ''] = parts.slice(-4, -1);
  if (service !== 's3') throw error(`incorrect service "${service}". This endpoint belongs to "s3"`);
  return { accessKeyId: parts.slice(0, -4).join('/'), shortDate, region, service };
}

function signerFor(credentials: SigningCredentials, region: string): SignatureV4 {
  return new SignatureV4({
    credentials,
    region,
    service: 's3',
    sha256: NodeSha256,
    // S3 signs the path as encoded once, without normalising it.
    uriEscapePath: false,
    applyChecksum: false,
  });
}

function chunkSigning(signer: SignatureV4, signature: string, date: Date, scope: Scope, longDate: string): ChunkSigning {
  return {
    seed: signature,
    longDate,
    scope: `${scope.shortDate}/${scope.region}/s3/aws4_request`,
    sign: (stringToSign) => signer.sign(stringToSign, { signingDate: date, signingRegion: scope.region, signingService: 's3' }),
  };
}

/** The request restricted to the headers it signed (plus x-amz-content-sha256, never signed unless listed). */
function signable(req: SigningRequest, path: string, signed: string[], payload: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined) throw mismatch();
    headers[name] = value;
  }
  headers['x-amz-content-sha256'] = payload;
  return new HttpRequest({ method: req.method, path, query: queryRecord(parseQuery(req.rawQuery)), headers });
}

/**
 * Verifies a request's Signature Version 4 (Authorization header or presigned query) by signing
 * the same request again with the AWS SDK's own signer and the user's secret key, and comparing
 * the two signatures in constant time. Any region is accepted, as ONTAP does; the service must be s3.
 */
export async function verifySignature(
  req: SigningRequest,
  credentialsFor: (accessKeyId: string) => SigningCredentials | undefined,
  now = new Date(),
): Promise<VerifiedRequest> {
  const authorization = req.headers.authorization;
  if (authorization) return verifyHeader(req, authorization, credentialsFor, now);
  const query = new Map(parseQuery(req.rawQuery).map(([k, v]) => [k.toLowerCase(), v]));
  if (query.has('x-amz-algorithm')) return verifyPresigned(req, query, credentialsFor, now);
  if (query.has('awsaccesskeyid')) throw unsupportedMechanism();
  throw s3Errors.accessDenied('Access Denied: anonymous requests are not allowed.');
}

function unsupportedMechanism(): S3Error {
  return s3Errors.invalidRequest('The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
}

async function verifyHeader(
  req: SigningRequest,
  authorization: string,
  credentialsFor: (accessKeyId: string) => SigningCredentials | undefined,
  now: Date,
): Promise<VerifiedRequest> {
  const malformed = (why: string) => authError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${why}.`);
  const m = /^AWS4-HMAC-SHA256\s+(.+)$/.exec(authorization.trim());
  if (!m) throw authorization.startsWith('AWS ') ? unsupportedMechanism() : malformed('unsupported algorithm');
  const fields = new Map(
    (m[1] ?? '').split(',').map((f) => {
      const eq = f.indexOf('=');
      return [f.slice(0, eq).trim(), f.slice(eq + 1).trim()] as const;
    }),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) throw malformed('Credential, SignedHeaders and Signature are required');
  const scope = parseCredential(credential, malformed);
  const longDate = req.headers['x-amz-date'] ?? '';
  const date = parseAmzDate(longDate);
  if (!date) throw s3Errors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now.getTime() - date.getTime()) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      RequestTime: longDate,
      ServerTime: now.toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  const credentials = credentialsFor(scope.accessKeyId);
  if (!credentials)
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      AWSAccessKeyId: scope.accessKeyId,
    });
  const signed = signedHeaders.toLowerCase().split(';');
  if (!signed.includes('host')) throw malformed('the host header must be signed');
  const payload = req.headers['x-amz-content-sha256'];
  if (!payload) throw s3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  const signer = signerFor(credentials, scope.region);
  const unsignable = new Set(signed.includes('x-amz-content-sha256') ? [] : ['x-amz-content-sha256']);
  let ok = false;
  for (const path of canonicalPaths(req.rawPath)) {
    const again = await signer.sign(signable(req, path, signed, payload), {
      signingDate: date,
      signingRegion: scope.region,
      signingService: 's3',
      signableHeaders: new Set(signed),
      unsignableHeaders: unsignable,
    });
    const computed = /Signature=([0-9a-f]+)/.exec(String(again.headers.authorization))?.[1] ?? '';
    if (sameSignature(computed, signature)) ok = true;
  }
  if (!ok) throw mismatch();
  return {
    accessKeyId: scope.accessKeyId,
    payload,
    presigned: false,
    chunks: chunkSigning(signer, signature, date, scope, longDate),
  };
}

async function verifyPresigned(
  req: SigningRequest,
  query: Map<string, string>,
  credentialsFor: (accessKeyId: string) => SigningCredentials | undefined,
  now: Date,
): Promise<VerifiedRequest> {
  const bad = (why: string) =>
    authError('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${why}.`);
  if (query.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') throw unsupportedMechanism();
  const credential = query.get('x-amz-credential');
  const longDate = query.get('x-amz-date') ?? '';
  const signedHeaders = query.get('x-amz-signedheaders');
  const signature = query.get('x-amz-signature');
  const expiresText = query.get('x-amz-expires') ?? '';
  if (!credential || !signedHeaders || !signature || !expiresText)
    throw authError(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  const scope = parseCredential(credential, bad);
  const date = parseAmzDate(longDate);
  if (!date)
    throw authError(
      'AuthorizationQueryParametersError',
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
    );
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= MAX_EXPIRES_S))
    throw authError('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds.');
  if (now.getTime() > date.getTime() + expires * 1000) throw s3Errors.accessDenied('Request has expired');
  if (date.getTime() - now.getTime() > MAX_SKEW_MS) throw s3Errors.accessDenied('Request is not valid yet');
  const credentials = credentialsFor(scope.accessKeyId);
  if (!credentials)
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
      AWSAccessKeyId: scope.accessKeyId,
    });
  const signed = signedHeaders.toLowerCase().split(';');
  if (!signed.includes('host')) throw bad('the host header must be signed');
  const payload = query.get('x-amz-content-sha256') ?? UNSIGNED_PAYLOAD;
  const signer = signerFor(credentials, scope.region);
  let ok = false;
  for (const path of canonicalPaths(req.rawPath)) {
    const request = signable(req, path, signed, payload);
    const again = await signer.presign(request, {
      signingDate: date,
      expiresIn: expires,
      signingRegion: scope.region,
      signingService: 's3',
      signableHeaders: new Set(signed),
      unsignableHeaders: new Set(signed.includes('x-amz-content-sha256') ? [] : ['x-amz-content-sha256']),
      // Signed x-amz-* headers stay headers; the presigner would otherwise move them into the query.
      unhoistableHeaders: new Set(Object.keys(request.headers)),
    });
    const computed = again.query?.['X-Amz-Signature'];
    if (typeof computed === 'string' && sameSignature(computed, signature)) ok = true;
  }
  if (!ok) throw mismatch();
  return {
    accessKeyId: scope.accessKeyId,
    payload,
    presigned: true,
    chunks: chunkSigning(signer, signature, date, scope, longDate),
  };
}
