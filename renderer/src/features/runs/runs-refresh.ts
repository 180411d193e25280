import type { RunSummary } from '../../../../shared/training';
import { api, describeError } from '../../api/client';
import { useEnvs } from '../../stores/runs-envs-store';
import { useRuns } from '../../stores/runs-store';
import { isEnded } from './run-format';

/** How many points per series the charts ask for; the backend keeps each bucket's min and max. */
export const CHART_POINTS = 2000;

const say = (err: unknown) => {
  const { message, hint } = describeError(err);
  return hint ? `${message} ${hint}` : message;
};

/** Fetches every run into the store. */
export async function refreshRuns(): Promise<void> {
  try {
    useRuns.getState().load((await api.invoke('runs.list', {})).runs);
  } catch (err) {
    useRuns.getState().setError(say(err));
  }
}

/** Fetches the Python environments into their store. */
export async function refreshEnvs(): Promise<void> {
  try {
    useEnvs.getState().setEnvs((await api.invoke('envs.list', {})).envs);
  } catch (err) {
    useEnvs.getState().setError(say(err));
  }
}

/** Fetches the built-in recipes into their store. */
export async function refreshRecipes(): Promise<void> {
  try {
    useEnvs.getState().setRecipes((await api.invoke('recipes.list', {})).recipes);
  } catch (err) {
    useEnvs.getState().setRecipesError(say(err));
  }
}

/** Fetches one run's full record; the error is the caller's to show. */
export async function refreshRunDetail(id: string): Promise<void> {
  useRuns.getState().setDetail(await api.invoke('runs.get', { id }));
}

/** Fetches the chart series of runs (downsampled); live points then extend them. */
export async function loadSeries(runIds: string[]): Promise<void> {
  const { series } = await api.invoke('runs.metrics', { runIds, maxPoints: CHART_POINTS });
  useRuns.getState().setSeries(runIds, series);
}

/** Fetches the tail of a run's log; live lines then extend it. */
export async function loadLog(id: string): Promise<void> {
  const log = await api.invoke('runs.logs', { id, tail: 2000 });
  useRuns.getState().setLog(id, log);
}

/**
 * A `runs.changed` event: the table's row is replaced; an open run's full record is read again
 * when its status moved or once it has ended (evaluation and artifacts arrive at the end).
 */
export function runChanged(run: RunSummary): void {
  const { byId, details, upsert } = useRuns.getState();
  const before = byId[run.id]?.status;
  upsert(run);
  if (details[run.id] && (before !== run.status || isEnded(run.status))) {
    void refreshRunDetail(run.id).catch(() => {
      // The page keeps the record it has; its own fetch shows errors.
    });
  }
}
