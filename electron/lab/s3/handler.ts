import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lab } from '../model/lab';
import { S3Error } from '../model/s3-errors';
import { resolveAddress, virtualHostDomains } from './addressing';
import { awaitingContinue, type S3Request } from './request';
import { route } from './router';
import { parseQuery, verifySignature } from './sigv4';
import { renderError } from './xml';

/** Header values by lower-case name, repeated headers joined with "," as SigV4 canonicalises them. */
export function headerMap(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return out;
}

/** The most of a refused body read (and discarded) so that the client, still sending, gets to read the answer. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** Reads and discards the rest of a refused body; past the bound the connection is cut instead. */
function drain(req: IncomingMessage): void {
  let left = MAX_DRAIN_BYTES;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}

function toS3Error(err: unknown): S3Error {
  if (err instanceof S3Error) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new S3Error('InternalError', `We encountered an internal error: ${message}`, 500);
}

/**
 * Answers an error as S3 does: XML body (none for HEAD) with the request id. A refused body still
 * on its way is drained (bounded) so the client reads the answer; one held back for "100 Continue"
 * is never invited, and that connection closes.
 */
function sendError(req: IncomingMessage, res: ServerResponse, err: unknown, requestId: string, resource: string): void {
  // Mid-body the only honest signal left is a broken connection; a client that left hears nothing.
  if (res.headersSent || res.destroyed || req.socket.destroyed) {
    res.destroy();
    return;
  }
  const e = toS3Error(err);
  const body = req.method === 'HEAD' ? '' : renderError(e, resource, requestId);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  };
  if (e.code === 'InvalidRange' && e.extra.ActualObjectSize) headers['Content-Range'] = `bytes */${e.extra.ActualObjectSize}`;
  if (!req.complete) {
    // A client waiting for "100 Continue" never sends the refused body; the connection cannot be reused.
    if (awaitingContinue(req, res)) headers.Connection = 'close';
    else drain(req);
  }
  res.writeHead(e.status, headers);
  res.end(body || undefined);
}

/**
 * The request handler of one SVM's S3 listener: authenticate (SigV4, the user must belong to this
 * SVM), resolve bucket and key (path-style or virtual-host), route to the operation, and answer
 * errors as S3 XML. Used for both 'request' and 'checkContinue', so uploads are refused before
 * the client sends their bodies.
 */
export function s3Handler(lab: Lab, svmUuid: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const ids = randomBytes(32); // one call for both ids: each call costs more than its bytes
    const requestId = ids.toString('hex', 0, 8).toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', ids.toString('base64', 8));
    res.setHeader('Server', 'ONTAP');
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    let resource = rawPath;
    try {
      resource = decodeURIComponent(rawPath);
    } catch {
      // an undecodable path is reported as sent
    }
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    handle(lab, svmUuid, req, res, { rawPath, rawQuery, requestId, signal: aborter.signal }).catch((err: unknown) =>
      sendError(req, res, err, requestId, resource),
    );
  };
}

async function handle(
  lab: Lab,
  svmUuid: string,
  req: IncomingMessage,
  res: ServerResponse,
  at: { rawPath: string; rawQuery: string; requestId: string; signal: AbortSignal },
): Promise<void> {
  const service = lab.s3.service(svmUuid);
  if (!service || !service.enabled)
    throw new S3Error('ServiceUnavailable', 'The object store server of this SVM is not running.', 503);
  const headers = headerMap(req.rawHeaders);
  const method = (req.method ?? 'GET').toUpperCase();
  const verified = await verifySignature({ method, rawPath: at.rawPath, rawQuery: at.rawQuery, headers }, (accessKeyId) => {
    const user = lab.s3.userByAccessKey(accessKeyId);
    // Keys belong to one SVM's object-store server: another SVM's keys are unknown here.
    return user && user.svm.uuid === svmUuid ? { accessKeyId, secretAccessKey: user.secret_key } : undefined;
  });
  const user = lab.s3.userByAccessKey(verified.accessKeyId);
  if (!user) throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  const address = resolveAddress(headers.host, at.rawPath, virtualHostDomains(service.name));
  const query = new Map<string, string>();
  for (const [k, v] of parseQuery(at.rawQuery)) if (!query.has(k)) query.set(k, v);
  const operation = route(method, address.bucket, address.key, query, headers);
  const request: S3Request = {
    lab,
    svm: service.svm,
    service,
    req,
    res,
    requestId: at.requestId,
    method,
    query,
    headers,
    bucketName: address.bucket,
    key: address.key,
    user,
    verified,
    signal: at.signal,
  };
  await operation(request);
}
