import { create } from 'zustand';
import type { Comparison, VersionedDataset, VolumeBinding, VolumeMount, VolumeVersions } from '../../../shared/versions';

/** The volume the page shows: a dataset's binding, or one the user navigated to (a clone, a parent). */
export type VolumeTarget = VolumeBinding & { protocol?: 'rest' | 'ssh' };

interface VersionsState {
  datasets: VersionedDataset[];
  mounts: VolumeMount[];
  /** False until the first listing arrived. */
  loaded: boolean;
  datasetId: string | null;
  target: VolumeTarget | null;
  versions: VolumeVersions | null;
  loading: boolean;
  error: unknown;
  comparison: Comparison | null;
  /** The snapshot whose lineage is shown. */
  selected: string | null;
  /** The last operation started from the page, to show its outcome beside the table. */
  lastJobId: string | null;
  setListing(datasets: VersionedDataset[], mounts: VolumeMount[]): void;
  select(datasetId: string | null, target: VolumeTarget | null, selected?: string | null): void;
  setSelected(selected: string | null): void;
  setVersions(versions: VolumeVersions | null, error?: unknown): void;
  setLoading(loading: boolean): void;
  setComparison(comparison: Comparison | null): void;
  setLastJob(jobId: string | null): void;
}

/** Dataset versions: datasets with their volumes, the shown volume's snapshots and clones, the last comparison. */
export const useVersions = create<VersionsState>((set) => ({
  datasets: [],
  mounts: [],
  loaded: false,
  datasetId: null,
  target: null,
  versions: null,
  loading: false,
  error: null,
  comparison: null,
  selected: null,
  lastJobId: null,
  setListing: (datasets, mounts) => set({ datasets, mounts, loaded: true }),
  select: (datasetId, target, selected = null) =>
    set({ datasetId, target, selected, versions: null, error: null, comparison: null }),
  setSelected: (selected) => set({ selected }),
  setVersions: (versions, error = null) => set({ versions, error, loading: false }),
  setLoading: (loading) => set({ loading }),
  setComparison: (comparison) => set({ comparison }),
  setLastJob: (lastJobId) => set({ lastJobId }),
}));

/** True when the event's volume is the one shown. */
export function isShown(v: { connectionId: string; svm: string; volume: string }): boolean {
  const t = useVersions.getState().target;
  return !!t && t.connectionId === v.connectionId && t.svm === v.svm && t.volume === v.volume;
}
