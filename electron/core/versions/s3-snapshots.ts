import type { VolumeBinding } from '../../../shared/versions';
import { S3ProfileStore } from '../s3profiles/profile-store';
import type { ConnectionRegistry, SecretStore } from '../services';
import { listObjects } from '../transfers/downloader';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { resolveProfile, transferClient, type S3Target } from '../transfers/s3-access';
import { volumeAtPath } from './binding';
import { withCluster } from './cluster-session';
import type { TreeFile } from '../dataset-cache/folder-copy';

/** How a volume's folder is reached over S3: a saved profile, a NAS bucket on the volume, and the folder's key prefix in it. */
export interface S3Route {
  target: S3Target;
  bucket: string;
  /** The folder's keys start with this ('' or ending in "/"). */
  keyPrefix: string;
}

const trim = (p: string) => p.replace(/^\/+|\/+$/g, '');

/**
 * A saved S3 profile of the connection whose NAS bucket maps onto the volume at or above the
 * folder, when there is one. The snapshot of that folder is then read under the bucket's
 * `.snapshot/<name>/` prefix: the lab's S3 serves it; ONTAP's documentation does not say
 * whether a NAS bucket does, so on a real cluster this is a fallback to the NFS mount, not a promise.
 */
export async function s3RouteFor(
  ref: VolumeBinding & { protocol?: 'rest' | 'ssh' },
  deps: { dataDir: string; secrets: SecretStore; connections: ConnectionRegistry; signal?: AbortSignal },
): Promise<S3Route | null> {
  const profiles = (await new S3ProfileStore(deps.dataDir, deps.secrets).list()).filter(
    (p) => p.connectionId === ref.connectionId && p.bucket && p.hasSecret,
  );
  if (!profiles.length) return null;
  const { signal } = deps;
  const found = await withCluster(deps.connections, ref.connectionId, { protocol: ref.protocol, signal }, async (api) => {
    const buckets = await api.s3Buckets(ref.svm, { signal });
    const volumes = await api.volumes(ref.svm, { signal });
    for (const p of profiles) {
      const b = buckets.find((x) => x.name === p.bucket && x.type === 'nas' && x.nasPath);
      const at = b?.nasPath ? volumeAtPath(volumes, ref.svm, b.nasPath) : null;
      if (!b || !at || at.volume.name !== ref.volume) continue;
      // The bucket shows the volume from `at.rest` down; the folder must lie under it.
      const path = trim(ref.path);
      if (at.rest && path !== at.rest && !path.startsWith(`${at.rest}/`)) continue;
      const inside = trim(path.slice(at.rest.length));
      return { profileId: p.id, bucket: b.name, keyPrefix: inside ? `${inside}/` : '' };
    }
    return null;
  });
  if (!found) return null;
  const { target } = await resolveProfile(deps.dataDir, deps.secrets, found.profileId);
  return { target, bucket: found.bucket, keyPrefix: found.keyPrefix };
}

/** The key prefix of a version of the folder: the live keys, or the snapshot's under `.snapshot/<name>/`. */
export function versionPrefix(route: S3Route, snapshot: string | null): string {
  return snapshot === null ? route.keyPrefix : `.snapshot/${snapshot}/${route.keyPrefix}`;
}

/** A version's files over S3, as a sorted listing relative to the folder (the ETag stands in for the content). */
export async function listVersion(route: S3Route, snapshot: string | null, signal?: AbortSignal): Promise<TreeFile[]> {
  const prefix = versionPrefix(route, snapshot);
  const objects = await listObjects(route.target, route.bucket, prefix, signal);
  return objects
    .map((o) => ({ path: o.key.slice(prefix.length), size: o.size, mtimeMs: 0, etag: o.etag }))
    .filter((f) => f.path && !(snapshot === null && route.keyPrefix === '' && f.path.startsWith('.snapshot/')))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether the S3 server shows anything under a snapshot's prefix. ONTAP does not document whether
 * a NAS bucket serves `.snapshot/` (the lab does): a server that hides it lists nothing, and an
 * empty listing must not become an empty cached dataset.
 */
export async function snapshotVisible(route: S3Route, snapshot: string, signal?: AbortSignal): Promise<boolean> {
  const client = transferClient(route.target, 1);
  try {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: route.bucket, Prefix: versionPrefix(route, snapshot), MaxKeys: 1 }),
      { abortSignal: signal },
    );
    return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
  } finally {
    client.destroy();
  }
}
