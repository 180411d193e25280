import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { normalizeEtag } from './etag';

/** One object of a listing: what a transfer copies and verifies. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
}

/** Every object under a prefix, following continuation tokens; folder markers (`…/`) are left out. */
export async function listPrefix(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }),
      { abortSignal: signal },
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith('/')) continue;
      out.push({ key: o.Key, size: o.Size ?? 0, etag: normalizeEtag(o.ETag) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}
