import { create } from 'zustand';
import type { Dataset, Source } from '../../../shared/datasets';
import type { CacheStatus } from '../../../shared/transfers';

interface DatasetsState {
  sources: Source[];
  datasets: Dataset[];
  cache: CacheStatus | null;
  /** False until the first listing arrived, so the page can tell "none" from "not loaded yet". */
  loaded: boolean;
  error: string | null;
  setSources(sources: Source[]): void;
  setDatasets(datasets: Dataset[]): void;
  setCache(cache: CacheStatus): void;
  setError(message: string): void;
}

/** Sources, registered datasets and the cache gauge, fed by the events adapter and the page's own calls. */
export const useDatasets = create<DatasetsState>((set) => ({
  sources: [],
  datasets: [],
  cache: null,
  loaded: false,
  error: null,
  setSources: (sources) => set({ sources, loaded: true, error: null }),
  setDatasets: (datasets) => set({ datasets }),
  setCache: (cache) => set({ cache }),
  setError: (error) => set({ error, loaded: true }),
}));
