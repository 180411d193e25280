import { relative, resolve, sep } from 'node:path';
import type { Dataset } from '../../../shared/datasets';
import type { VolumeBinding } from '../../../shared/versions';
import type { SourceCatalog } from '../browse/sources';
import type { OntapVolume } from '../ontap/ontap-api';
import type { ConnectionRegistry } from '../services';
import { withCluster } from './cluster-session';
import type { VersionStore } from './version-store';

const trimSlashes = (p: string) => p.replace(/^\/+|\/+$/g, '');

/** The volume mounted at the longest junction path holding `nasPath`, and the rest of the path. */
export function volumeAtPath(volumes: OntapVolume[], svm: string, nasPath: string): { volume: OntapVolume; rest: string } | null {
  const norm = `/${trimSlashes(nasPath)}`;
  let best: OntapVolume | null = null;
  for (const v of volumes) {
    const p = v.junctionPath;
    if (v.svm !== svm || !p) continue;
    const inside = norm === p || norm.startsWith(p === '/' ? '/' : `${p}/`);
    if (inside && (!best || p.length > (best.junctionPath ?? '').length)) best = v;
  }
  return best ? { volume: best, rest: trimSlashes(norm.slice((best.junctionPath ?? '').length)) } : null;
}

/**
 * Finds the volume a dataset is on when none is stored. An S3 dataset: its profile's connection →
 * the bucket's NAS path → the volume by junction path (an S3 bucket, not NAS, has no volume to
 * snapshot). A local-folder dataset: a folder inside a volume mount this app knows. Null when not found.
 */
export async function discoverBinding(
  dataset: Dataset,
  deps: { sources: SourceCatalog; store: VersionStore; connections: ConnectionRegistry; signal?: AbortSignal },
): Promise<VolumeBinding | null> {
  const source = await deps.sources.get(dataset.sourceId).catch(() => null);
  if (!source) return null;
  if (source.kind === 'folder') {
    const folder = resolve(source.location, dataset.prefix);
    for (const m of await deps.store.mounts()) {
      if (m.svm === '*' || m.volume === '*' || m.dir.includes('{')) continue;
      const rel = relative(resolve(m.dir), folder);
      if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !rel.split(sep).includes('..')))
        return { connectionId: m.connectionId, svm: m.svm, volume: m.volume, path: rel.split(sep).join('/') };
    }
    return null;
  }
  const profile = await deps.sources.profiles.get(dataset.sourceId);
  if (!profile?.connectionId) return null;
  const connectionId = profile.connectionId;
  return withCluster(deps.connections, connectionId, { signal: deps.signal }, async (api) => {
    const bucket = (await api.s3Buckets(undefined, { signal: deps.signal })).find((b) => b.name === dataset.bucket);
    if (!bucket || bucket.type !== 'nas' || !bucket.nasPath) return null;
    const found = volumeAtPath(await api.volumes(bucket.svm, { signal: deps.signal }), bucket.svm, bucket.nasPath);
    if (!found) return null;
    const path = [found.rest, trimSlashes(dataset.prefix)].filter(Boolean).join('/');
    return { connectionId, svm: bucket.svm, volume: found.volume.name, path };
  });
}
