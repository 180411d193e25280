import { join } from 'node:path';
import { z } from 'zod';
import { volumeBindingSchema, volumeMountSchema, type VolumeBinding, type VolumeMount } from '../../../shared/versions';
import { JsonFile } from '../browse/json-file';

/** The file the versions domain keeps in the data directory: datasets' volume bindings and volume mounts. */
export const VERSIONS_FILE = 'versions.json';

const fileSchema = z.object({
  version: z.literal(1),
  bindings: z.record(z.string(), volumeBindingSchema),
  mounts: z.array(volumeMountSchema),
});

const sameVolume = (a: { connectionId: string; svm: string; volume: string }, b: typeof a) =>
  a.connectionId === b.connectionId && a.svm === b.svm && a.volume === b.volume;

/** Which volume each dataset is on (chosen by the user or the lab), and where volumes are mounted locally. */
export class VersionStore {
  private readonly file: JsonFile<z.infer<typeof fileSchema>>;

  constructor(dataDir: string) {
    this.file = new JsonFile(
      join(dataDir, VERSIONS_FILE),
      fileSchema,
      () => ({ version: 1, bindings: {}, mounts: [] }),
      'Move it aside; the datasets’ volumes and the mount folders are then chosen again on the versions page.',
    );
  }

  /** The stored binding of a dataset, or null. */
  async binding(datasetId: string): Promise<VolumeBinding | null> {
    return (await this.file.read()).bindings[datasetId] ?? null;
  }

  /** Every stored binding by dataset id. */
  async bindings(): Promise<Record<string, VolumeBinding>> {
    return (await this.file.read()).bindings;
  }

  /** Stores (or with null forgets) a dataset's binding. */
  async setBinding(datasetId: string, binding: VolumeBinding | null): Promise<void> {
    await this.file.update((doc) => {
      if (binding) doc.bindings[datasetId] = { ...binding, path: binding.path.replace(/^\/+|\/+$/g, '') };
      else delete doc.bindings[datasetId];
    });
  }

  /** Every known mount. */
  async mounts(): Promise<VolumeMount[]> {
    return (await this.file.read()).mounts;
  }

  /**
   * Where a volume is mounted, or null. An exact mount wins over a pattern: svm or volume `*` match
   * any, and `{svm}`, `{volume}`, `{uuid}` in the folder are replaced (autofs-style `/net/c1/{volume}`,
   * or the lab's `<lab>/volumes/{uuid}`); a pattern needing `{uuid}` answers only when it is given.
   */
  async mountOf(v: { connectionId: string; svm: string; volume: string }, uuid?: string): Promise<string | null> {
    const mounts = (await this.mounts()).filter((m) => m.connectionId === v.connectionId);
    const exact = mounts.find((m) => sameVolume(m, v));
    if (exact) return exact.dir;
    const pattern = mounts.find(
      (m) =>
        (m.svm === '*' || m.svm === v.svm) && (m.volume === '*' || m.volume === v.volume) && (uuid || !m.dir.includes('{uuid}')),
    );
    return pattern
      ? pattern.dir
          .replaceAll('{svm}', v.svm)
          .replaceAll('{volume}', v.volume)
          .replaceAll('{uuid}', uuid ?? '')
      : null;
  }

  /** True when the connection's mount for this volume is a pattern with `{uuid}` (the caller then asks the cluster). */
  async needsUuid(v: { connectionId: string; svm: string; volume: string }): Promise<boolean> {
    const mounts = (await this.mounts()).filter((m) => m.connectionId === v.connectionId);
    if (mounts.some((m) => sameVolume(m, v))) return false;
    return mounts.some(
      (m) => (m.svm === '*' || m.svm === v.svm) && (m.volume === '*' || m.volume === v.volume) && m.dir.includes('{uuid}'),
    );
  }

  /** Records (or with null forgets) where a volume is mounted; answers every mount. */
  async setMount(v: { connectionId: string; svm: string; volume: string }, dir: string | null): Promise<VolumeMount[]> {
    return this.file.update((doc) => {
      doc.mounts = doc.mounts.filter((m) => !sameVolume(m, v));
      if (dir) doc.mounts.push({ connectionId: v.connectionId, svm: v.svm, volume: v.volume, dir });
      return doc.mounts;
    });
  }
}
