import { create } from 'zustand';
import type { EndpointStatus, Model } from '../../../shared/models';

interface ModelsState {
  models: Model[];
  endpoint: EndpointStatus | null;
  /** False until the first listing arrived, so the page can tell "none" from "not loaded yet". */
  loaded: boolean;
  error: string | null;
  /** Batch predictions started from this page, newest first (their progress is in the jobs store). */
  batchJobs: string[];
  setModels(models: Model[]): void;
  setEndpoint(status: EndpointStatus): void;
  setError(message: string): void;
  addBatchJob(jobId: string): void;
}

/** Registered models and the endpoint's status, fed by the events adapter and the page's own calls. */
export const useModels = create<ModelsState>((set) => ({
  models: [],
  endpoint: null,
  loaded: false,
  error: null,
  batchJobs: [],
  setModels: (models) => set({ models, loaded: true, error: null }),
  setEndpoint: (endpoint) => set({ endpoint }),
  setError: (error) => set({ error, loaded: true }),
  addBatchJob: (jobId) => set((s) => ({ batchJobs: [jobId, ...s.batchJobs.filter((j) => j !== jobId)] })),
}));
