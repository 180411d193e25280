import { useDatasets } from '../stores/datasets-store';
import { api, describeError } from './client';

/** Fetches the sources (S3 profiles and local folders) into their store. */
export async function refreshSources(): Promise<void> {
  try {
    useDatasets.getState().setSources((await api.invoke('sources.list', {})).sources);
  } catch (err) {
    const { message, hint } = describeError(err);
    useDatasets.getState().setError(hint ? `${message} ${hint}` : message);
  }
}

/** Fetches the registered datasets into their store. */
export async function refreshDatasets(): Promise<void> {
  try {
    useDatasets.getState().setDatasets((await api.invoke('datasets.list', {})).datasets);
  } catch {
    // The sources' error already says the backend is unreachable; a stale list is kept meanwhile.
  }
}

/** Fetches the cache gauge into its store. */
export async function refreshCache(): Promise<void> {
  try {
    useDatasets.getState().setCache(await api.invoke('cache.status', {}));
  } catch {
    // The gauge keeps its last reading; the cache panel says when it has none.
  }
}
