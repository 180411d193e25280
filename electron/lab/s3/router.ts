import { s3Errors } from '../model/s3-errors';
import {
  createBucket,
  getBucketLocation,
  headBucket,
  listBuckets,
  listMultipartUploads,
  listObjectsV1,
  listObjectsV2,
} from './bucket-ops';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart } from './multipart-ops';
import { copyObject, deleteObject, deleteObjects, getObject, putObject } from './object-ops';
import type { S3Request } from './request';

/** An S3 operation the lab serves. */
export type Operation = (r: S3Request) => Promise<void>;

/** Sub-resources of S3's API the lab does not serve (ACLs, policies, versioning, tagging, …): NotImplemented. */
const UNSUPPORTED = new Set([
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
]);

/** The operation's name, for NotImplemented messages. */
function describe(method: string, bucket: string | null, key: string | null, sub?: string): string {
  const target = key !== null ? 'object' : bucket !== null ? 'bucket' : 'service';
  return `${method} on the ${target}${sub ? ` with ?${sub}` : ''}`;
}

/**
 * Picks the operation from the method, whether a bucket and key are named, and the query's
 * sub-resource, as S3 does; anything else is NotImplemented (never a silent wrong answer).
 */
export function route(
  method: string,
  bucket: string | null,
  key: string | null,
  query: Map<string, string>,
  headers: Record<string, string>,
): Operation {
  const sub = [...query.keys()].find((k) => UNSUPPORTED.has(k));
  if (sub) throw s3Errors.notImplemented(describe(method, bucket, key, sub));
  const has = (name: string) => query.has(name);
  if (bucket === null) {
    if (method === 'GET') return listBuckets;
    throw s3Errors.notImplemented(describe(method, bucket, key));
  }
  if (key === null) {
    if (method === 'GET') {
      if (has('location')) return getBucketLocation;
      if (has('uploads')) return listMultipartUploads;
      if (query.get('list-type') === '2') return listObjectsV2;
      return listObjectsV1;
    }
    if (method === 'HEAD') return headBucket;
    if (method === 'POST' && has('delete')) return deleteObjects;
    if (method === 'PUT' && query.size === 0) return createBucket;
    // Buckets are deleted through ONTAP (REST or CLI), not through S3.
    throw s3Errors.notImplemented(describe(method, bucket, key));
  }
  switch (method) {
    case 'GET':
      return has('uploadId') ? listParts : getObject;
    case 'HEAD':
      return getObject;
    case 'PUT':
      if (has('uploadId') && has('partNumber')) return uploadPart;
      return headers['x-amz-copy-source'] !== undefined ? copyObject : putObject;
    case 'POST':
      if (has('uploads')) return createMultipartUpload;
      if (has('uploadId')) return completeMultipartUpload;
      break;
    case 'DELETE':
      return has('uploadId') ? abortMultipartUpload : deleteObject;
  }
  throw s3Errors.notImplemented(describe(method, bucket, key));
}
