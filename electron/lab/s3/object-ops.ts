import { createHash } from 'node:crypto';
import { closeSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import type { ObjectInfo } from '../model/objects';
import { S3Error, s3Errors } from '../model/s3-errors';
import type { S3Bucket } from '../model/types';
import { readSmall } from './payload';
import { contentRange, parseRange } from './range';
import { bodyOf, bucketOf, keyOf, objectHeaders, sendEmpty, sendXml, userMetaOf, type S3Request } from './request';
import { childText, children, malformedXml, parseXml, quoteEtag, xmlDate } from './xml';
import { decodePathPart } from './addressing';
import { selectPart } from './part-number';

/** Query parameters of GetObject that override response headers. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};
const MAX_DELETE_KEYS = 1000;
/** Bodies up to this size are read with one call and sent with the headers. */
const SMALL_BODY_BYTES = 1024 * 1024;

function etagMatches(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/"/g, '') === etag;
  });
}

/** Whole seconds, as HTTP dates carry them. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Applies If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304) in RFC 7232's order. */
export function preconditionOutcome(headers: Record<string, string>, info: ObjectInfo, prefix = ''): 'ok' | 304 | 412 {
  const h = (name: string) => headers[`${prefix}${name}`];
  const ifMatch = h('if-match');
  const ifUnmodified = h('if-unmodified-since');
  const ifNoneMatch = h('if-none-match');
  const ifModified = h('if-modified-since');
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, info.etag)) return 412;
  } else if (ifUnmodified !== undefined) {
    const at = Date.parse(ifUnmodified);
    if (!Number.isNaN(at) && seconds(info.lastModified) > Math.floor(at / 1000)) return 412;
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, info.etag)) return 304;
  } else if (ifModified !== undefined) {
    const at = Date.parse(ifModified);
    if (!Number.isNaN(at) && seconds(info.lastModified) <= Math.floor(at / 1000)) return 304;
  }
  return 'ok';
}

const preconditionFailed = () =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);

/**
 * GetObject and HeadObject: conditional requests, one byte range or one part (`?partNumber=N`),
 * response-* overrides; the body is streamed from disk.
 */
export async function getObject(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:GetObject', bucket, key);
  const { info, fd } = await r.lab.objects.open(bucket, key);
  try {
    const outcome = preconditionOutcome(r.headers, info);
    if (outcome === 412) throw preconditionFailed();
    if (outcome === 304) {
      sendEmpty(r, 304, { ETag: quoteEtag(info.etag), 'Last-Modified': info.lastModified.toUTCString() });
      return;
    }
    const part = selectPart(r.query.get('partNumber'), info, r.headers.range);
    const range = part ? ({ kind: 'range', ...part } as const) : parseRange(r.headers.range, info.size);
    if (range.kind === 'unsatisfiable') {
      throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
        RangeRequested: r.headers.range ?? '',
        ActualObjectSize: String(info.size),
      });
    }
    const headers = objectHeaders(info);
    for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
      const value = r.query.get(param);
      if (value !== undefined) headers[header] = value;
    }
    const start = range.kind === 'range' ? range.start : 0;
    const end = range.kind === 'range' ? range.end : info.size - 1;
    headers['Content-Length'] = Math.max(0, end - start + 1);
    if (range.kind === 'range') headers['Content-Range'] = contentRange(start, end, info.size);
    if (part?.partsCount !== undefined) headers['x-amz-mp-parts-count'] = part.partsCount;
    const length = Math.max(0, end - start + 1);
    if (r.method === 'HEAD' || info.size === 0) {
      r.res.writeHead(range.kind === 'range' ? 206 : 200, headers);
      r.res.end();
      return;
    }
    // The descriptor was opened before any later PUT replaced the file, so the body is one whole version.
    if (length <= SMALL_BODY_BYTES) {
      // One read and one write (headers and body together): a stream's machinery and thread-pool
      // hops cost more than a small object's bytes, and datasets are mostly small objects.
      const body = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, body, got, length - got, start + got);
        if (n === 0) break;
        got += n;
      }
      r.res.writeHead(range.kind === 'range' ? 206 : 200, headers);
      r.res.end(got === length ? body : body.subarray(0, got));
      return;
    }
    r.res.writeHead(range.kind === 'range' ? 206 : 200, headers);
    await sendBody(fd, start, end, r);
  } finally {
    closeSync(fd);
  }
}

const BODY_BUFFER_BYTES = 1024 * 1024;

/**
 * Sends bytes [start, end] of a file through the response, 1 MiB at a time through two reused
 * buffers: one is read into while the other is being written. A read stream allocated a fresh
 * buffer per read, and a GiB of them made the lab's garbage collector one of its largest costs.
 */
async function sendBody(fd: number, start: number, end: number, r: S3Request): Promise<void> {
  const buffers = [Buffer.allocUnsafeSlow(BODY_BUFFER_BYTES), Buffer.allocUnsafeSlow(BODY_BUFFER_BYTES)];
  let writing: Promise<void> = Promise.resolve();
  for (let at = start, turn = 0; at <= end; turn ^= 1) {
    const buffer = buffers[turn]!;
    const { bytesRead } = await readAt(fd, buffer, 0, Math.min(buffer.length, end - at + 1), at);
    if (bytesRead === 0) throw new Error(`the file ended at byte ${at} of ${end + 1}`);
    at += bytesRead;
    // The other buffer's write must be done before the next read overwrites it.
    await writing;
    r.signal.throwIfAborted();
    const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    writing = new Promise<void>((resolve, reject) => r.res.write(chunk, (err) => (err ? reject(err) : resolve())));
    // A client that leaves fails this write while the next read runs: handled here, thrown at the await.
    writing.catch(() => undefined);
  }
  await writing;
  // Not awaited: 'finish' never comes for a client that left, and the descriptor must still close.
  r.res.end();
}

const readAt = promisify(read);

function checkContentMd5(value: string | undefined): void {
  if (value !== undefined && Buffer.from(value, 'base64').length !== 16)
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
}

/** PutObject: streams the verified body into the model, which commits it atomically or not at all. */
export async function putObject(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:PutObject', bucket, key);
  checkContentMd5(r.headers['content-md5']);
  const body = bodyOf(r);
  if (body.length === undefined)
    throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
  const info = await r.lab.objects.put(bucket, key, body.stream, {
    user: r.user,
    contentType: r.headers['content-type'],
    userMeta: userMetaOf(r.headers),
    contentLength: body.length,
    contentMd5: r.headers['content-md5'],
    signal: r.signal,
  });
  const checksum = body.checksum();
  sendEmpty(r, 200, { ETag: quoteEtag(info.etag), ...(checksum ? { [checksum.header]: checksum.value } : {}) });
}

/** Reads `x-amz-copy-source` (`[/]bucket/key[?versionId=…]`, URL-encoded) into the source bucket and key. */
export function parseCopySource(r: S3Request): { bucket: S3Bucket; key: string } {
  const raw = (r.headers['x-amz-copy-source'] ?? '').split('?')[0] ?? '';
  const source = decodePathPart(raw).replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash <= 0 || slash === source.length - 1)
    throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  const bucket = bucketOf(r, source.slice(0, slash));
  const key = source.slice(slash + 1);
  r.lab.objects.authorize(r.user, 's3:GetObject', bucket, key);
  return { bucket, key };
}

/** Checks the x-amz-copy-source-if-* conditions against the source. */
export async function checkCopyConditions(r: S3Request, bucket: S3Bucket, key: string): Promise<void> {
  if (!Object.keys(r.headers).some((h) => h.startsWith('x-amz-copy-source-if-'))) return;
  const info = await r.lab.objects.head(bucket, key);
  if (preconditionOutcome(r.headers, info, 'x-amz-copy-source-') !== 'ok') throw preconditionFailed();
}

/** CopyObject: same or another bucket of the SVM; metadata copied or, with REPLACE, taken from the request. */
export async function copyObject(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  const source = parseCopySource(r);
  r.lab.objects.authorize(r.user, 's3:PutObject', bucket, key);
  const directive = (r.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw s3Errors.invalidArgument('Unknown metadata directive.');
  if (source.bucket.uuid === bucket.uuid && source.key === key && directive === 'COPY')
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  await checkCopyConditions(r, source.bucket, source.key);
  const info = await r.lab.objects.copy(source.bucket, source.key, bucket, key, {
    user: r.user,
    replaceMeta: directive === 'REPLACE',
    contentType: r.headers['content-type'],
    userMeta: userMetaOf(r.headers),
    signal: r.signal,
  });
  sendXml(r, 200, 'CopyObjectResult', { LastModified: xmlDate(info.lastModified), ETag: quoteEtag(info.etag) });
}

/** DeleteObject: 204 whether or not the key existed. */
export async function deleteObject(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:DeleteObject', bucket, key);
  await r.lab.objects.delete(bucket, key);
  sendEmpty(r, 204);
}

/** DeleteObjects: up to 1,000 keys from an XML body; each key's outcome reported (only errors when Quiet). */
export async function deleteObjects(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  checkContentMd5(r.headers['content-md5']);
  const body = bodyOf(r);
  const text = await readSmall(body.stream);
  const md5 = r.headers['content-md5'];
  if (md5 !== undefined && createHash('md5').update(text).digest('base64') !== md5) throw s3Errors.badDigest();
  const doc = parseXml(text, 'Delete');
  const quiet = (childText(doc, 'Quiet') ?? '').trim() === 'true';
  const objects = children(doc, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const o of objects) {
    const key = childText(o, 'Key');
    if (key === undefined) throw malformedXml();
    try {
      r.lab.objects.authorize(r.user, 's3:DeleteObject', bucket, key);
      await r.lab.objects.delete(bucket, key);
      if (!quiet) deleted.push({ Key: key });
    } catch (err) {
      const e =
        err instanceof S3Error ? err : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
      errors.push({ Key: key, Code: e.code, Message: e.message });
    }
  }
  sendXml(r, 200, 'DeleteResult', { Deleted: deleted, Error: errors });
}
