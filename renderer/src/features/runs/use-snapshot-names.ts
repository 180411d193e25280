import { useEffect, useState } from 'react';
import { api } from '../../api/client';

/**
 * The snapshot names of the volume a dataset is on, newest first, to suggest in the start form;
 * empty when the dataset is not on a volume or the volume cannot be read (the name is then typed).
 */
export function useSnapshotNames(datasetId: string, enabled: boolean): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled || !datasetId) return;
    let live = true;
    void (async () => {
      try {
        const { datasets } = await api.invoke('versions.datasets', {});
        const binding = datasets.find((d) => d.datasetId === datasetId)?.binding;
        if (!binding) return live ? setNames([]) : undefined;
        const { snapshots } = await api.invoke('versions.snapshots', binding);
        const sorted = [...snapshots].sort((a, b) => b.createTime.localeCompare(a.createTime)).map((s) => s.name);
        if (live) setNames(sorted);
      } catch {
        if (live) setNames([]);
      }
    })();
    return () => {
      live = false;
    };
  }, [datasetId, enabled]);
  return names;
}
