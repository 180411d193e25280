import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, symlink, unlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LabContext } from './context';
import { duplicate, invalid, LabError, notFound } from './errors';
import { SNAPSHOT_DIR, shareTree, treeBytes } from './file-tree';
import type { Ref, Snapshot, Volume } from './types';

/** ONTAP's smallest volume. */
export const MIN_VOLUME_BYTES = 20 * 1024 * 1024;
/** ONTAP keeps at most this many snapshots per volume. */
export const MAX_SNAPSHOTS = 1023;
const VOLUME_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,202}$/;

/** What creating a volume takes (REST field names, flattened). */
export interface CreateVolumeInput {
  name: string;
  svm: string;
  size?: number;
  aggregate?: string;
  junctionPath?: string | null;
  securityStyle?: Volume['nas']['security_style'];
  unixPermissions?: number;
  uid?: number;
  gid?: number;
  comment?: string;
}

/** What changing a volume takes; absent fields stay. */
export interface PatchVolumeInput {
  name?: string;
  size?: number;
  comment?: string;
  nas?: Partial<Pick<Volume['nas'], 'path' | 'unix_permissions' | 'uid' | 'gid' | 'security_style'>>;
  state?: Volume['state'];
}

/** What creating a FlexClone takes. */
export interface CreateCloneInput {
  name: string;
  svm: string;
  parentVolume: string;
  parentSnapshot?: string;
  parentSvm?: string;
  junctionPath?: string | null;
  comment?: string;
}

/** Reads `unix_permissions` as ONTAP accepts it: a number whose decimal digits are octal (755), or an octal string. */
export function parseUnixPermissions(value: number | string, target = 'nas.unix_permissions'): number {
  const text = String(value).replace(/^0o?/, '') || '0';
  if (!/^[0-7]{1,4}$/.test(text))
    throw invalid(`Invalid value "${value}" for unix_permissions: use octal digits, e.g. 755.`, target);
  return parseInt(text, 8);
}

/**
 * Volumes, snapshots and FlexClones over directories on local disk. A snapshot is a tree of
 * reflinks or hard links made when it is taken (no file data copied); the lab's write path only
 * ever replaces files, so the snapshot never changes afterwards. A clone is a new volume whose
 * tree is shared the same way from the parent snapshot.
 */
export class LabVolumes {
  /** Bytes in each volume's active file system, kept up to date by the write path. */
  private readonly used = new Map<string, number>();

  constructor(private readonly ctx: LabContext) {}

  /** Measures every volume's usage (at start: the only full walk). */
  async load(): Promise<void> {
    for (const v of this.all()) this.used.set(v.uuid, await treeBytes(this.root(v.uuid)));
  }

  /** A volume's active file system. */
  root(uuid: string): string {
    return join(this.ctx.volumesDir, uuid);
  }

  /** A snapshot's tree. */
  snapshotRoot(volumeUuid: string, snapshotUuid: string): string {
    return join(this.ctx.snapshotsDir, volumeUuid, snapshotUuid);
  }

  private withSpace(v: Volume): Volume {
    const used = this.used.get(v.uuid) ?? 0;
    return { ...v, space: { ...v.space, used, available: Math.max(0, v.space.size - used) } };
  }

  /** Every volume, with current space figures. */
  all(): Volume[] {
    return this.ctx.store.all<Volume>('volume').map((v) => this.withSpace(v));
  }

  /** A volume by uuid. */
  get(uuid: string): Volume {
    const v = this.ctx.store.get<Volume>('volume', uuid);
    if (!v) throw notFound('volume', 'uuid');
    return this.withSpace(v);
  }

  /** A volume by SVM and name (or uuid). */
  find(svm: string, nameOrUuid: string, target = 'volume.name'): Volume {
    const s = this.ctx.svm(svm);
    const v = this.all().find((x) => x.svm.uuid === s.uuid && (x.name === nameOrUuid || x.uuid === nameOrUuid));
    if (!v) throw notFound('volume', target);
    return v;
  }

  /** The volume mounted at the longest junction path that contains `nasPath`, and the rest of the path. */
  atPath(svmUuid: string, nasPath: string): { volume: Volume; subdir: string } | undefined {
    const norm = `/${nasPath.replace(/^\/+|\/+$/g, '')}`;
    let best: Volume | undefined;
    for (const v of this.all()) {
      const p = v.nas.path;
      if (v.svm.uuid !== svmUuid || !p || v.state !== 'online') continue;
      if ((norm === p || norm.startsWith(p === '/' ? '/' : `${p}/`)) && (!best || p.length > (best.nas.path?.length ?? 0)))
        best = v;
    }
    return best ? { volume: best, subdir: norm.slice((best.nas.path ?? '').length).replace(/^\//, '') } : undefined;
  }

  /** Free bytes in a volume. */
  available(uuid: string): number {
    const v = this.get(uuid);
    return v.space.available;
  }

  /** Records a change of the bytes a volume holds (the write path calls this). */
  addUsed(uuid: string, delta: number): void {
    this.used.set(uuid, Math.max(0, (this.used.get(uuid) ?? 0) + delta));
  }

  private checkJunction(svmUuid: string, path: string | null | undefined, except?: string): string | null {
    if (path === undefined || path === null || path === '') return null;
    if (!path.startsWith('/')) throw invalid(`Invalid junction path "${path}": it must start with "/".`, 'nas.path');
    const clash = this.all().find((v) => v.svm.uuid === svmUuid && v.nas.path === path && v.uuid !== except);
    if (clash) throw duplicate(`Junction path "${path}" is already used by volume "${clash.name}".`, 'nas.path');
    return path;
  }

  private checkName(svmUuid: string, name: string, except?: string): void {
    if (!VOLUME_NAME.test(name)) {
      throw invalid(
        `Invalid volume name "${name}". A volume name must start with a letter or "_" and contain only letters, digits and "_".`,
        'name',
        '917888',
      );
    }
    if (this.all().some((v) => v.svm.uuid === svmUuid && v.name === name && v.uuid !== except)) {
      throw duplicate(`Duplicate volume name "${name}".`, 'name');
    }
  }

  /** Creates an empty volume. */
  async create(input: CreateVolumeInput): Promise<Volume> {
    const svm = this.ctx.svmRef(input.svm);
    this.checkName(svm.uuid, input.name);
    const size = input.size ?? MIN_VOLUME_BYTES;
    if (!Number.isInteger(size) || size < MIN_VOLUME_BYTES)
      throw invalid(`Invalid volume size ${size}: the minimum is ${MIN_VOLUME_BYTES} bytes (20MB).`, 'size');
    const aggregate = this.ctx.config.aggregate;
    if (input.aggregate && input.aggregate !== aggregate.name) throw notFound('aggregate', 'aggregates.name');
    const volume: Volume = {
      uuid: randomUUID(),
      name: input.name,
      state: 'online',
      style: 'flexvol',
      type: 'rw',
      svm,
      aggregates: [aggregate],
      nas: {
        path: this.checkJunction(svm.uuid, input.junctionPath),
        security_style: input.securityStyle ?? 'unix',
        unix_permissions: input.unixPermissions ?? 0o755,
        uid: input.uid ?? 0,
        gid: input.gid ?? 1,
        export_policy: { name: 'default' },
      },
      space: { size, used: 0, available: size, snapshot: { reserve_percent: 5 } },
      snapshot_policy: { name: 'default' },
      clone: { is_flexclone: false },
      comment: input.comment ?? '',
      create_time: new Date().toISOString(),
    };
    await mkdir(join(this.root(volume.uuid), SNAPSHOT_DIR), { recursive: true });
    this.ctx.store.put('volume', volume.uuid, volume);
    this.used.set(volume.uuid, 0);
    return this.get(volume.uuid);
  }

  /** Changes a volume's name, size, comment, state or NAS settings (the S3 AccessDenied fix goes through here). */
  patch(uuid: string, changes: PatchVolumeInput): Volume {
    const v = this.ctx.store.get<Volume>('volume', uuid);
    if (!v) throw notFound('volume', 'uuid');
    if (changes.name !== undefined) this.checkName(v.svm.uuid, changes.name, uuid);
    if (changes.size !== undefined) {
      const used = this.used.get(uuid) ?? 0;
      if (!Number.isInteger(changes.size) || changes.size < MIN_VOLUME_BYTES)
        throw invalid(`Invalid volume size ${changes.size}.`, 'size');
      if (changes.size < used)
        throw invalid(`Cannot shrink volume "${v.name}" below the ${used} bytes it holds.`, 'size', '917536');
    }
    const nas = { ...v.nas, ...changes.nas };
    if (changes.nas?.path !== undefined) nas.path = this.checkJunction(v.svm.uuid, changes.nas.path, uuid);
    const next: Volume = {
      ...v,
      name: changes.name ?? v.name,
      comment: changes.comment ?? v.comment,
      state: changes.state ?? v.state,
      space: changes.size !== undefined ? { ...v.space, size: changes.size } : v.space,
      nas,
    };
    this.ctx.store.put('volume', uuid, next);
    return this.get(uuid);
  }

  /** Deletes a volume and its snapshots; refused while FlexClones depend on it. */
  async delete(uuid: string): Promise<void> {
    const v = this.get(uuid);
    const children = this.all().filter((c) => c.clone.is_flexclone && c.clone.parent_volume?.uuid === uuid);
    if (children.length) {
      throw new LabError(
        '917508',
        `Volume "${v.name}" has FlexClone volumes (${children.map((c) => c.name).join(', ')}); split or delete them first.`,
        409,
      );
    }
    const snapshots = this.snapshots(uuid);
    this.ctx.store.transaction(() => {
      this.ctx.store.delete('volume', uuid);
      for (const s of snapshots) this.ctx.store.delete('snapshot', s.uuid);
    });
    this.used.delete(uuid);
    this.ctx.store.dropMeta(uuid);
    for (const s of snapshots) this.ctx.store.dropMeta(s.uuid);
    await rm(this.root(uuid), { recursive: true, force: true });
    await rm(join(this.ctx.snapshotsDir, uuid), { recursive: true, force: true });
  }

  /** The snapshots of a volume, oldest first. */
  snapshots(volumeUuid: string): Snapshot[] {
    return this.ctx.store.all<Snapshot>('snapshot').filter((s) => s.volume.uuid === volumeUuid);
  }

  /** A snapshot by name or uuid. */
  snapshot(volumeUuid: string, nameOrUuid: string, target = 'snapshot.name'): Snapshot {
    const s = this.snapshots(volumeUuid).find((x) => x.name === nameOrUuid || x.uuid === nameOrUuid);
    if (!s) throw notFound('snapshot', target);
    return s;
  }

  /** Takes a snapshot: links (or reflinks) the tree, copying no file data, then records it. */
  async createSnapshot(
    volumeUuid: string,
    input: { name: string; comment?: string; snapmirror_label?: string; expiry_time?: string },
  ): Promise<Snapshot> {
    const v = this.get(volumeUuid);
    const name = input.name;
    if (!name || name.length > 255 || /[/\s]/.test(name) || name === '.' || name === '..') {
      throw invalid(`Invalid Snapshot copy name "${name}": use up to 255 characters without "/" or spaces.`, 'name', '1638423');
    }
    const existing = this.snapshots(volumeUuid);
    if (existing.some((s) => s.name === name))
      throw duplicate(`Snapshot copy "${name}" already exists in volume "${v.name}".`, 'name');
    if (existing.length >= MAX_SNAPSHOTS) {
      throw new LabError(
        '1638408',
        `Cannot create Snapshot copy "${name}": volume "${v.name}" has reached the maximum of ${MAX_SNAPSHOTS} Snapshot copies.`,
        409,
      );
    }
    const uuid = randomUUID();
    const tree = this.snapshotRoot(volumeUuid, uuid);
    const { bytes } = await shareTree(this.root(volumeUuid), tree);
    const snapshot: Snapshot = {
      uuid,
      name,
      create_time: new Date().toISOString(),
      comment: input.comment ?? '',
      ...(input.expiry_time ? { expiry_time: input.expiry_time } : {}),
      ...(input.snapmirror_label ? { snapmirror_label: input.snapmirror_label } : {}),
      volume: { name: v.name, uuid: v.uuid },
      svm: v.svm,
      size: bytes,
    };
    this.ctx.store.transaction(() => {
      this.ctx.store.copyMeta(volumeUuid, uuid);
      this.ctx.store.put('snapshot', uuid, snapshot);
    });
    await this.linkSnapshotDir(volumeUuid, snapshot);
    return snapshot;
  }

  private async linkSnapshotDir(volumeUuid: string, s: Snapshot): Promise<void> {
    const dir = join(this.root(volumeUuid), SNAPSHOT_DIR);
    await mkdir(dir, { recursive: true });
    await symlink(relative(dir, this.snapshotRoot(volumeUuid, s.uuid)), join(dir, s.name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }

  /** Renames a snapshot or changes its comment or expiry. */
  async patchSnapshot(
    volumeUuid: string,
    nameOrUuid: string,
    changes: { name?: string; comment?: string; expiry_time?: string },
  ): Promise<Snapshot> {
    const s = this.snapshot(volumeUuid, nameOrUuid);
    if (
      changes.name !== undefined &&
      changes.name !== s.name &&
      this.snapshots(volumeUuid).some((x) => x.name === changes.name)
    ) {
      throw duplicate(`Snapshot copy "${changes.name}" already exists.`, 'name');
    }
    const next: Snapshot = { ...s, ...changes };
    this.ctx.store.put('snapshot', s.uuid, next);
    if (next.name !== s.name) {
      await unlink(join(this.root(volumeUuid), SNAPSHOT_DIR, s.name)).catch(() => undefined);
      await this.linkSnapshotDir(volumeUuid, next);
    }
    return next;
  }

  /** FlexClones that still depend on a snapshot. */
  clonesOf(snapshotUuid: string): Volume[] {
    return this.all().filter((v) => v.clone.is_flexclone && v.clone.parent_snapshot?.uuid === snapshotUuid);
  }

  /** Deletes a snapshot; refused while an unsplit FlexClone depends on it. */
  async deleteSnapshot(volumeUuid: string, nameOrUuid: string): Promise<void> {
    const s = this.snapshot(volumeUuid, nameOrUuid);
    const clones = this.clonesOf(s.uuid);
    if (clones.length) {
      throw new LabError(
        '1638555',
        `Snapshot copy "${s.name}" is busy: FlexClone volume "${clones[0]?.name}" depends on it. Split or delete the clone first.`,
        409,
      );
    }
    this.ctx.store.delete('snapshot', s.uuid);
    this.ctx.store.dropMeta(s.uuid);
    await unlink(join(this.root(volumeUuid), SNAPSHOT_DIR, s.name)).catch(() => undefined);
    await rm(this.snapshotRoot(volumeUuid, s.uuid), { recursive: true, force: true });
  }

  /**
   * Makes the volume's active file system the snapshot's content; newer snapshots are deleted, as
   * SnapRestore does. The new tree is built beside the old one and swapped in with renames; an
   * intent record lets the next start finish a swap that a crash interrupted.
   */
  async restore(volumeUuid: string, nameOrUuid: string): Promise<void> {
    const s = this.snapshot(volumeUuid, nameOrUuid, 'restore_to.snapshot.name');
    const all = this.snapshots(volumeUuid);
    const newer = all.slice(all.findIndex((x) => x.uuid === s.uuid) + 1);
    const busy = newer.find((x) => this.clonesOf(x.uuid).length);
    if (busy)
      throw new LabError('1638555', `Cannot restore: newer Snapshot copy "${busy.name}" is used by a FlexClone volume.`, 409);
    const fresh = join(this.ctx.tmpDir, `restore-${randomUUID()}`);
    const old = join(this.ctx.tmpDir, `old-${randomUUID()}`);
    const { bytes } = await shareTree(this.snapshotRoot(volumeUuid, s.uuid), fresh);
    for (const x of newer) await this.deleteSnapshot(volumeUuid, x.uuid);
    await mkdir(join(fresh, SNAPSHOT_DIR), { recursive: true });
    this.ctx.store.put('intent', volumeUuid, { type: 'restore', fresh, old, root: this.root(volumeUuid) });
    await rename(this.root(volumeUuid), old);
    await rename(fresh, this.root(volumeUuid));
    this.ctx.store.transaction(() => {
      this.ctx.store.dropMeta(volumeUuid);
      this.ctx.store.copyMeta(s.uuid, volumeUuid);
      this.ctx.store.delete('intent', volumeUuid);
    });
    this.used.set(volumeUuid, bytes);
    for (const x of this.snapshots(volumeUuid)) await this.linkSnapshotDir(volumeUuid, x);
    await rm(old, { recursive: true, force: true });
  }

  /** Finishes restores a crash interrupted: the fresh tree goes in if the old one already moved out. */
  async recover(): Promise<void> {
    for (const intent of this.ctx.store.all<{ type: string; fresh: string; old: string; root: string }>('intent')) {
      if (!existsSync(intent.root) && existsSync(intent.fresh)) await rename(intent.fresh, intent.root);
      this.ctx.store.delete('intent', relative(this.ctx.volumesDir, intent.root));
    }
  }

  /** Creates a FlexClone: a writable volume sharing a snapshot's files, isolated from its parent both ways. */
  async clone(input: CreateCloneInput): Promise<Volume> {
    const svm = this.ctx.svmRef(input.svm);
    const parentSvm = this.ctx.svmRef(input.parentSvm ?? input.svm, 'clone.parent_svm.name');
    const parent = this.find(parentSvm.uuid, input.parentVolume, 'clone.parent_volume.name');
    this.checkName(svm.uuid, input.name);
    const junction = this.checkJunction(svm.uuid, input.junctionPath);
    const snapshot = input.parentSnapshot
      ? this.snapshot(parent.uuid, input.parentSnapshot, 'clone.parent_snapshot.name')
      : await this.createSnapshot(parent.uuid, {
          name: `clone_${input.name}.${new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15)}.0`,
        });
    const uuid = randomUUID();
    await shareTree(this.snapshotRoot(parent.uuid, snapshot.uuid), this.root(uuid));
    await mkdir(join(this.root(uuid), SNAPSHOT_DIR), { recursive: true });
    const volume: Volume = {
      ...parent,
      uuid,
      name: input.name,
      svm,
      nas: { ...parent.nas, path: junction },
      clone: {
        is_flexclone: true,
        parent_volume: { name: parent.name, uuid: parent.uuid },
        parent_snapshot: { name: snapshot.name, uuid: snapshot.uuid },
        parent_svm: parentSvm,
        split_initiated: false,
      },
      comment: input.comment ?? '',
      create_time: new Date().toISOString(),
    };
    this.ctx.store.transaction(() => {
      this.ctx.store.copyMeta(snapshot.uuid, uuid);
      this.ctx.store.put('volume', uuid, volume);
    });
    this.used.set(uuid, snapshot.size);
    return this.get(uuid);
  }

  /** Splits a clone from its parent: it stops depending on the parent snapshot. */
  split(uuid: string): Volume {
    const v = this.get(uuid);
    if (!v.clone.is_flexclone) throw invalid(`Volume "${v.name}" is not a FlexClone volume.`, 'clone.split_initiated', '917832');
    const next: Volume = { ...v, clone: { is_flexclone: false, split_initiated: true } };
    this.ctx.store.put('volume', uuid, next);
    return this.get(uuid);
  }

  /** Refs for embedding. */
  ref(uuid: string): Ref {
    const v = this.get(uuid);
    return { name: v.name, uuid: v.uuid };
  }
}
