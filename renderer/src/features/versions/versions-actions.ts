import type { MethodInput, MethodName } from '../../../../shared/contract';
import { parseVersionRouteParam, versionRouteParam } from '../../../../shared/versions';
import { api } from '../../api/client';
import { useNav } from '../../stores/nav-store';
import { useVersions, type VolumeTarget } from '../../stores/versions-store';

/** Loads the datasets with their volumes; selects the first dataset on a volume when none is selected. */
export async function refreshVersionDatasets(): Promise<void> {
  try {
    const { datasets, mounts } = await api.invoke('versions.datasets', {});
    const s = useVersions.getState();
    s.setListing(datasets, mounts);
    const current = datasets.find((d) => d.datasetId === s.datasetId);
    if (!current) {
      const first = datasets.find((d) => d.binding) ?? datasets[0];
      if (first) selectDataset(first.datasetId);
    } else if (!s.target && current.binding) selectDataset(current.datasetId);
  } catch {
    // The page shows the list it has; the backend's state is shown by the status bar.
  }
}

/** Shows a dataset's volume. */
export function selectDataset(datasetId: string): void {
  const d = useVersions.getState().datasets.find((x) => x.datasetId === datasetId);
  useVersions.getState().select(datasetId, d?.binding ?? null);
  void reloadVolume();
}

/** Shows another volume (a clone or a parent), keeping the dataset's folder; `snapshot` is the one to point at. The address follows, so Back returns. */
export function showVolume(target: VolumeTarget, snapshot: string | null = null): void {
  useVersions.getState().select(useVersions.getState().datasetId, target, snapshot);
  useNav.getState().go('versions', versionRouteParam({ ...target, snapshot }));
  void reloadVolume();
}

/** Points the lineage at a snapshot of the shown volume; the address follows, so it can be linked to. */
export function pointAt(snapshot: string): void {
  const { target, setSelected } = useVersions.getState();
  setSelected(snapshot);
  if (target) useNav.getState().go('versions', versionRouteParam({ ...target, snapshot }));
}

/**
 * Shows what `#/versions/<connection>/<svm>/<volume>@<snapshot>` names (a link from a run or model,
 * or Back): that volume, with the folder of the dataset on it, and the snapshot's lineage.
 */
export function openRoute(param: string): void {
  const r = parseVersionRouteParam(param);
  if (!r) return;
  const s = useVersions.getState();
  const t = s.target;
  if (t && t.connectionId === r.connectionId && t.svm === r.svm && t.volume === r.volume) {
    if (r.snapshot && r.snapshot !== s.selected) s.setSelected(r.snapshot);
    return;
  }
  const on = s.datasets.find(
    (d) => d.binding && d.binding.connectionId === r.connectionId && d.binding.svm === r.svm && d.binding.volume === r.volume,
  );
  const path = on?.binding?.path ?? t?.path ?? '';
  s.select(on?.datasetId ?? s.datasetId, { connectionId: r.connectionId, svm: r.svm, volume: r.volume, path }, r.snapshot);
  void reloadVolume();
}

/** Reads the shown volume's snapshots and clones. */
export async function reloadVolume(): Promise<void> {
  const { target, setLoading, setVersions } = useVersions.getState();
  if (!target) return;
  setLoading(true);
  try {
    const versions = await api.invoke('versions.snapshots', target);
    if (sameTarget(target)) setVersions(versions);
  } catch (err) {
    if (sameTarget(target)) setVersions(null, err);
  }
}

const sameTarget = (t: VolumeTarget) => useVersions.getState().target === t;

type JobMethod =
  | 'versions.createSnapshot'
  | 'versions.deleteSnapshot'
  | 'versions.restore'
  | 'versions.clone'
  | 'versions.splitClone'
  | 'versions.deleteClone';

/** Starts an operation on the shown volume as a job (it appears in the Activity panel); throws what the backend refused. */
export async function startOperation<M extends JobMethod>(
  method: M,
  input: Omit<MethodInput<M>, keyof VolumeTarget>,
): Promise<string> {
  const target = useVersions.getState().target;
  if (!target) throw new Error('Choose a volume first.');
  const { jobId } = (await api.invoke(method as MethodName, { ...target, ...input } as never)) as { jobId: string };
  useVersions.getState().setLastJob(jobId);
  return jobId;
}
