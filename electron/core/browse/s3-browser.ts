import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { BrowseListPage, ObjectEntry } from '../../../shared/datasets';
import type { S3Profile } from '../../../shared/s3setup';
import { cancelledError, WorkbenchError } from '../errors';
import { classifyS3Error } from '../s3setup/endpoint-test';
import { TROUBLESHOOT } from '../s3setup/troubleshoot';
import { entryName, type ListRequest, type ObjectDetails, type SourceBrowser } from './source-browser';

/** An S3 client for a profile, set up as the wizard's endpoint test sets one up for ONTAP. */
export function profileClient(profile: S3Profile, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint: profile.endpoint,
    region: profile.region || 'us-east-1',
    forcePathStyle: profile.pathStyle,
    credentials: { accessKeyId: profile.accessKeyId, secretAccessKey },
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    // ONTAP predates the SDK's default CRC checksums; send and check them only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Turns an S3 failure into the stable code, the words and the fix the UI shows. */
export function s3Error(err: unknown, at: { endpoint: string; bucket?: string; key?: string }): WorkbenchError {
  const { kind, detail } = classifyS3Error(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const where = at.key ? `${at.key} in bucket ${at.bucket}` : at.bucket ? `bucket ${at.bucket}` : at.endpoint;
  switch (kind) {
    case 'aborted':
      return cancelledError('The S3 request');
    case 'unreachable':
      return new WorkbenchError('S3_UNREACHABLE', `Cannot reach the S3 endpoint ${at.endpoint} (${detail}).`, {
        hint: TROUBLESHOOT.unreachable.fix,
        cause: err,
      });
    case 'tls':
      return new WorkbenchError('TLS_UNTRUSTED', `The HTTPS certificate of ${at.endpoint} is not trusted (${detail}).`, {
        hint: 'Use the endpoint over HTTP inside the network, or install a certificate this machine trusts.',
        cause: err,
      });
    case 'bad-credentials':
      return new WorkbenchError('S3_BAD_CREDENTIALS', `The S3 server at ${at.endpoint} refused the profile’s keys (${detail}).`, {
        hint: TROUBLESHOOT['keys-unknown'].fix,
        cause: err,
      });
    case 'no-such-bucket':
      return new WorkbenchError('NOT_FOUND', `Bucket ${at.bucket ?? ''} does not exist at ${at.endpoint}.`, {
        hint: 'Check the bucket name, and that the endpoint is the data interface of the SVM that holds it.',
        cause: err,
      });
    case 'access-denied':
      return new WorkbenchError('S3_ACCESS_DENIED', `The S3 user may not read ${where} (AccessDenied).`, {
        hint: 'Give the user a policy that allows reading (the wizard’s FullAccess or ReadOnlyAccess group).',
        cause: err,
      });
    default:
      if (status === 404 || /NoSuchKey|NotFound/.test(detail)) {
        return new WorkbenchError('NOT_FOUND', `${where} does not exist.`, {
          hint: 'It may have been deleted; refresh.',
          cause: err,
        });
      }
      if (status === 403) {
        // A HEAD answer has no body, so bad keys and a refused read look the same.
        return new WorkbenchError('S3_ACCESS_DENIED', `The S3 server refused to show ${where} (403).`, {
          hint: 'Check the profile’s keys and the user’s policy.',
          cause: err,
        });
      }
      return new WorkbenchError('INTERNAL', `The S3 request for ${where} failed: ${detail}`, {
        hint: 'Check the endpoint in the S3 setup wizard’s test; the details are in the log.',
        cause: err,
      });
  }
}

const unquote = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** Browses one S3 profile's endpoint with ListObjectsV2 pages (delimiter "/", continuation tokens). */
export class S3Browser implements SourceBrowser {
  private readonly client: S3Client;

  constructor(
    private readonly profile: S3Profile,
    secretAccessKey: string,
  ) {
    this.client = profileClient(profile, secretAccessKey);
  }

  async buckets(signal?: AbortSignal): Promise<{ name: string; createdAt: string | null }[]> {
    try {
      const out = await this.client.send(new ListBucketsCommand({}), { abortSignal: signal });
      return (out.Buckets ?? []).map((b) => ({ name: b.Name ?? '', createdAt: b.CreationDate?.toISOString() ?? null }));
    } catch (err) {
      const error = this.fail(err);
      // A user allowed one bucket only may not list buckets; the profile's own bucket is still browsable.
      if (error.code === 'S3_ACCESS_DENIED' && this.profile.bucket) return [{ name: this.profile.bucket, createdAt: null }];
      throw error;
    }
  }

  async list(request: ListRequest, signal?: AbortSignal): Promise<BrowseListPage> {
    const { bucket, prefix } = request;
    try {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix || undefined,
          Delimiter: '/',
          MaxKeys: request.maxKeys,
          ContinuationToken: request.continuationToken,
        }),
        { abortSignal: signal },
      );
      return {
        folders: (out.CommonPrefixes ?? []).map((p) => ({ prefix: p.Prefix ?? '', name: entryName(p.Prefix ?? '') })),
        // A key equal to the prefix is the folder's own marker object, not a file in it.
        objects: (out.Contents ?? []).filter((o) => o.Key && o.Key !== prefix).map((o) => this.entry(o)),
        nextToken: out.IsTruncated ? (out.NextContinuationToken ?? null) : null,
      };
    } catch (err) {
      throw this.fail(err, bucket);
    }
  }

  async *walk(bucket: string, prefix: string, signal?: AbortSignal): AsyncIterable<ObjectEntry[]> {
    let token: string | undefined;
    do {
      let out;
      try {
        out = await this.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }),
          { abortSignal: signal },
        );
      } catch (err) {
        throw this.fail(err, bucket);
      }
      yield (out.Contents ?? []).filter((o) => o.Key && !o.Key.endsWith('/')).map((o) => this.entry(o));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async details(bucket: string, key: string, signal?: AbortSignal): Promise<ObjectDetails> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return {
        key,
        name: entryName(key),
        size: out.ContentLength ?? 0,
        lastModified: out.LastModified?.toISOString() ?? null,
        etag: unquote(out.ETag),
        contentType: out.ContentType ?? null,
        metadata: out.Metadata ?? {},
      };
    } catch (err) {
      throw this.fail(err, bucket, key);
    }
  }

  async read(bucket: string, key: string, signal?: AbortSignal): Promise<Buffer> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
    } catch (err) {
      throw this.fail(err, bucket, key);
    }
  }

  close(): void {
    this.client.destroy();
  }

  private entry(o: { Key?: string; Size?: number; LastModified?: Date; ETag?: string }): ObjectEntry {
    const key = o.Key ?? '';
    return {
      key,
      name: entryName(key),
      size: o.Size ?? 0,
      lastModified: o.LastModified?.toISOString() ?? null,
      etag: unquote(o.ETag),
    };
  }

  private fail(err: unknown, bucket?: string, key?: string): WorkbenchError {
    if (err instanceof WorkbenchError) return err;
    return s3Error(err, { endpoint: this.profile.endpoint, bucket, key });
  }
}
