import { closeSync, createReadStream, type ReadStream } from 'node:fs';
import { S3Error, s3Errors } from '../model/s3-errors';
import type { S3Bucket } from '../model/types';
import { checkCopyConditions, parseCopySource } from './object-ops';
import { readSmall } from './payload';
import { parseRange } from './range';
import { bodyOf, bucketOf, intParam, keyOf, sendEmpty, sendXml, userMetaOf, type S3Request } from './request';
import { awsUriEncode } from './sigv4';
import { childText, children, malformedXml, parseXml, quoteEtag, xmlDate } from './xml';

function uploadIdOf(r: S3Request): string {
  return r.query.get('uploadId') ?? '';
}

/** The upload's parts, after checking it belongs to the key the request names (S3 answers NoSuchUpload otherwise). */
async function partsOf(r: S3Request, bucket: S3Bucket) {
  const uploadId = uploadIdOf(r);
  const found = await r.lab.uploads.listParts(bucket, uploadId);
  if (found.record.key !== keyOf(r)) throw s3Errors.noSuchUpload(uploadId);
  return found;
}

/** CreateMultipartUpload; NotImplemented where the server has multipart switched off (the model decides). */
export async function createMultipartUpload(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:PutObject', bucket, key);
  const uploadId = await r.lab.uploads.createUpload(bucket, key, {
    user: r.user,
    contentType: r.headers['content-type'],
    userMeta: userMetaOf(r.headers),
  });
  const algorithm = r.headers['x-amz-checksum-algorithm'];
  sendXml(
    r,
    200,
    'InitiateMultipartUploadResult',
    { Bucket: bucket.name, Key: key, UploadId: uploadId },
    algorithm ? { 'x-amz-checksum-algorithm': algorithm } : {},
  );
}

/** UploadPart (and UploadPartCopy when x-amz-copy-source is given). */
export async function uploadPart(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:PutObject', bucket, key);
  const partNumber = Number(r.query.get('partNumber'));
  if (r.headers['x-amz-copy-source'] !== undefined) return uploadPartCopy(r, bucket, partNumber);
  const body = bodyOf(r);
  if (body.length === undefined)
    throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
  const etag = await r.lab.uploads.putPart(bucket, uploadIdOf(r), partNumber, body.stream, {
    key,
    contentLength: body.length,
    contentMd5: r.headers['content-md5'],
    signal: r.signal,
  });
  const checksum = body.checksum();
  sendEmpty(r, 200, { ETag: quoteEtag(etag), ...(checksum ? { [checksum.header]: checksum.value } : {}) });
}

async function uploadPartCopy(r: S3Request, bucket: S3Bucket, partNumber: number): Promise<void> {
  const source = parseCopySource(r);
  await checkCopyConditions(r, source.bucket, source.key);
  const { info, fd } = await r.lab.objects.open(source.bucket, source.key);
  let stream: ReadStream | null = null;
  try {
    const rangeHeader = r.headers['x-amz-copy-source-range'];
    const range = parseRange(rangeHeader, info.size);
    if (rangeHeader && range.kind !== 'range')
      throw s3Errors.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last within the object.');
    const start = range.kind === 'range' ? range.start : 0;
    const end = range.kind === 'range' ? range.end : info.size - 1;
    // The stream owns the descriptor from here: destroying it closes it once no read is in flight.
    stream = createReadStream('', { fd, start, end: Math.max(start, end), autoClose: true });
    const etag = await r.lab.uploads.putPart(bucket, uploadIdOf(r), partNumber, info.size === 0 ? Buffer.alloc(0) : stream, {
      key: keyOf(r),
      contentLength: Math.max(0, end - start + 1),
      signal: r.signal,
    });
    sendXml(r, 200, 'CopyPartResult', { LastModified: xmlDate(new Date()), ETag: quoteEtag(etag) });
  } finally {
    if (stream) stream.destroy();
    else closeSync(fd);
  }
}

/** CompleteMultipartUpload: assembles the listed parts atomically; the ETag is S3's MD5-of-MD5s "-N". */
export async function completeMultipartUpload(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:PutObject', bucket, key);
  await partsOf(r, bucket);
  const doc = parseXml(await readSmall(bodyOf(r).stream), 'CompleteMultipartUpload');
  const parts = children(doc, 'Part').map((p) => {
    const partNumber = Number((childText(p, 'PartNumber') ?? '').trim());
    const etag = (childText(p, 'ETag') ?? '').trim();
    if (!Number.isInteger(partNumber) || !etag) throw malformedXml();
    return { partNumber, etag };
  });
  const info = await r.lab.uploads.complete(bucket, uploadIdOf(r), parts, r.user);
  const scheme = 'encrypted' in r.req.socket ? 'https' : 'http';
  const path = key.split('/').map(awsUriEncode).join('/');
  sendXml(r, 200, 'CompleteMultipartUploadResult', {
    Location: `${scheme}://${r.headers.host ?? ''}/${bucket.name}/${path}`,
    Bucket: bucket.name,
    Key: key,
    ETag: quoteEtag(info.etag),
  });
}

/** AbortMultipartUpload: the parts are removed; 204. */
export async function abortMultipartUpload(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:AbortMultipartUpload', bucket, keyOf(r));
  await partsOf(r, bucket);
  await r.lab.uploads.abort(bucket, uploadIdOf(r));
  sendEmpty(r, 204);
}

/** ListParts: part-number-marker and max-parts paging. */
export async function listParts(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  const key = keyOf(r);
  r.lab.objects.authorize(r.user, 's3:ListMultipartUploadParts', bucket, key);
  const { record, parts } = await partsOf(r, bucket);
  const marker = intParam(r, 'part-number-marker', 0);
  const maxParts = intParam(r, 'max-parts', 1000, 1000);
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const person = { ID: record.user, DisplayName: record.user };
  sendXml(r, 200, 'ListPartsResult', {
    Bucket: bucket.name,
    Key: key,
    UploadId: record.uploadId,
    Initiator: person,
    Owner: person,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: quoteEtag(p.etag), Size: p.size })),
  });
}
