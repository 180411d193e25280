import { join } from 'node:path';
import type { Dataset } from '../../../shared/datasets';
import type {
  CloneInfo,
  Comparison,
  RestorePreview,
  SnapshotInfo,
  VersionedDataset,
  VolumeBinding,
  VolumeVersions,
} from '../../../shared/versions';
import { SourceCatalog } from '../browse/sources';
import { DatasetStore } from '../datasets/dataset-store';
import { WorkbenchError } from '../errors';
import type { OntapApi, OntapClone } from '../ontap/ontap-api';
import type { LineageRun, ServiceContext } from '../services';
import { discoverBinding } from './binding';
import { withCluster } from './cluster-session';
import { compareTrees, diffListings } from './compare';
import { listVersion, s3RouteFor, type S3Route } from './s3-snapshots';
import { VersionStore } from './version-store';

/** A volume and, optionally, the dataset's folder in it; `protocol` picks REST or SSH. */
export interface VolumeRef {
  connectionId: string;
  svm: string;
  volume: string;
  path: string;
  protocol?: 'rest' | 'ssh';
}

/** A snapshot name that is safe as one path segment under `.snapshot/`. */
export function checkSnapshotName(name: string): string {
  if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name))
    throw new WorkbenchError('INVALID_INPUT', `"${name}" is not a snapshot name.`, { hint: 'Choose a snapshot from the list.' });
  return name;
}

const checkPath = (path: string): string => {
  if (path.split('/').some((p) => p === '..'))
    throw new WorkbenchError('INVALID_INPUT', `The dataset folder "${path}" may not contain "..".`, {
      hint: 'Give the folder inside the volume, e.g. dataset/tyre.',
    });
  return path;
};

/** Snapshots, clones, mounts and comparisons of the volumes datasets live on. */
export class VersionService {
  readonly store: VersionStore;
  readonly datasets: DatasetStore;
  readonly sources: SourceCatalog;

  constructor(private readonly ctx: ServiceContext) {
    this.store = new VersionStore(ctx.dataDir);
    this.datasets = new DatasetStore(ctx.dataDir);
    this.sources = new SourceCatalog(ctx.dataDir, ctx.secrets);
  }

  /** Runs `work` on the ref's cluster (REST, or SSH when asked or when REST cannot reach it). */
  cluster<T>(
    ref: { connectionId: string; protocol?: 'rest' | 'ssh' },
    signal: AbortSignal | undefined,
    work: (api: OntapApi) => Promise<T>,
  ) {
    return withCluster(this.ctx.connections, ref.connectionId, { protocol: ref.protocol, signal }, work);
  }

  /** A dataset's binding: the stored one, else discovered; null when it is not on a known volume. */
  async bindingOf(
    dataset: Dataset,
    signal?: AbortSignal,
  ): Promise<{ binding: VolumeBinding; source: 'stored' | 'discovered' } | null> {
    const stored = await this.store.binding(dataset.id);
    if (stored) return { binding: stored, source: 'stored' };
    const found = await discoverBinding(dataset, {
      sources: this.sources,
      store: this.store,
      connections: this.ctx.connections,
      signal,
    }).catch(() => null);
    return found ? { binding: found, source: 'discovered' } : null;
  }

  /** Every dataset with its volume (stored or discovered) and that volume's mount. */
  async list(): Promise<VersionedDataset[]> {
    const out: VersionedDataset[] = [];
    for (const d of await this.datasets.list()) {
      const b = await this.bindingOf(d);
      out.push({
        datasetId: d.id,
        datasetName: d.name,
        binding: b?.binding ?? null,
        bindingSource: b?.source ?? null,
        mountDir: b ? await this.store.mountOf(b.binding) : null,
      });
    }
    return out;
  }

  /** Where the volume is mounted on this machine, or null. */
  async mountDirOrNull(ref: VolumeRef, signal?: AbortSignal): Promise<string | null> {
    let uuid: string | undefined;
    if (await this.store.needsUuid(ref))
      uuid = await this.cluster(
        ref,
        signal,
        async (a) => (await a.volumes(ref.svm, { signal })).find((v) => v.name === ref.volume)?.uuid,
      );
    return this.store.mountOf(ref, uuid);
  }

  /** Where the volume is mounted on this machine; the error says how to add the mount when it is not. */
  async mountDir(ref: VolumeRef, signal?: AbortSignal): Promise<string> {
    const dir = await this.mountDirOrNull(ref, signal);
    if (!dir) throw notMounted(ref);
    return dir;
  }

  /** How the volume's folder is read when it is not mounted: a saved S3 profile of a NAS bucket on it, or null. */
  s3Route(ref: VolumeRef, signal?: AbortSignal): Promise<S3Route | null> {
    return s3RouteFor(ref, { dataDir: this.ctx.dataDir, secrets: this.ctx.secrets, connections: this.ctx.connections, signal });
  }

  /** The dataset's folder in a snapshot (read-only) or, with null, in the live volume. */
  folderOf(mount: string, ref: VolumeRef, snapshot: string | null): string {
    const parts = checkPath(ref.path).split('/').filter(Boolean);
    return snapshot === null ? join(mount, ...parts) : join(mount, '.snapshot', checkSnapshotName(snapshot), ...parts);
  }

  /** Runs (and their models) that read a snapshot; none when tracking is not wired in. */
  runsUsing(ref: VolumeRef, snapshot: string): LineageRun[] {
    return (
      this.ctx.runLookup?.runsUsingSnapshot({ connectionId: ref.connectionId, svm: ref.svm, volume: ref.volume, snapshot }) ?? []
    );
  }

  /** The volume's snapshots with what uses each, its clones, and its parent when it is a clone. */
  async versions(ref: VolumeRef, signal?: AbortSignal): Promise<VolumeVersions> {
    return this.cluster(ref, signal, async (api) => {
      const [snapshots, allClones] = await Promise.all([
        api.snapshots(ref.svm, ref.volume, { signal }),
        api.clones(undefined, { signal }),
      ]);
      const children = allClones.filter((c) => c.parentSvm === ref.svm && c.parentVolume === ref.volume);
      const rows: SnapshotInfo[] = snapshots.map((s) => ({
        ...s,
        runs: this.runsUsing(ref, s.name),
        clones: children
          .filter((c) => c.parentSnapshot === s.name)
          .map((c) => ({ svm: c.svm, volume: c.name, junctionPath: c.junctionPath })),
      }));
      const self = allClones.find((c) => c.svm === ref.svm && c.name === ref.volume);
      const clones: CloneInfo[] = children.map(toCloneInfo);
      return {
        protocol: api.protocol,
        snapshots: rows,
        clones,
        parent: self ? { svm: self.parentSvm, volume: self.parentVolume, snapshot: self.parentSnapshot } : null,
      };
    });
  }

  /** What depends on a snapshot: runs, models and clones, as names for a message. */
  async dependents(
    ref: VolumeRef,
    snapshot: string,
    signal?: AbortSignal,
  ): Promise<{ runs: string[]; models: string[]; clones: string[] }> {
    const runs = this.runsUsing(ref, snapshot);
    const clones = await this.cluster(ref, signal, (api) => api.clones(undefined, { signal }));
    return {
      runs: runs.map((r) => r.name),
      models: runs.flatMap((r) => r.models.map((m) => `${m.name} v${m.version}`)),
      clones: clones
        .filter((c) => c.parentSvm === ref.svm && c.parentVolume === ref.volume && c.parentSnapshot === snapshot)
        .map((c) => c.name),
    };
  }

  /** Compares two versions of the dataset's folder (a snapshot, or null for the live data) from the volume's mount. */
  async compare(ref: VolumeRef, from: string | null, to: string | null, signal?: AbortSignal): Promise<Comparison> {
    const labels = { from: from ?? 'live', to: to ?? 'live' };
    const mount = await this.mountDirOrNull(ref, signal);
    if (!mount) {
      const route = await this.s3Route(ref, signal);
      if (!route) throw notMounted(ref);
      const [a, b] = await Promise.all([listVersion(route, from, signal), listVersion(route, to, signal)]);
      return diffListings(a, b, labels, async () => false);
    }
    return compareTrees(
      this.folderOf(mount, ref, from),
      this.folderOf(mount, ref, to),
      { from: from ?? 'live', to: to ?? 'live' },
      signal,
    );
  }

  /** What restoring to `snapshot` discards: the changes since (snapshot → live) and the newer snapshots ONTAP deletes. */
  async restorePreview(ref: VolumeRef, snapshot: string, signal?: AbortSignal): Promise<RestorePreview> {
    const { snapshots, clones } = await this.versions(ref, signal);
    const at = snapshots.findIndex((s) => s.name === snapshot);
    if (at < 0)
      throw new WorkbenchError('NOT_FOUND', `There is no snapshot ${snapshot} of volume ${ref.volume}.`, {
        hint: 'Refresh the snapshots; it may have been deleted.',
      });
    const newer = snapshots.slice(at + 1).map((s) => s.name);
    // The whole volume is restored: compare its root, or (read over a bucket that shows less) the dataset's folder.
    const changesSince = await this.compare({ ...ref, path: '' }, snapshot, null, signal).catch((err: unknown) => {
      if (err instanceof WorkbenchError && err.code === 'NOT_FOUND' && ref.path) return this.compare(ref, snapshot, null, signal);
      throw err;
    });
    return {
      snapshot,
      changesSince,
      newerSnapshots: newer,
      newerReadBy: snapshots.slice(at + 1).flatMap((s) => s.runs.map((r) => ({ snapshot: s.name, run: r.name }))),
      blockedBy: clones
        .filter((c) => newer.includes(c.parentSnapshot))
        .map((c) => ({ snapshot: c.parentSnapshot, clone: c.volume })),
    };
  }
}

/** The error for a volume with no mount folder and no bucket to read it through, with both fixes. */
export function notMounted(ref: VolumeRef): WorkbenchError {
  return new WorkbenchError(
    'NOT_FOUND',
    `Volume ${ref.svm}/${ref.volume} is not mounted on this machine, so its snapshots cannot be read.`,
    {
      hint:
        `Mount it over NFS (e.g. mount -t nfs <data LIF>:/${ref.volume} /mnt/${ref.volume}) and enter the mount folder under ` +
        '"Volume" on the versions page, or save an S3 profile for a NAS bucket on it with the S3 setup wizard.',
      details: { connectionId: ref.connectionId, svm: ref.svm, volume: ref.volume },
    },
  );
}

function toCloneInfo(c: OntapClone): CloneInfo {
  return {
    svm: c.svm,
    volume: c.name,
    junctionPath: c.junctionPath,
    parentVolume: c.parentVolume,
    parentSnapshot: c.parentSnapshot,
  };
}
