import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Dataset } from '../../../shared/datasets';
import { defaultSnapshotName, type DatasetVersion } from '../../../shared/versions';
import { DatasetCache } from '../dataset-cache/dataset-cache';
import { walkTree } from '../dataset-cache/folder-copy';
import { versionPaths } from '../dataset-cache/version-files';
import { cancelledError, WorkbenchError } from '../errors';
import type { ServiceContext, VersionPinning } from '../services';
import { listObjects } from '../transfers/downloader';
import { resolveProfile } from '../transfers/s3-access';
import { snapshotVisible, versionPrefix } from './s3-snapshots';
import { notMounted, VersionService } from './version-service';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const cacheId = (parts: string[]) => sha256(JSON.stringify(parts)).slice(0, 24);

/** The SHA-256 of a listing's sorted `key etag` lines: what a dataset off any volume is pinned by. */
export function listingHash(entries: { key: string; etag: string }[]): string {
  const lines = entries.map((e) => `${e.key} ${e.etag}`).sort();
  return sha256(lines.join('\n'));
}

/**
 * Pins datasets to versions and materializes them for runs: a snapshot of the dataset's volume
 * (named, or taken now), or the listing of a dataset on no volume; the files are copied into the
 * dataset cache, verified, and served only once complete.
 */
export class VersionPinningService implements VersionPinning {
  private readonly service: VersionService;
  private readonly cache: DatasetCache;

  constructor(private readonly ctx: ServiceContext) {
    this.service = new VersionService(ctx);
    this.cache = ctx.datasetCache ?? new DatasetCache(ctx.dataDir);
  }

  async pin(
    datasetId: string,
    snapshot: string | undefined,
    options: { signal?: AbortSignal; reason?: string },
  ): Promise<DatasetVersion> {
    const { signal } = options;
    const dataset = await this.service.datasets.get(datasetId);
    const bound = await this.service.bindingOf(dataset, signal);
    if (!bound) {
      if (snapshot)
        throw new WorkbenchError(
          'INVALID_INPUT',
          `Dataset ${dataset.name} is not on an ONTAP volume, so it has no snapshot ${snapshot}.`,
          {
            hint: 'Choose its volume on the versions page, or start the run on the live data.',
          },
        );
      const hash = listingHash(await this.listing(dataset, signal));
      return { ...base(dataset), kind: 'listing', listingHash: hash, label: `listing ${hash.slice(0, 12)}` };
    }
    const b = bound.binding;
    const ref = { ...b };
    const found = await this.service.cluster(ref, signal, async (api) => {
      if (snapshot) {
        const named = (await api.snapshots(b.svm, b.volume, { signal })).find((s) => s.name === snapshot);
        if (!named)
          throw new WorkbenchError('NOT_FOUND', `Volume ${b.volume} has no snapshot ${snapshot}.`, {
            hint: 'Choose a snapshot from the versions page; it may have been deleted or removed by a restore.',
          });
        return named;
      }
      // Names are to the second: a second pin in the same second (two runs starting together) gets a suffix.
      const taken = new Set((await api.snapshots(b.svm, b.volume, { signal })).map((x) => x.name));
      const stamp = defaultSnapshotName(dataset.name);
      let name = stamp;
      for (let n = 2; taken.has(name); n++) name = `${stamp}-${n}`;
      return api.createSnapshot(
        b.svm,
        b.volume,
        { name, comment: options.reason ?? `Taken by the workbench for dataset ${dataset.name}` },
        { signal },
      );
    });
    if (!snapshot) this.ctx.bus.publish('versions.changed', { connectionId: b.connectionId, svm: b.svm, volume: b.volume });
    return {
      ...base(dataset),
      kind: 'snapshot',
      connectionId: b.connectionId,
      svm: b.svm,
      volume: b.volume,
      snapshot: found.name,
      snapshotUuid: found.uuid,
      path: b.path,
      label: `${b.volume}@${found.name}`,
    };
  }

  async materialize(
    version: DatasetVersion,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number, message: string) => void },
  ): Promise<{ dir: string }> {
    const { signal, onProgress } = options;
    if (version.kind === 'snapshot') {
      const { connectionId, svm, volume, snapshot, snapshotUuid } = version;
      if (!connectionId || !svm || !volume || !snapshot || !snapshotUuid)
        throw new WorkbenchError('INVALID_INPUT', `Version ${version.label} does not name its volume and snapshot.`);
      const ref = { connectionId, svm, volume, path: version.path };
      const mount = await this.service.mountDirOrNull(ref, signal);
      if (!mount) return this.fillOverS3(ref, snapshot, options);
      const dir = await this.cache.fillFromFolder({
        id: cacheId(['snapshot', connectionId, svm, volume, snapshotUuid, version.path]),
        sourceDir: this.service.folderOf(mount, ref, snapshot),
        endpoint: `ontap://${connectionId}/${svm}/${volume}`,
        bucket: snapshot,
        prefix: version.path ? `${version.path}/` : '',
        signal,
        onProgress,
      });
      return { dir };
    }
    const dataset = await this.service.datasets.get(version.datasetId);
    const current = listingHash(await this.listing(dataset, signal));
    if (current !== version.listingHash)
      throw new WorkbenchError('CONFLICT', `Dataset ${dataset.name} changed since version ${version.label} was pinned.`, {
        hint: 'Start the run again to pin the data as it is now; put the dataset on an ONTAP volume to pin it by snapshot.',
      });
    const source = await this.service.sources.get(dataset.sourceId);
    if (source.kind === 'folder') {
      const dir = await this.cache.fillFromFolder({
        id: cacheId(['folder', resolve(source.location, dataset.prefix), current]),
        sourceDir: resolve(source.location, dataset.prefix),
        endpoint: source.location,
        bucket: dataset.bucket,
        prefix: dataset.prefix,
        signal,
        onProgress,
      });
      return { dir };
    }
    const { target } = await resolveProfile(this.ctx.dataDir, this.ctx.secrets, dataset.sourceId);
    const filled = await this.cache.fill({
      target,
      bucket: dataset.bucket,
      prefix: dataset.prefix,
      signal,
      onProgress: (m) => onProgress?.(m.files, m.totalFiles, m.message('Cached')),
    });
    if (signal?.aborted) throw cancelledError('Caching the dataset');
    return { dir: versionPaths(this.cache.dir, filled.id).files };
  }

  /** A snapshot read through a NAS bucket's `.snapshot/<name>/` prefix (no mount): the cache's verified S3 fill. */
  private async fillOverS3(
    ref: { connectionId: string; svm: string; volume: string; path: string },
    snapshot: string,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number, message: string) => void },
  ): Promise<{ dir: string }> {
    const route = await this.service.s3Route(ref, options.signal);
    if (!route) throw notMounted(ref);
    const notServed = (why: string) =>
      new WorkbenchError(
        'NOT_FOUND',
        `Snapshot ${snapshot} of ${ref.volume} could not be read through bucket ${route.bucket}: ${why}`,
        {
          hint:
            'This S3 server does not serve snapshots under .snapshot/. Mount the volume over NFS and enter the mount folder ' +
            'under "Volume" on the versions page; runs then read the snapshot from there.',
          details: { bucket: route.bucket, snapshot },
        },
      );
    if (!(await snapshotVisible(route, snapshot, options.signal)))
      throw notServed(`nothing is listed under ${versionPrefix(route, snapshot)}`);
    const filled = await this.cache
      .fill({
        target: route.target,
        bucket: route.bucket,
        prefix: versionPrefix(route, snapshot),
        signal: options.signal,
        onProgress: (m) => options.onProgress?.(m.files, m.totalFiles, m.message('Cached')),
      })
      .catch((err: unknown) => {
        if (options.signal?.aborted || !(err instanceof WorkbenchError) || err.code === 'CANCELLED') throw err;
        // Listed but not readable: ONTAP documents neither (the lab lists and serves it).
        throw notServed(err.message);
      });
    return { dir: versionPaths(this.cache.dir, filled.id).files };
  }

  /** A dataset's current listing as `key etag` pairs: S3's ETags, or a local folder's `<size>-<mtime ms>`. */
  private async listing(dataset: Dataset, signal?: AbortSignal): Promise<{ key: string; etag: string }[]> {
    const source = await this.service.sources.get(dataset.sourceId);
    if (source.kind === 'folder') {
      const files = await walkTree(resolve(source.location, dataset.prefix), signal);
      return files.map((f) => ({ key: `${dataset.prefix}${f.path}`, etag: `${f.size}-${Math.floor(f.mtimeMs)}` }));
    }
    const { target } = await resolveProfile(this.ctx.dataDir, this.ctx.secrets, dataset.sourceId);
    return listObjects(target, dataset.bucket, dataset.prefix, signal);
  }
}

function base(d: Dataset): Omit<DatasetVersion, 'kind' | 'label' | 'listingHash'> & { listingHash: string | null } {
  return {
    datasetId: d.id,
    datasetName: d.name,
    connectionId: null,
    svm: null,
    volume: null,
    snapshot: null,
    snapshotUuid: null,
    path: '',
    listingHash: null,
  };
}
