import { S3Error, s3Errors } from '../model/s3-errors';
import type { ListResult } from '../model/objects';
import { bucketOf, intParam, sendEmpty, sendXml, type S3Request } from './request';
import { quoteEtag, xmlDate, type XmlElement } from './xml';

/** The continuation token of ListObjectsV2: opaque to clients, the last key or prefix returned. */
export function encodeContinuationToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

/** Reads a continuation token back; InvalidArgument for one the server did not issue. */
export function decodeContinuationToken(token: string): string {
  const last = Buffer.from(token, 'base64url').toString('utf8');
  if (!token || encodeContinuationToken(last) !== token)
    throw s3Errors.invalidArgument('The continuation token provided is incorrect');
  return last;
}

/** Encodes a key for `encoding-type=url` listings (clients decode with unquote_plus or decodeURIComponent). */
export function urlEncodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

function owner(r: S3Request): XmlElement {
  return { ID: r.user.name, DisplayName: r.user.name };
}

function encodingOf(r: S3Request): (s: string) => string {
  const type = r.query.get('encoding-type');
  if (type === undefined) return (s) => s;
  if (type.toLowerCase() !== 'url') throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request');
  return urlEncodeKey;
}

function listing(r: S3Request, page: ListResult, encode: (s: string) => string, withOwner: boolean): XmlElement {
  return {
    Contents: page.contents.map((o) => ({
      Key: encode(o.key),
      LastModified: xmlDate(o.lastModified),
      ETag: quoteEtag(o.etag),
      Size: o.size,
      StorageClass: 'STANDARD',
      Owner: withOwner ? owner(r) : undefined,
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  };
}

/** ListBuckets: the SVM's buckets this user may see. */
export async function listBuckets(r: S3Request): Promise<void> {
  const all = r.lab.s3.allows(r.user, 's3:ListAllMyBuckets', null);
  const buckets = r.lab.s3
    .buckets(r.svm.uuid)
    .filter((b) => all || r.lab.s3.allows(r.user, 's3:ListBucket', b))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (!all && !buckets.length) throw s3Errors.accessDenied();
  sendXml(r, 200, 'ListAllMyBucketsResult', {
    Owner: owner(r),
    Buckets: {
      Bucket: buckets.map((b) => ({
        Name: b.name,
        // ONTAP keeps no creation time for buckets; the lab shows that of the volume holding it.
        CreationDate: xmlDate(new Date(r.lab.volumes.get(b.volume.uuid).create_time)),
      })),
    },
  });
}

/** HeadBucket: 200 when it exists and the user may list it. */
export async function headBucket(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:ListBucket', bucket);
  sendEmpty(r, 200, { 'x-amz-bucket-region': 'us-east-1' });
}

/**
 * CreateBucket on a bucket that exists: BucketAlreadyOwnedByYou, which clients such as rclone
 * take as "ready". New buckets are made through ONTAP (REST or CLI), so that is NotImplemented.
 */
export async function createBucket(r: S3Request): Promise<void> {
  const bucket = r.lab.s3.buckets(r.svm.uuid).find((b) => b.name === r.bucketName);
  if (!bucket) throw s3Errors.notImplemented('Creating buckets through S3 (create them with ONTAP)');
  r.lab.objects.authorize(r.user, 's3:ListBucket', bucket);
  throw new S3Error(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    409,
    { BucketName: bucket.name },
  );
}

/** GetBucketLocation: ONTAP answers the default region (an empty constraint). */
export async function getBucketLocation(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:GetBucketLocation', bucket);
  sendXml(r, 200, 'LocationConstraint', {});
}

/** ListObjectsV2: prefix, delimiter, continuation-token, start-after, max-keys, fetch-owner, encoding-type. */
export async function listObjectsV2(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:ListBucket', bucket);
  const encode = encodingOf(r);
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const maxKeys = intParam(r, 'max-keys', 1000, 1000);
  const token = r.query.get('continuation-token');
  const startAfter = r.query.get('start-after');
  const after = token !== undefined ? decodeContinuationToken(token) : (startAfter ?? '');
  const page = await r.lab.objects.list(bucket, { prefix, delimiter, startAfter: after, maxKeys });
  sendXml(r, 200, 'ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(prefix),
    Delimiter: delimiter ? encode(delimiter) : undefined,
    MaxKeys: maxKeys,
    EncodingType: r.query.has('encoding-type') ? 'url' : undefined,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ContinuationToken: token,
    NextContinuationToken: page.isTruncated && page.last !== null ? encodeContinuationToken(page.last) : undefined,
    StartAfter: startAfter !== undefined ? encode(startAfter) : undefined,
    ...listing(r, page, encode, r.query.get('fetch-owner') === 'true'),
  });
}

/** ListObjects (v1): marker, and NextMarker when a delimiter is given. */
export async function listObjectsV1(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:ListBucket', bucket);
  const encode = encodingOf(r);
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const marker = r.query.get('marker') ?? '';
  const maxKeys = intParam(r, 'max-keys', 1000, 1000);
  const page = await r.lab.objects.list(bucket, { prefix, delimiter, startAfter: marker, maxKeys });
  sendXml(r, 200, 'ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(prefix),
    Marker: encode(marker),
    // S3 gives NextMarker only with a delimiter; without one clients continue from the last key.
    NextMarker: delimiter && page.isTruncated && page.last !== null ? encode(page.last) : undefined,
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: r.query.has('encoding-type') ? 'url' : undefined,
    IsTruncated: page.isTruncated,
    ...listing(r, page, encode, true),
  });
}

/** ListMultipartUploads: prefix, delimiter, key-marker, upload-id-marker, max-uploads. */
export async function listMultipartUploads(r: S3Request): Promise<void> {
  const bucket = bucketOf(r);
  r.lab.objects.authorize(r.user, 's3:ListBucketMultipartUploads', bucket);
  const encode = encodingOf(r);
  const prefix = r.query.get('prefix') ?? '';
  const delimiter = r.query.get('delimiter') ?? '';
  const keyMarker = r.query.get('key-marker') ?? '';
  const idMarker = r.query.get('upload-id-marker') ?? '';
  const maxUploads = intParam(r, 'max-uploads', 1000, 1000);
  const uploads = (await r.lab.uploads.listUploads(bucket)).filter(
    (u) =>
      u.key.startsWith(prefix) &&
      (!keyMarker || u.key > keyMarker || (u.key === keyMarker && idMarker !== '' && u.uploadId > idMarker)),
  );
  const shown: typeof uploads = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (const u of uploads) {
    const at = delimiter ? u.key.indexOf(delimiter, prefix.length) : -1;
    const common = at >= 0 ? u.key.slice(0, at + delimiter.length) : null;
    if (common !== null && prefixes.at(-1) === common) continue;
    if (shown.length + prefixes.length >= maxUploads) {
      truncated = true;
      break;
    }
    if (common !== null) prefixes.push(common);
    else shown.push(u);
  }
  const last = shown.at(-1);
  const person = (name: string) => ({ ID: name, DisplayName: name });
  sendXml(r, 200, 'ListMultipartUploadsResult', {
    Bucket: bucket.name,
    KeyMarker: encode(keyMarker),
    UploadIdMarker: idMarker,
    NextKeyMarker: truncated && last ? encode(last.key) : undefined,
    NextUploadIdMarker: truncated && last ? last.uploadId : undefined,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    Prefix: encode(prefix),
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    Upload: shown.map((u) => ({
      Key: encode(u.key),
      UploadId: u.uploadId,
      Initiator: person(u.user),
      Owner: person(u.user),
      StorageClass: 'STANDARD',
      Initiated: u.initiated,
    })),
    CommonPrefixes: prefixes.map((p) => ({ Prefix: encode(p) })),
  });
}
