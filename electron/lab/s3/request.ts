import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lab } from '../model/lab';
import type { ObjectInfo } from '../model/objects';
import { s3Errors } from '../model/s3-errors';
import type { Ref, S3Bucket, S3Service, S3User } from '../model/types';
import { requestBody, type RequestBody } from './payload';
import type { VerifiedRequest } from './sigv4';
import { quoteEtag, renderXml, type XmlElement } from './xml';

/** One authenticated S3 request, as every operation sees it. */
export interface S3Request {
  lab: Lab;
  /** The SVM whose data interface received the request. */
  svm: Ref;
  service: S3Service;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  /** Decoded query parameters (first value of each). */
  query: Map<string, string>;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  bucketName: string | null;
  key: string | null;
  user: S3User;
  verified: VerifiedRequest;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
}

/** Sends an XML document. */
export function sendXml(
  r: S3Request,
  status: number,
  root: string,
  body: XmlElement,
  headers: Record<string, string> = {},
): void {
  const text = renderXml(root, body);
  r.res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), ...headers });
  r.res.end(r.method === 'HEAD' ? undefined : text);
}

/** Sends a response without a body. */
export function sendEmpty(r: S3Request, status: number, headers: Record<string, string | number> = {}): void {
  r.res.writeHead(status, { 'Content-Length': 0, ...headers });
  r.res.end();
}

const invited = new WeakSet<ServerResponse>();

/** True when the client holds its body back, waiting for a "100 Continue" it was not sent. */
export function awaitingContinue(req: IncomingMessage, res: ServerResponse): boolean {
  return (req.headers.expect ?? '').toLowerCase() === '100-continue' && !invited.has(res);
}

/** The request's body as verified plain bytes; "100 Continue" goes out only when the model starts reading it. */
export function bodyOf(r: S3Request): RequestBody {
  return requestBody(r.req, r.headers, r.verified, () => {
    if (awaitingContinue(r.req, r.res) && !r.res.headersSent) {
      r.res.writeContinue();
      invited.add(r.res);
    }
  });
}

/** The named bucket of this SVM; NoSuchBucket otherwise. */
export function bucketOf(r: S3Request, name = r.bucketName): S3Bucket {
  const bucket = name ? r.lab.s3.buckets(r.svm.uuid).find((b) => b.name === name) : undefined;
  if (!bucket) throw s3Errors.noSuchBucket(name ?? '');
  return bucket;
}

/** The key the request names (operations on objects always have one). */
export function keyOf(r: S3Request): string {
  return r.key ?? '';
}

/** `x-amz-meta-*` headers as user metadata (names without the prefix). */
export function userMetaOf(headers: Record<string, string>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-amz-meta-')) meta[name.slice(11)] = value;
  return meta;
}

/** The headers GET and HEAD describe an object with. */
export function objectHeaders(info: ObjectInfo): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    ETag: quoteEtag(info.etag),
    'Last-Modified': info.lastModified.toUTCString(),
    'Content-Type': info.contentType,
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(info.userMeta)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** A query parameter as a non-negative integer within bounds, or the default; InvalidArgument when malformed. */
export function intParam(r: S3Request, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = r.query.get(name);
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text)) throw s3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`);
  return Math.min(Number(text), max);
}
