import { api, describeError } from '../../api/client';
import { useModels } from '../../stores/models-store';

/** Fetches the registered models into their store. */
export async function refreshModels(): Promise<void> {
  try {
    const { models } = await api.invoke('models.list', {});
    useModels.getState().setModels(models);
  } catch (err) {
    const { message, hint } = describeError(err);
    useModels.getState().setError(hint ? `${message} ${hint}` : message);
  }
}

/** Fetches the endpoint's status (requests and latency move without events, so the panel polls it while running). */
export async function refreshEndpoint(): Promise<void> {
  try {
    useModels.getState().setEndpoint(await api.invoke('endpoint.status', {}));
  } catch {
    // The status panel keeps its last status; the next refresh tries again.
  }
}
